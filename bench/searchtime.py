"""`python -m bench.searchtime SITE OUT`: one cold build in this process, printing `build seconds,
seconds inside search_files, pages indexed` (search_files timed where the build calls it)."""

import sys
import time
from pathlib import Path

import site_builder.build.build as build_module
from site_builder.build.parallel import default_jobs

spent = [0.0, 0]
_search_files = build_module.search_files


def timed(*args, **kwargs):
    start = time.perf_counter()
    found = _search_files(*args, **kwargs)
    spent[0] += time.perf_counter() - start
    spent[1] += found.pages
    return found


build_module.search_files = timed
start = time.perf_counter()
# as `site-builder build SITE -o OUT` runs it: every core, the persistent cache (absent: a cold build)
result = build_module.build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=default_jobs(), persistent_cache=True)
elapsed = time.perf_counter() - start
if not result.written:
    sys.exit("build failed: " + "; ".join(map(str, result.problems[:3])))
print(f"{elapsed:.4f} {spent[0]:.4f} {spent[1]}")
