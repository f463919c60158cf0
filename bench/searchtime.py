"""`python -m bench.searchtime SITE OUT`: one cold build in this process, as `site-builder build
SITE -o OUT` runs it, printing `build seconds, seconds in search_files, of them making the index
documents, of them running Pagefind, pages indexed` (each timed where the build calls it)."""

import sys
import time
from pathlib import Path

import site_builder.build.build as build_module
import site_builder.search.index as index_module
from site_builder.build.parallel import default_jobs

spent = {"search_files": 0.0, "documents": 0.0, "run": 0.0}
pages = [0]


def timed(module, name):
    original = getattr(module, name)

    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        result = original(*args, **kwargs)
        spent[name] += time.perf_counter() - start
        if name == "search_files":
            pages[0] += result.pages
        return result

    setattr(module, name, wrapper)


def main() -> None:
    timed(build_module, "search_files")
    timed(index_module, "documents")
    timed(index_module, "run")
    start = time.perf_counter()
    # every core, the persistent cache (absent: the caller made the build cold)
    result = build_module.build(Path(sys.argv[1]), Path(sys.argv[2]), jobs=default_jobs(), persistent_cache=True)
    elapsed = time.perf_counter() - start
    if not result.written:
        sys.exit("build failed: " + "; ".join(map(str, result.problems[:3])))
    print(f"{elapsed:.4f} {spent['search_files']:.4f} {spent['documents']:.4f} {spent['run']:.4f} {pages[0]}")


if __name__ == "__main__":  # a spawned worker (after KaTeX started) imports this module again
    main()
