"""``make bench``: run every ``benchmarks/bench_*.py`` (or ``--only NAME``), print a table, write results.json.

Each module has ``run() -> list[Figure]``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
from pathlib import Path

from benchmarks.harness import Figure

HERE = Path(__file__).resolve().parent


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run On-Ramp's benchmarks.")
    parser.add_argument("--only", action="append", help="run only this benchmark (repeatable)")
    parser.add_argument("--out", default=str(HERE / "results.json"))
    args = parser.parse_args(argv)
    names = available()
    chosen = args.only or names
    unknown = [n for n in chosen if n not in names]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; have: {', '.join(names)}", file=sys.stderr)
        return 2
    out_path = Path(args.out)
    previous = json.loads(out_path.read_text()) if out_path.exists() else {}
    results: dict = previous.get("benchmarks", {}) if args.only else {}
    failed = False
    for name in chosen:
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        module = importlib.import_module(f"benchmarks.bench_{name}")
        figures: list[Figure] = module.run()
        results[name] = {
            "seconds": round(time.perf_counter() - start, 1),
            "figures": [f.as_dict() for f in figures],
        }
        for f in figures:
            failed |= f.ok is False
    out_path.write_text(
        json.dumps(
            {
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "cpus": __import__("os").cpu_count(),
                },
                "benchmarks": results,
            },
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )
    print_table(results)
    print(f"\nwritten to {out_path}")
    return 0


def _fmt(v: float | None) -> str:
    if v is None:
        return "-"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    if abs(v) >= 1:
        return f"{v:.2f}"
    return f"{v:.4f}"


def print_table(results: dict) -> None:
    rows = [("figure", "value", "unit", "compared with", "baseline", "ratio", "target", "met")]
    for _name, entry in results.items():
        for f in entry["figures"]:
            met = {True: "yes", False: "NO", None: ""}[f["ok"]]
            rows.append(
                (
                    f["name"],
                    _fmt(f["value"]),
                    f["unit"],
                    f["compared_with"],
                    _fmt(f["baseline"]),
                    _fmt(f["ratio"]),
                    f["target"],
                    met,
                )
            )
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for i, row in enumerate(rows):
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=False)))
        if i == 0:
            print("  ".join("-" * w for w in widths))


if __name__ == "__main__":
    raise SystemExit(main())
