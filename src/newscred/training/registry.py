"""What `newscred train` builds and `newscred eval` runs, by name.

Each entry holds a small function that imports its module only when it is called, so
naming a target or a task (and `import newscred.cli`) loads no fitting code.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newscred.evaluation.harness import Task, TaskResult

# -- training targets -----------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A model `newscred train NAME` builds: `train(root, out_dir, progress=..., **options)`
    writes the artifact and returns its manifest. `out` is the default output folder when
    it is not the package's artifacts."""

    name: str
    train: Callable[..., dict[str, Any]]
    out: Path | None = None


def _clickbait(root, out_dir, **options):
    from newscred.training.clickbait import train

    return train(root, out_dir, **options)


def _genre(root, out_dir, **options):
    from newscred.training.genre import train

    return train(root, out_dir, **options)


def _hyperpartisan(root, out_dir, **options):
    from newscred.training.hyperpartisan import train

    return train(root, out_dir, **options)


def _persuasion(root, out_dir, **options):
    from newscred.training.persuasion_train import train

    return train(root, out_dir, **options)


def _claims(root, out_dir, **options):
    from newscred.training.claims import train

    return train(root, out_dir, **options)


def _assessment(root, out_dir, **options):
    from newscred.training.train import train_assessment

    return train_assessment(root, out_dir, **options)


def _samestory(root, out_dir, **options):
    from newscred.training.fnc1 import train_samestory

    return train_samestory(root, out_dir, **options)


def _stance(root, out_dir, **options):
    from newscred.training.fnc1 import train_stance

    return train_stance(root, out_dir, **options)


def _persuasion_minilm(root, out_dir, **options):
    from newscred.training.persuasion_minilm_train import train

    return train(root, out_dir, **options)


def _persuasion_display(root, out_dir, **options):
    from newscred.training.persuasion_threshold import train

    return train(root, out_dir, **options)


def _by_name(*entries):
    return {entry.name: entry for entry in entries}


# Built by `all`. Order matters: the assessment model reads the other models' signals as
# features. samestory and stance are lateral reading (FNC-1; they need the embedding extra).
TARGETS: dict[str, Target] = _by_name(
    Target("clickbait", _clickbait),
    Target("genre", _genre),
    Target("hyperpartisan", _hyperpartisan),
    Target("persuasion", _persuasion),
    Target("claims", _claims),
    Target("assessment", _assessment),
    Target("samestory", _samestory),
    Target("stance", _stance),
)
# Built on request only (not by `all`). persuasion-minilm: heavier, needs an extra, not
# shipped. persuasion-display: refits only the display model and threshold of the shipped
# persuasion artifact (`persuasion` builds them too when it retrains).
OPTIONAL_TARGETS: dict[str, Target] = _by_name(
    Target("persuasion-minilm", _persuasion_minilm, out=Path("models") / "persuasion-minilm"),
    Target("persuasion-display", _persuasion_display),
)


# -- evaluation tasks -----------------------------------------------------------------


def _assessment_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.transfer_eval import evaluate

    return evaluate(root, fast)


def _clickbait_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.clickbait import evaluate

    return evaluate(root, fast)


def _genre_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.genre import evaluate

    return evaluate(root, fast)


def _hyperpartisan_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.hyperpartisan import evaluate

    return evaluate(root, fast)


def _liar_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.liar import evaluate

    return evaluate(root, fast)


def _persuasion_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.persuasion_train import evaluate

    return evaluate(root, fast)


def _claims_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.claims import evaluate

    return evaluate(root, fast)


def _lookalikes_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.evaluation.lookalikes import evaluate

    return evaluate(root, fast)


def _fnc1_eval(root: Path, fast: bool) -> TaskResult:
    from newscred.training.fnc1 import evaluate

    return evaluate(root, fast)


TASKS: dict[str, Task] = _by_name(
    Task("assessment", _assessment_eval),
    Task("clickbait", _clickbait_eval),
    Task("genre", _genre_eval),
    Task("hyperpartisan", _hyperpartisan_eval),
    Task("liar", _liar_eval),
    Task("persuasion", _persuasion_eval),
    Task("claims", _claims_eval),
    Task("lookalikes", _lookalikes_eval),
    Task("fnc1", _fnc1_eval),
)

# Old task names still accepted (deprecated), with the task they now run.
ALIASES: dict[str, str] = {"transfer": "assessment", "credibility": "assessment"}


def task_name(name: str) -> str:
    """The current name of a task given by its current or a deprecated name."""
    return ALIASES.get(name, name)
