"""Shared pieces of every training command (the manifest, the commit, data checksums) and
the reader of JSON artifacts."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path
from typing import Any


def git_commit() -> str:
    """HEAD of the checkout this code runs from, with "+dirty" if src/ has changes."""
    here = Path(__file__).parent

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], capture_output=True, text=True, check=True, cwd=here
        ).stdout.strip()

    try:
        top = git("rev-parse", "--show-toplevel")
        dirty = git("-C", top, "status", "--porcelain", "--", "src")
        return git("rev-parse", "HEAD") + ("+dirty" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def read_json_artifact(path: Path) -> tuple[dict[str, Any], str]:
    """(spec, sha256 of the file) of a JSON model artifact; NC200 when it cannot be read."""
    from newscred.errors import NewscredError

    try:
        raw = path.read_bytes()
        spec = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise NewscredError("NC200", f"cannot read {path}: {exc}") from exc
    return spec, hashlib.sha256(raw).hexdigest()


def write_manifest(
    out_dir: Path,
    *,
    artifact: str,
    sha256: str,
    version: str,
    command: str,
    data: dict[str, Any],
    data_sha256: dict[str, str],
    metrics: dict[str, Any],
    **extra: Any,
) -> dict[str, Any]:
    """Write `<artifact stem>.manifest.json` beside the artifact and return it."""
    manifest = {
        "artifact": artifact,
        "sha256": sha256,
        "version": version,
        "command": command,
        "commit": git_commit(),
        "data": data,
        "data_sha256": data_sha256,
        "metrics": metrics,
        **extra,
    }
    stem = artifact.rsplit(".", 1)[0]
    (out_dir / f"{stem}.manifest.json").write_text(
        json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest
