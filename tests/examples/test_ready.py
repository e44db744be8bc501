"""Every case the demo builds is ready on its route: one test over the Makefile's demo
target (its single list of examples and routes), run through the API and through the
command line in this process. A new country's example is covered once the demo builds it.
"""

from __future__ import annotations

import re
import shlex

import pytest

import accesspack
from accesspack.cli import main
from tests.conftest import ROOT

#: the words of each ``accesspack build`` line of ``make demo`` on an example
DEMO_LINES = [shlex.split(line.strip().removeprefix("$(BIN)/"))
              for line in (ROOT / "Makefile").read_text(encoding="utf-8").splitlines()
              if re.match(r"\s+\$\(BIN\)/accesspack build examples/", line)]

#: (case file, route, options) of each ``accesspack build`` of ``make demo`` on an example
DEMO = [
    (words[2], words[words.index("--route") + 1],
     [w for i, w in enumerate(words) if i and words[i - 1] == "--option"])
    for words in DEMO_LINES
]

#: the ``--out`` folder of each line of :data:`DEMO` (``out/fda-single-patient``, ...)
DEMO_OUT = [words[words.index("--out") + 1] for words in DEMO_LINES]


def test_the_demo_list_is_read() -> None:
    assert len(DEMO) >= 19
    assert {route.split("/")[0] for _, route, _ in DEMO} == {"fda", "ema", "cdsco", "nmpa", "hc",
                                                              "mhra", "swissmedic", "tga"}


@pytest.mark.parametrize(("case", "route", "options"), DEMO,
                         ids=[f"{r}:{','.join(o) or 'default'}" for _, r, o in DEMO])
def test_every_demo_example_is_ready(case: str, route: str, options: list[str],
                                     capsys: pytest.CaptureFixture[str]) -> None:
    loaded = accesspack.load_case(ROOT / case)
    opts = dict(o.split("=", 1) for o in options)
    ledger = accesspack.validate(loaded, route, options=opts)
    assert ledger.ready, [r.item for r in ledger.rows if r.blocking and r.status != "complete"]
    args = ["validate", str(ROOT / case), "--route", route]
    for option in options:
        args += ["--option", option]
    assert main(args) == 0
    assert "READY" in capsys.readouterr().out
