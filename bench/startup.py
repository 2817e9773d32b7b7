"""How long a command takes from the shell, as a ratio to a bare interpreter (`python -c pass`).

    .venv/bin/python -m bench.startup [--runs 15] [--url DATABASE_URL]

Goals (issue 24): `python -m bot --help` within 5x a bare interpreter; `python -m bot insurance
contracts list --json` on an empty database within 10x. Every command runs as a person runs it,
a new process each time, on a database migrated before the runs (an empty SQLite file in a
temporary directory, or --url). The commands take turns, one run of each per round, so a
machine that slows during the run slows them all alike; each figure is the median of its runs.
Beside the wall-clock time, the CPU time the process used (user + system): on a machine
shared with other work the wall clock waits for the CPU too, the CPU time much less.
Python's bytecode caches are written (a warm-up run of each command) as an installation has
them, whatever PYTHONDONTWRITEBYTECODE says. The imports that set the floor (SQLAlchemy,
pydantic) are measured alone too.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE = "bare interpreter (python -c pass)"
GOALS = {"--help": 5.0, "insurance contracts list --json": 10.0}


def commands(config: Path) -> dict[str, list[str]]:
    bot = [sys.executable, "-m", "bot"]
    with_config = ["--config", str(config)]
    return {
        BARE: [sys.executable, "-c", "pass"],
        "--help": [*bot, "--help"],
        "insurance contracts --help": [*bot, "insurance", "contracts", "--help"],
        "migrate (schema current)": [*bot, "migrate", *with_config],
        "insurance contracts list --json": [*bot, "insurance", "contracts", "list", "--json", *with_config],
        "tickets list --json": [*bot, "tickets", "list", "--json", *with_config],
        "users list --json": [*bot, "users", "list", "--json", *with_config],
        "import sqlalchemy.orm (alone)": [sys.executable, "-c", "import sqlalchemy.orm"],
        "import pydantic (alone)": [sys.executable, "-c", "import pydantic"],
    }


def _config(directory: Path, url: str | None) -> Path:
    text = (ROOT / "config.example.toml").read_text(encoding="utf-8")
    database = url or f"sqlite:///{directory / 'bench.db'}"
    text = text.replace('url = "sqlite:///data/bimeh.db"', f'url = "{database}"', 1)
    text = text.replace('data_dir = "data"', f'data_dir = "{directory / "data"}"', 1)
    path = directory / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def _run(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one run."""
    cpu, started = _cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True)
    took = time.perf_counter() - started, _cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")
    return took


def measure(runs: int, url: str | None = None) -> dict[str, tuple[float, float]]:
    """Median wall-clock and CPU seconds of each command, interleaved round by round."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BIMEH_") and k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory(prefix="bimeh-startup-") as tmp:
        directory = Path(tmp)
        measured = commands(_config(directory, url))
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in measured}
        for command in measured.values():  # migrates the database, writes the bytecode caches
            _run(command, env, directory)
        for _ in range(runs):
            for name, command in measured.items():
                times[name].append(_run(command, env, directory))
    return {name: (statistics.median(w for w, _ in taken), statistics.median(c for _, c in taken))
            for name, taken in times.items()}


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (default 15)")
    parser.add_argument("--url", help="a database URL to measure on (default: an empty SQLite file)")
    args = parser.parse_args(argv)
    medians = measure(args.runs, args.url)
    bare_wall, bare_cpu = medians[BARE]
    ratios = {name: wall / bare_wall for name, (wall, _) in medians.items()}
    print(f"median of {args.runs} runs each, {sys.executable}; the goals are on the wall clock")
    print(f"{'command':<36} {'wall ms':>8} {'ratio':>6} {'CPU ms':>8} {'ratio':>6}  goal")
    for name, (wall, cpu) in medians.items():
        goal = f"<= {GOALS[name]:g}x: {'met' if ratios[name] <= GOALS[name] else 'not met'}" if name in GOALS else ""
        print(f"{name:<36} {wall * 1000:8.1f} {ratios[name]:6.1f} {cpu * 1000:8.1f} {cpu / bare_cpu:6.1f}  {goal}")
    return ratios


if __name__ == "__main__":
    main()
