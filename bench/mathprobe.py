"""One cold build in this process with KaTeX's batch size set, timing the math:
`python -m bench.mathprobe SITE OUT BATCH JOBS` prints one JSON line: distinct formulas rendered,
seconds in KaTeX (V8's start apart), V8 start seconds, wall seconds, exit status.

BATCH is set on the module before the build (the forked workers inherit it), not by a setting of
the generator's own: batching is not a user's choice. The math is timed only with JOBS 1: forked
workers keep their counts to themselves."""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from site_builder.cli import main
from site_builder.markdown import mathrender

site, out, batch, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
renderers: list = []
spent = {"math": 0.0, "start": 0.0}


def _timed(name: str, key: str, owner=mathrender.MathRenderer):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - start
    setattr(owner, name, wrapper)


_init = mathrender.MathRenderer.__init__


def _register(self) -> None:
    _init(self)
    renderers.append(self)


mathrender.BATCH = batch
mathrender.MathRenderer.__init__ = _register
_timed("prepare", "math")
_timed("_render", "math")
_timed("__init__", "start", mathrender._Engine)

# Truly cold: no output, no spare, no staging, no cache.
shutil.rmtree(site / ".cache", ignore_errors=True)
for old in [out, *out.parent.glob(f".{out.name}.*")]:
    shutil.rmtree(old, ignore_errors=True)
start = time.perf_counter()
code = main(["build", str(site), "-o", str(out), "-j", jobs])
wall = time.perf_counter() - start
distinct = sum(len(r._cache) for r in renderers)  # (tex, display) pairs: the memo's keys
print(json.dumps({"distinct": distinct, "math_s": spent["math"] - spent["start"], "v8_start_s": spent["start"],
                  "wall_s": wall, "code": code}))
