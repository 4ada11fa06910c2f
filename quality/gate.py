"""Quality gate: ``python -m quality.gate`` from the repository root.

Builds every dataset named in ``quality/floors.json`` (the synthetic suite from
``../shared`` when present, and our fixtures), runs ``dedupe.cluster`` on it,
prints a table of figures with the floors in brackets (``!`` marks a miss) and
exits 1 if any figure is below its floor or a dataset's checksum changed,
2 if the engine is not importable, 0 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from dedupe.errors import DedupeError
from dedupe.evaluate import format_table
from dedupe.gate import load_floors, run_gate

FLOORS = Path(__file__).with_name("floors.json")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m quality.gate", description=__doc__.split("\n\n")[0])
    parser.add_argument("--floors", type=Path, default=FLOORS, help="floors file (default: %(default)s)")
    parser.add_argument("--shared", type=Path, help="shared data folder (default: ../shared)")
    parser.add_argument("--dataset", action="append", default=[], help="run only this dataset (repeatable)")
    parser.add_argument("--no-pairs", action="store_true", help="skip dedupe.compare on labelled pairs")
    parser.add_argument("--json", type=Path, help="also write all figures to this JSON file")
    args = parser.parse_args(argv)
    try:
        import dedupe

        cluster = dedupe.cluster
        compare = None if args.no_pairs else getattr(dedupe, "compare", None)
    except (ImportError, AttributeError) as exc:
        print(f"the engine is not available (dedupe.cluster): {exc}", file=sys.stderr)
        return 2
    try:
        outcome = run_gate(
            args.floors, cluster=cluster, compare=compare, shared=args.shared, only=args.dataset
        )
        floors = {
            name: entry.get("floors", {}) for name, entry in load_floors(args.floors)["datasets"].items()
        }
    except DedupeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(format_table(outcome.rows, floors))
    for note in outcome.notes:
        print(f"note: {note}")
    for failure in outcome.failures:
        print(f"FAIL {failure}")
    if args.json:
        args.json.write_text(json.dumps(outcome.rows, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print("quality gate: " + ("passed" if outcome.ok else f"FAILED ({len(outcome.failures)})"))
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
