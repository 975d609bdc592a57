"""Resumable runs: one output file per input partition, and a manifest saying which are done.

`newscred check INPUT -o FOLDER --format parquet|csv` writes `part-FFFFF-PPPPPP.<format>`
(input file F, partition P) into FOLDER. Each part is written under a temporary name and
renamed when complete; the manifest (`newscred-run.json`) is then rewritten the same way.
FOLDER must be new (newscred creates it) or hold a manifest of its own: anything else is
refused. `--resume` skips the parts the manifest lists, after checking that the input,
the options and the models are those of the manifest.
"""

from __future__ import annotations

import csv
import json
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from newscred.errors import NewscredError
from newscred.rows import Layout, arrow_type

MANIFEST = "newscred-run.json"
FORMAT_VERSION = 1
FORMATS = ("parquet", "csv")


class RunFolder:
    """The output folder of one run, opened for a new run or to resume one."""

    def __init__(self, path: Path, identity: Mapping[str, Any], *, resume: bool) -> None:
        self.path = path
        self.identity = dict(identity)
        self.done: dict[str, dict[str, Any]] = {}
        manifest = self._open(resume)
        if manifest is not None:
            self._check_same(manifest)
            for stale in self.path.glob(".*.tmp-*"):  # parts a killed run left half-written
                stale.unlink(missing_ok=True)
            self.done = {key: entry for key, entry in manifest["partitions"].items()
                         if self._is_part(entry.get("file", ""))}
        self._save(complete=False)

    # -- opening -----------------------------------------------------------------------
    def _open(self, resume: bool) -> dict[str, Any] | None:
        path = self.path
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise NewscredError("NC125", f"{path} exists and is not a folder",
                                hint="-o names a folder for --format parquet or csv; give a new "
                                "path, which newscred creates.")
        if not path.exists():
            try:
                path.mkdir(parents=True)
            except OSError as error:
                raise _write_error(path, error) from None
            return None
        manifest_path = path / MANIFEST
        if not manifest_path.is_file() or manifest_path.is_symlink():
            raise NewscredError("NC125", f"{path} is a folder newscred did not create (it has "
                                f"no {MANIFEST})",
                                hint="Give a new path; newscred creates the folder and never "
                                "writes into one it does not own.")
        if not resume:
            raise NewscredError("NC125", f"{path} holds an earlier run",
                                hint="Add --resume to finish it, or give a new folder.")
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise NewscredError("NC126", f"{manifest_path} cannot be read ({error})",
                                hint="Start a new folder.") from None
        if not isinstance(manifest, dict) or manifest.get("newscred_run") != FORMAT_VERSION:
            raise NewscredError("NC126", f"{manifest_path} is not a manifest this newscred "
                                "can resume", hint="Start a new folder.")
        return manifest

    def _check_same(self, manifest: Mapping[str, Any]) -> None:
        differ = [key for key in ("input", "options", "models")
                  if manifest.get(key) != json.loads(json.dumps(self.identity[key]))]
        if differ:
            what = {"input": "the input files (paths, sizes, times or contents)",
                    "options": "the options", "models": "the models or newscred version"}
            raise NewscredError("NC126", f"cannot resume {self.path}: "
                                + " and ".join(what[d] for d in differ)
                                + " differ from the earlier run's",
                                hint="Resume with the same input and options, or start a "
                                "new folder.")

    def _is_part(self, name: str) -> bool:
        part = self.path / name
        return bool(name) and part.is_file() and not part.is_symlink()

    # -- writing -----------------------------------------------------------------------
    def is_done(self, key: str) -> bool:
        return key in self.done

    def write(self, key: str, rows: list[dict[str, Any]], layout: Layout, fmt: str) -> None:
        """Write one partition's rows, then record it as done."""
        name = f"part-{key}.{fmt}"
        writer = _write_parquet if fmt == "parquet" else _write_csv
        self._replace(name, lambda tmp: writer(tmp, rows, layout))
        errors = sum(1 for row in rows if row.get("error_code"))
        self.done[key] = {"file": name, "rows": len(rows), "errors": errors}
        self._save(complete=False)

    def finish(self) -> None:
        self._save(complete=True)

    def _save(self, *, complete: bool) -> None:
        manifest = {"newscred_run": FORMAT_VERSION, **self.identity, "complete": complete,
                    "partitions": dict(sorted(self.done.items()))}
        text = json.dumps(manifest, indent=1, ensure_ascii=False, default=str) + "\n"
        self._replace(MANIFEST, lambda tmp: tmp.write_text(text, encoding="utf-8"))

    def _replace(self, name: str, write: Any) -> None:
        """Write `name` in the folder through a temporary file renamed over it: only a
        regular file (or nothing) is ever replaced."""
        target = self.path / name
        if target.is_symlink() or (target.exists() and not stat.S_ISREG(target.stat().st_mode)):
            raise NewscredError("NC125", f"{target} exists and is not a regular file",
                                hint="Remove it, or start a new folder.")
        tmp = self.path / f".{name}.tmp-{os.getpid()}"
        try:
            write(tmp)
            os.replace(tmp, target)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise _write_error(target, error) from None


