"""`-o PATH` writes safely: devices and FIFOs directly, symlinks followed, regular files
atomically, and failures as NC124 (issue 13)."""

from __future__ import annotations

import os
import stat

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.outputs import open_output, write_text

from .conftest import WIRE_BODY, WIRE_TITLE


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"{WIRE_TITLE}\n\n{WIRE_BODY}\n", encoding="utf-8")
    return path


def test_a_fifo_is_written_to_not_replaced(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        write_text("hello\n", fifo)
        assert os.read(reader, 100) == b"hello\n"
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_a_character_device_is_written_to_not_replaced(tmp_path):
    null = "/dev/null"
    before = os.stat(null)
    write_text("x" * 100, type(tmp_path)(null))
    after = os.stat(null)
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev


def test_a_symlink_is_followed_and_kept(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_text("new", link)
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "new"


def test_a_regular_file_is_replaced_whole_or_not_at_all(tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with open_output(path) as handle:
            handle.write("half")
            raise RuntimeError("the run failed")
    assert path.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]  # no partial left


def test_a_folder_or_a_missing_folder_is_nc124(tmp_path):
    for bad in (tmp_path, tmp_path / "no" / "such" / "out.json"):
        with pytest.raises(NewscredError) as info:
            write_text("x", bad)
        assert info.value.code == "NC124"


def test_a_failing_write_is_nc124(tmp_path, monkeypatch):
    import newscred.outputs as outputs

    class Full:
        def write(self, text):
            raise OSError(28, "No space left on device")

        def flush(self):
            pass

    guarded = outputs._Guarded(Full(), tmp_path / "out")
    with pytest.raises(NewscredError) as info:
        guarded.write("x")
    assert info.value.code == "NC124" and "No space left" in info.value.message


def test_check_dash_o_keeps_dev_null_and_links(article, tmp_path):
    runner = CliRunner()
    result = runner.invoke(app, ["check", str(article), "-f", "json", "-o", "/dev/null"])
    assert result.exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    target = tmp_path / "report.json"
    link = tmp_path / "link.json"
    link.symlink_to(target)
    result = runner.invoke(app, ["check", str(article), "-f", "json", "-o", str(link)])
    assert result.exit_code == 0 and link.is_symlink() and target.read_text().startswith("[")
    result = runner.invoke(app, ["check", str(article), "-f", "json", "-o", str(tmp_path)])
    assert result.exit_code == 2 and "NC124" in result.output
