"""Benchmarks: scripts that print figures (never timed assertions). `python -m bench --help`."""