def _write_error(path: Path, error: OSError) -> NewscredError:
    return NewscredError("NC124", f"cannot write {path}: {error.strerror or error}",
                         hint="Check that the folder is writable and the disk has space.")


def _write_parquet(path: Path, rows: list[dict[str, Any]], layout: Layout) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays, names = [], []
    for name, kind in layout.columns:
        arrays.append(pa.array([row.get(name) for row in rows], type=arrow_type(kind)))
        names.append(name)
    fixed = set(names)
    for name in dict.fromkeys(c for row in rows for c in row if c not in fixed):
        arrays.append(_carried_array([row.get(name) for row in rows]))
        names.append(name)
    pq.write_table(pa.Table.from_arrays(arrays, names=names), path)


def _carried_array(values: list[Any]) -> Any:
    """An input column as Arrow infers it; mixed types become JSON text."""
    import pyarrow as pa

    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError, ValueError, OverflowError):
        return pa.array([None if v is None else v if isinstance(v, str)
                         else json.dumps(v, ensure_ascii=False, default=str) for v in values],
                        type=pa.string())


def _write_csv(path: Path, rows: list[dict[str, Any]], layout: Layout) -> None:
    fixed = set(layout.names)
    names = list(layout.names) + list(dict.fromkeys(c for r in rows for c in r if c not in fixed))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for row in rows:
            writer.writerow([_cell(row.get(name)) for name in names])


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


class RunCounts:
    """What a run did: records written and failed, partitions written and skipped."""

    def __init__(self, fail_under: int | None = None) -> None:
        self.records = self.failed = self.written = self.skipped = self.below = 0
        self.fail_under = fail_under

    def add(self, rows: list[dict[str, Any]]) -> None:
        self.written += 1
        self.records += len(rows)
        self.failed += sum(1 for row in rows if row.get("error_code"))
        if self.fail_under is not None:
            self.below += sum(1 for row in rows
                              if row.get("score") is not None and row["score"] < self.fail_under)


def run_to_folder(
    sources: list[str], out: Path, *, fmt: str, pipeline: Any, engine: str = "local",
    workers: int = 1, scheduler: str | None = None, resume: bool = False,
    size: int | None = None, fields: Mapping[str, str] | None = None,
    max_bytes: int | None = None, with_report: bool = False, fail_under: int | None = None,
    on_partition: Any = None, on_start: Any = None,
) -> RunCounts:
    """Check every record of the table inputs into FOLDER, a file per partition.

    `on_start(engine)` is called once the engine is up (the CLI prints the dashboard);
    `on_partition(counts)` after each partition written.
    """
    from newscred.engines import DaskEngine, identity, local_results
    from newscred.ingest.record import DEFAULT_MAX_BYTES
    from newscred.ingest.stream import (DEFAULT_PARTITION_SIZE, check_inputs, fingerprint,
                                        input_files, partitions)

    if fmt not in FORMATS:
        raise NewscredError("NC114", f"a run folder is written as {' or '.join(FORMATS)}, not {fmt}")
    size = size or DEFAULT_PARTITION_SIZE
    files = [f for f in input_files(sources)  # a folder of inputs may hold the run's own
             if not f.path.resolve().is_relative_to(out.resolve())]
    if not files:
        raise NewscredError("NC101", "the inputs hold no table files outside the output folder")
    check_inputs(files, fields=fields, max_bytes=max_bytes or DEFAULT_MAX_BYTES)
    options = {"format": fmt, "partition_size": size, "fields": dict(sorted((fields or {}).items())),
               "with_report": with_report, "max_bytes": max_bytes,
               "config": json.loads(pipeline.config.model_dump_json())}
    run_identity = {"input": fingerprint(files), "options": options, "models": identity(pipeline)}
    folder = RunFolder(out, run_identity, resume=resume)
    layout = Layout.for_pipeline(pipeline, with_report=with_report)
    counts = RunCounts(fail_under)
    todo = _not_done(partitions(files, size=size, fields=fields,
                                max_bytes=max_bytes or DEFAULT_MAX_BYTES), folder, counts)
    if engine == "dask":
        config_json = pipeline.config.model_dump_json()
        with DaskEngine(scheduler=scheduler, workers=workers) as dask:
            dask.check_versions(identity(pipeline), config_json)
            if on_start:
                on_start(dask)
            _write_all(dask.results(todo, config_json, layout), folder, layout, fmt, counts,
                       on_partition)
    else:
        if on_start:
            on_start(None)
        _write_all(local_results(todo, pipeline, workers=workers, layout=layout), folder,
                   layout, fmt, counts, on_partition)
    folder.finish()
    return counts


def _not_done(parts: Any, folder: RunFolder, counts: RunCounts) -> Any:
    for part in parts:
        if folder.is_done(part.key):
            counts.skipped += 1
            continue
        yield part


def _write_all(done: Any, folder: RunFolder, layout: Layout, fmt: str, counts: RunCounts,
               on_partition: Any) -> None:
    for part, rows in done:
        folder.write(part.key, rows, layout, fmt)
        counts.add(rows)
        if on_partition:
            on_partition(counts)
