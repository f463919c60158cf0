"""Run one command and report its wall time and peak RSS (largest process, workers included):
`python -m bench.measure CMD...` prints `seconds max_rss_kb returncode`. A fresh process per run, so
RUSAGE_CHILDREN covers exactly that run."""

import resource
import subprocess
import sys
import time

start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
elapsed = time.perf_counter() - start
print(f"{elapsed:.4f} {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss} {code}")
