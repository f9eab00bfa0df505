"""Schedule the real B2B instances (.dzn), check each, and print cost against the best known."""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.scheduling.checker import check_schedule  # noqa: E402
from app.scheduling.cpsat import SolverOptions  # noqa: E402
from app.scheduling.dzn import read_dzn  # noqa: E402
from app.scheduling.meetings import schedule_meetings  # noqa: E402


def best_known(folder: Path) -> dict[str, int]:
    """Best known costs from the folder README's table (column 'best known cost'), if any."""
    readme = folder / "README.md"
    if not readme.exists():
        return {}
    out: dict[str, int] = {}
    column = None
    for line in readme.read_text().splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 2:
            continue
        lowered = [c.lower() for c in cells]
        if "best known cost" in lowered:
            column = lowered.index("best known cost")
            continue
        if column is not None and column < len(cells) and re.fullmatch(r"\d+", cells[column]):
            out[cells[0]] = int(cells[column])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--instances", required=True, type=Path)
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--only", nargs="*", help="instance names to run (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    known = best_known(args.instances)
    results: dict[str, dict] = {}
    header = f"{'instance':<15}{'requested':>10}{'placed':>8}{'valid':>7}{'cost':>6}"
    print(header + f"{'best known':>12}{'seconds':>9}{'cpu s':>8}  load average")
    for path in sorted(args.instances.glob("*.dzn")):
        if args.only and path.stem not in args.only:
            continue
        problem = read_dzn(path, time_limit_s=args.time_limit, seed=args.seed)
        started, cpu = time.monotonic(), time.process_time()
        schedule = schedule_meetings(problem, SolverOptions(workers=args.workers))
        seconds = time.monotonic() - started
        cpu = time.process_time() - cpu
        load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else []
        violations = check_schedule(problem, schedule)
        row = {
            "requested": len(problem.meetings),
            "placed": len(schedule.placements),
            "valid": not violations,
            "cost": schedule.idle_total,
            "best_known": known.get(path.stem),
            "seconds": round(seconds, 2),
            "cpu_seconds": round(cpu, 2),
            "load_average": " ".join(load),
        }
        results[path.stem] = row
        bk = "null" if row["best_known"] is None else row["best_known"]
        print(
            f"{path.stem:<15}{row['requested']:>10}{row['placed']:>8}{str(row['valid']):>7}"
            f"{row['cost']:>6}{bk:>12}{row['seconds']:>9.2f}{row['cpu_seconds']:>8.1f}  "
            f"{row['load_average']}",
            flush=True,
        )
        for v in violations[:5]:
            print(f"    violation: {v.rule}: {v.message}")
    if args.json:
        args.json.write_text(json.dumps({"instances": results}, indent=2) + "\n")


if __name__ == "__main__":
    main()
