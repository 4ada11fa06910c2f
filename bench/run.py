"""Run benchmark sections and write their table (markdown to stdout, JSON to bench/results/).

Usage::

    python -m bench.run                      # every section, default sizes
    python -m bench.run sketch --sizes 2000 --repeat 3
    python -m bench.run --list

Each section measures its methods side by side in one run, so that the load of the
machine weighs on all of them alike; read the ratios more than the absolute figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

from . import (  # noqa: F401  (each module registers its section)
    bench_api,
    bench_batch,
    bench_live_memory,
    bench_phases,
    bench_provenance,
    bench_sketch,
    bench_verify,
)
from .registry import SECTIONS, Options, Row

RESULTS = Path(__file__).resolve().parent / "results"


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next(line.split(":", 1)[1].strip() for line in fh if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    versions = {}
    for pkg in ("numpy", "numba", "datasketch"):
        try:
            versions[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            versions[pkg] = None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        **versions,
    }


def markdown(name: str, rows: list[Row], columns: tuple[str, ...]) -> str:
    """A markdown table of the section's main columns."""
    lines = [f"### {name}", "", "| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        lines.append("| " + " | ".join(str(row.get(c, "")) for c in columns) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("sections", nargs="*", help="sections to run (default: all); see --list")
    parser.add_argument("--list", action="store_true", help="list the sections and exit")
    parser.add_argument("--sizes", help="comma-separated corpus sizes in articles, e.g. 2000,10000")
    parser.add_argument("--repeat", type=int, default=3, help="timed rounds per method; the best counts")
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--budget", type=float, default=300.0, help="seconds; sizes predicted to take longer are not run"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for the JSON results")
    args = parser.parse_args(argv)

    if args.list:
        for s in SECTIONS.values():
            print(f"{s.name:12} {s.description} (default sizes: {', '.join(map(str, s.default_sizes))})")
        return 0
    unknown = [n for n in args.sections if n not in SECTIONS]
    if unknown:
        parser.error(f"unknown section(s) {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else None
    options = Options(
        sizes=sizes, repeat=args.repeat, num_perm=args.num_perm, seed=args.seed, budget=args.budget
    )

    report: dict[str, object] = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.run " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine(),
        "sections": {},
    }
    for name in args.sections or list(SECTIONS):
        sec = SECTIONS[name]
        start = time.perf_counter()
        rows = sec.run(options)
        report["sections"][name] = {"rows": rows, "seconds": round(time.perf_counter() - start, 1)}
        print(markdown(name, rows, sec.columns), end="\n\n", flush=True)
    report["load_average_end"] = os.getloadavg() if hasattr(os, "getloadavg") else None
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bench-{datetime.now().strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    m = report["machine"]
    print(f"{m['cpu']}, {m['cores']} cores, Python {m['python']}; load average at start {m['load_average']}")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
