"""What an attack file costs to refuse (issue 23): the issue's zip bomb (a 2 MB XLSX whose one cell
unpacks to 2 GB of text), 200,000-row files, a sheet of blank rows, an XML entity bomb, against
reading a good roster of 5,000 persons. Each file is read in a fresh process (`python -m
bench.roster_files --case FILE`), which reports its time to the answer and its peak RSS; a process
that only imports what reading needs gives the baseline. Figures, not pass/fail (goal: a zip bomb
refused in under 2 s and 200 MB).

    python -m bench.roster_files [--bomb-mb 2048] [--rows 200000]
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # `python bench/roster_files.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import attack_files  # noqa: E402


def measure(path: str) -> dict[str, object]:
    """Read one roster file here, in this process: what came of it, how long, the peak RSS."""
    from core.insurance.contracts.roster import parse_roster
    from core.insurance.contracts.roster_files import RosterUnreadable

    if path == "-":  # the baseline: the imports alone
        import openpyxl  # noqa: F401

        outcome = "imports only"
        seconds = 0.0
    else:
        data = Path(path).read_bytes()
        started = time.perf_counter()
        try:
            result = parse_roster(path, data)
            outcome = f"read: {len(result.persons)} persons, {len(result.problems)} problems"
        except RosterUnreadable as refused:
            outcome = f"refused: {refused.reason}"
        seconds = time.perf_counter() - started
    return {"outcome": outcome, "seconds": seconds, "rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's peak RSS. Linux's VmHWM, not getrusage's ru_maxrss: that one keeps the peak of
    the process that forked this one across the exec (the parent holds the attack files)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _in_a_process(path: str) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "bench.roster_files", "--case", path], capture_output=True,
                          text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> dict[str, dict[str, object]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--case", help=argparse.SUPPRESS)
    parser.add_argument("--bomb-mb", type=int, default=2048, help="what the zip bomb unpacks to (MB)")
    parser.add_argument("--rows", type=int, default=200_000, help="rows of the too-long files")
    parser.add_argument("--good", type=int, default=5_000, help="persons of the good roster")
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(measure(args.case)))
        return {}
    makers = {
        f"good roster, {args.good} persons, CSV": ("good.csv", lambda: attack_files.csv_of_persons(args.good)),
        f"good roster, {args.good} persons, XLSX": ("good.xlsx", lambda: attack_files.xlsx_of_persons(args.good)),
        f"zip bomb, {args.bomb_mb} MB unpacked": ("bomb.xlsx", lambda: attack_files.xlsx_bomb(args.bomb_mb)),
        "XML entity bomb": ("laughs.xlsx", attack_files.xlsx_xml_bomb),
        f"{args.rows} rows, CSV": ("rows.csv", lambda: attack_files.csv_of_persons(args.rows)),
        f"{args.rows} rows, XLSX with its dimension": (
            "rows.xlsx", lambda: attack_files.xlsx_of_ids(args.rows, f"A1:A{args.rows + 1}")),
        f"{args.rows} rows, XLSX without a dimension": ("rows-nodim.xlsx", lambda: attack_files.xlsx_of_ids(args.rows)),
        f"{args.rows} blank rows, XLSX": ("blank.xlsx", lambda: attack_files.xlsx_of_blank_rows(args.rows)),
    }
    results: dict[str, dict[str, object]] = {"baseline": _in_a_process("-")}
    with tempfile.TemporaryDirectory() as folder:
        for name, (filename, make) in makers.items():
            path = Path(folder) / filename
            path.write_bytes(make())
            results[name] = {**_in_a_process(str(path)), "file_mb": path.stat().st_size / 2**20}
    base = results["baseline"]
    good = results[f"good roster, {args.good} persons, CSV"]
    print(f"{'file':44} {'size MB':>8} {'seconds':>8} {'x good CSV':>10} {'peak RSS MB':>12}  outcome")
    for name, r in results.items():
        ratio = float(r["seconds"]) / float(good["seconds"]) if good["seconds"] else 0.0
        print(f"{name:44} {float(r.get('file_mb', 0.0)):8.2f} {float(r['seconds']):8.3f} {ratio:10.2f} "
              f"{float(r['rss_mb']):12.1f}  {r['outcome']}")
    print(f"(peak RSS includes the interpreter and the imports: {float(base['rss_mb']):.1f} MB for those alone)")
    return results


if __name__ == "__main__":
    main()
