"""`python -m bench.searchtime SITE OUT`: one cold build in this process, as `site-builder build
SITE -o OUT` runs it, printing `build seconds, seconds starting the search (index documents made and
written and Pagefind started), of them making the index documents, seconds the build then waited
for Pagefind once its pages were written, pages indexed`. Pagefind runs while the pages are
rendered: only the start and the wait are the build's own time."""

import sys
import time
from pathlib import Path

import site_builder.build.build as build_module
import site_builder.search.index as index_module
from site_builder.build.parallel import default_jobs

spent = {"start": 0.0, "documents": 0.0, "wait": 0.0}
pages = [0]


def timed(owner, name, key, after=None):
    original = getattr(owner, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = original(*args, **kwargs)
        spent[key] += time.perf_counter() - start
        if after:
            after(args, result)
        return result

    setattr(owner, name, wrapper)


timed(index_module.PendingSearch, "__init__", "start")
timed(index_module, "make_documents", "documents")
timed(index_module.PendingSearch, "result", "wait", lambda args, found: pages.__setitem__(0, found.pages))
start = time.perf_counter()
# every core, the persistent cache (absent: the caller made the build cold)
result = build_module.build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=default_jobs(), persistent_cache=True)
elapsed = time.perf_counter() - start
if not result.written:
    sys.exit("build failed: " + "; ".join(map(str, result.problems[:3])))
print(f"{elapsed:.4f} {spent['start']:.4f} {spent['documents']:.4f} {spent['wait']:.4f} {pages[0]}")
