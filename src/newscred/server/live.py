"""Run `newscred serve` as a child process on a free loopback port (tests, benchmarks)."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    options: Sequence[str] = (), *, env: dict[str, str] | None = None, timeout: float = 90.0
) -> Iterator[str]:
    """Start the server, wait until /readyz answers 200, yield its base URL; stop it after.

    Raises RuntimeError with the server's output when it exits or is not ready in time.
    """
    process, base = start(options, env=env, timeout=timeout)
    try:
        yield base
    finally:
        stop(process)
        if process.stdout is not None:
            process.stdout.close()


def start(options: Sequence[str] = (), *, env: dict[str, str] | None = None,
          timeout: float = 90.0, log: Path | None = None) -> tuple[subprocess.Popen[str], str]:
    """`newscred serve` on a free port, ready (/readyz 200): the process and its base URL.
    Its output goes to `log`, else to a pipe. Raises RuntimeError when it exits or is not
    ready in time (stopping it)."""
    port = free_port()
    command = [
        str(Path(sys.executable).with_name("newscred")), "serve",
        "--port", str(port), "--log-level", "warning", *options,
    ]
    output = log.open("w") if log is not None else subprocess.PIPE
    process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, text=True, env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            said = log.read_text()[-3000:] if log is not None else process.stdout.read()
            raise RuntimeError(f"the server exited ({process.returncode}): {said}")
        if time.monotonic() > deadline:
            stop(process)
            raise RuntimeError(f"the server was not ready within {timeout:.0f} s")
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=2) as response:
                if response.status == 200 and json.load(response)["status"] == "ready":
                    return process, base
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)


def stop(process: subprocess.Popen[str]) -> None:
    """Terminate the server; kill it when it does not stop within 20 s."""
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
