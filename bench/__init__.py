"""Benchmarks of wire-dedupe against plain datasketch: run ``python -m bench.run --help``."""
