"""Run time apart from training: a plain `newscred.check(...)` loads no training or
evaluation code (issue 14). Run in a fresh interpreter, since the test session itself
imports those packages."""

from __future__ import annotations

import subprocess
import sys

ARTICLE = (
    "City council approves new budget after long debate",
    "The city council voted 7 to 2 on Tuesday to approve a $1.2 billion budget for the "
    "coming fiscal year, ending weeks of debate over spending on transit and housing. "
    "Mayor Ana Ruiz said the plan would add 40 bus drivers and repair 12 miles of road. "
    "\"This budget keeps our promises without raising property taxes,\" Ruiz told reporters "
    "after the vote. Council member David Chen, who voted against it, said the housing fund "
    "was too small to make a difference. \"We are still short of what families need,\" he "
    "said. The budget office estimated that the transit spending would cost $85 million, up "
    "from $70 million last year. According to a report released by the city auditor in "
    "March, road repairs had fallen behind schedule for three years. The new budget takes "
    "effect on July 1. A public hearing on the housing fund is planned for next month, and "
    "residents can submit comments online until then, officials said. Several residents "
    "spoke at the meeting, some in favour and some against the plan.",
)

SCRIPT = f"""
import sys
import newscred
newscred.check(title={ARTICLE[0]!r}, text={ARTICLE[1]!r})
print("\\n".join(sorted(m for m in sys.modules if m.startswith("newscred."))))
"""


def test_check_loads_no_training_or_evaluation_code():
    assert len(ARTICLE[1].split()) >= 140
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    loaded = done.stdout.split()
    assert "newscred.pipeline" in loaded  # the check itself ran
    offenders = [m for m in loaded
                 if m.startswith(("newscred.training", "newscred.evaluation"))]
    assert not offenders, f"newscred.check loaded training/evaluation modules: {offenders}"
