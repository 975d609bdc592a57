"""Writers for `newscred check`: stream reports to stdout or a file in each format."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

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

    def add(self, result: Result, fail_under: int | None) -> None:
        self.total += 1
        if isinstance(result, BatchError):
            self.failed += 1
            return
        score = result.assessment.score
        if score is not None:
            self.scores.append(score)
            if fail_under is not None and score < fail_under:
                self.below += 1

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
def open_writer(
    fmt: str, output: Path | None, *, top: int = 3, show: Collection[str] | None = None
) -> Iterator[_Writer]:
    """Yield a writer; `output` None means stdout. The file is written to a temporary
    name and moved into place at the end, so a failed run leaves no half-written file."""
    if output is None:
        writer = _Writer(sys.stdout, fmt, top=top, show=show)
        yield writer
        writer.close()
        return
    partial = output.with_name(output.name + ".partial")
    with partial.open("w", encoding="utf-8") as handle:
        writer = _Writer(handle, fmt, top=top, show=show)
        try:
            yield writer
            writer.close()
        except BaseException:
            handle.close()
            partial.unlink(missing_ok=True)
            raise
    partial.replace(output)
