"""Writers for `newscred check`: stream reports to stdout or a file in each format."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from newscred.errors import NewscredError
from newscred.report import BatchError, Report

Result = Report | BatchError


def to_json(result: Result, *, indent: int | None = None) -> str:
    return result.model_dump_json(indent=indent, exclude_none=False)


@dataclass
class Summary:
    total: int = 0
    failed: int = 0
    below: int = 0
    scores: list[int] = field(default_factory=list)
    extra_fields: dict[str, None] = field(default_factory=dict)  # ordered set

    def add(self, result: Result, fail_under: int | None) -> None:
        self.total += 1
        if isinstance(result, BatchError):
            self.failed += 1
            return
        self.extra_fields.update(dict.fromkeys(result.article.extra))
        score = result.assessment.score
        if score is not None:
            self.scores.append(score)
            if fail_under is not None and score < fail_under:
                self.below += 1

    def extra_note(self) -> str | None:
        """One note per run naming the input fields carried but not analysed."""
        if not self.extra_fields:
            return None
        names = ", ".join(repr(name) for name in list(self.extra_fields)[:20])
        more = len(self.extra_fields) - 20
        return (f"note: newscred does not analyse the input field(s) {names}"
                + (f" and {more} more" if more > 0 else "")
                + "; each report carries them unchanged in article.extra.")

    def line(self, seconds: float) -> str:
        rate = self.total / seconds if seconds > 0 else 0.0
        return (
            f"{self.total} articles, {self.total - self.failed} reported, {self.failed} failed, "
            f"{rate:.1f} articles/s"
        )


class _Writer:
    def __init__(self, stream: IO[str], fmt: str, *, top: int, show: Collection[str] | None):
        self.stream, self.fmt, self.top, self.show = stream, fmt, top, show
        self.held: list[Result] = []
        self.count = 0
        self._console = None

    def write(self, result: Result) -> None:
        if self.fmt == "jsonl":
            self.stream.write(to_json(result) + "\n")
        elif self.fmt == "json":
            self.stream.write(("[\n" if self.count == 0 else ",\n") + to_json(result, indent=2))
        elif self.fmt == "terminal":
            from newscred.render import render_terminal

            render_terminal([result], self._terminal(), top=self.top, show=self.show)
        else:  # markdown and html are one document holding every report
            self.held.append(result)
        self.count += 1

    def _terminal(self):
        if self._console is None:
            from rich.console import Console

            is_tty = self.stream is sys.stdout and sys.stdout.isatty()
            self._console = Console(file=self.stream, force_terminal=is_tty or None,
                                    highlight=False, soft_wrap=False,
                                    width=None if is_tty else 100)
        return self._console

    def close(self) -> None:
        if self.fmt == "json":
            self.stream.write("[]\n" if self.count == 0 else "\n]\n")
        elif self.fmt == "markdown":
            from newscred.render import render_markdown

            self.stream.write(render_markdown(self.held, top=self.top))
        elif self.fmt == "html":
            from newscred.render import render_html

            self.stream.write(render_html(self.held, top=self.top))
        self.stream.flush()


@contextlib.contextmanager
def open_output(output: Path | None) -> Iterator[IO[str]]:
    """A text handle for `output`, written safely:

    - None or '-': standard output;
    - a character device or a FIFO (e.g. /dev/null): written straight to it, never replaced;
    - a symlink: followed, and its target written by these same rules;
    - a regular file, or a path that does not exist yet: written to a temporary file in the
      same folder and renamed over it at the end, so a failed run leaves no half-written file;
    - anything else (a folder, a socket): refused with NC124, as is a write that fails
      (no permission, a read-only or full disk).
    """
    if output is None or str(output) == "-":
        yield sys.stdout
        sys.stdout.flush()
        return
    target = Path(os.path.realpath(output))
    mode = _mode(target, output)
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        with _opened(target, output) as handle:
            yield _Guarded(handle, output)
        return
    if mode is not None and not stat.S_ISREG(mode):
        raise NewscredError("NC124", f"{output} is not a regular file (a folder or a socket)",
                            hint="Name a file to write, or '-' for standard output.")
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with _opened(partial, output) as handle:
            yield _Guarded(handle, output)
        try:
            partial.replace(target)
        except OSError as exc:
            raise _cannot_write(output, exc) from None
    finally:
        partial.unlink(missing_ok=True)


def _cannot_write(output: Path, exc: OSError) -> NewscredError:
    return NewscredError("NC124", f"cannot write {output}: {exc.strerror or exc}")


def _mode(target: Path, output: Path) -> int | None:
    try:
        return target.stat().st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise _cannot_write(output, exc) from None


@contextlib.contextmanager
def _opened(path: Path, output: Path) -> Iterator[IO[str]]:
    try:
        handle = path.open("w", encoding="utf-8")
    except OSError as exc:
        raise _cannot_write(output, exc) from None
    with handle:
        yield handle


class _Guarded:
    """A text handle whose failed writes (full disk, lost device) become NC124."""

    def __init__(self, handle: IO[str], output: Path) -> None:
        self._handle, self._output = handle, output

    def write(self, text: str) -> int:
        try:
            return self._handle.write(text)
        except OSError as exc:
            raise _cannot_write(self._output, exc) from None

    def flush(self) -> None:
        try:
            self._handle.flush()
        except OSError as exc:
            raise _cannot_write(self._output, exc) from None

    def __getattr__(self, name: str):
        return getattr(self._handle, name)


@contextlib.contextmanager
def open_writer(
    fmt: str, output: Path | None, *, top: int = 3, show: Collection[str] | None = None
) -> Iterator[_Writer]:
    """Yield a writer; `output` None or '-' means stdout. Files are written as
    `open_output` says: devices and FIFOs directly, regular files atomically."""
    with open_output(output) as handle:
        writer = _Writer(handle, fmt, top=top, show=show)
        yield writer
        writer.close()


def write_text(text: str, output: Path | None) -> None:
    """Write a whole document to `output` by `open_output`'s rules."""
    with open_output(output) as handle:
        handle.write(text)
