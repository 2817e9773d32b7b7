"""From nothing to a running desk, as a new office gets there: the README's two commands on a fresh
clone, and the desk installed as a package (as `pipx install .` does) started in an empty folder.

The clone's `./desk test` runs the smoke tests (`-m smoke`), not the whole suite again: that one
run makes its own .venv, installs, finds the Debian packages already there, and passes.
"""
from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from bot import __version__

ROOT = Path(__file__).resolve().parents[2]
INSTALL_TIMEOUT = 1200  # seconds: a first install from PyPI on a busy machine

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("fresh-clone")]


def clean_env(**more: str) -> dict[str, str]:
    """The environment of a person at a terminal: not this test run's code, virtualenv or settings."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTEST_ADDOPTS") and not k.startswith(("BIMEH_", "PYTEST_"))}
    if os.environ.get("BIMEH_REQUIRE_ALL"):
        env["BIMEH_REQUIRE_ALL"] = os.environ["BIMEH_REQUIRE_ALL"]  # CI's: nothing skipped in there either
    env.update(PYTHONIOENCODING="utf-8", **more)
    return env


def readme_commands() -> list[str]:
    """The README's first block of commands."""
    block = re.search(r"```sh\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.DOTALL)
    assert block is not None, "README.md has no ```sh block"
    return [line.split(" #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("fresh") / "bimeh-desk"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(where)], check=True, timeout=120)
    return where


def test_the_readmes_two_commands_run_the_desk_and_pass_the_tests_on_a_fresh_clone(clone: Path) -> None:
    assert readme_commands() == ["./desk run --demo", "./desk test"]
    run, test = (shlex.split(command) for command in readme_commands())

    first = subprocess.run(run, cwd=clone, env=clean_env(), input="/my\n/quit\n", capture_output=True, text=True,
                           timeout=INSTALL_TIMEOUT)
    assert first.returncode == 0, first.stderr[-3000:]
    assert "هنوز درخواستی ثبت نکرده‌اید" in first.stdout  # the desk answered, in Persian
    assert (clone / "data" / "demo" / "bimeh.db").exists()
    # once installed, it starts at once: nothing is installed again
    again = subprocess.run(run, cwd=clone, env=clean_env(), input="/quit\n", capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0 and "Installing" not in again.stderr, again.stderr

    # the test command with an argument: the smoke test (a backup under load restored, through the
    # command line) on both databases, in one process
    passed = subprocess.run([*test, "-m", "smoke", "-n", "0", "-p", "no:cacheprovider"], cwd=clone,
                            env=clean_env(), capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
    summary = passed.stdout.strip().splitlines()[-1] if passed.stdout.strip() else ""
    assert passed.returncode == 0, passed.stdout[-3000:] + passed.stderr[-3000:]
    counted = re.search(r"(\d+) passed", summary)
    assert counted and int(counted.group(1)) >= 2 and "skipped" not in summary, summary
    assert not (clone / ".git" / "index.lock").exists()
    status = subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True)
    assert status.stdout == "", f"the two commands left files git would see:\n{status.stdout}"


def test_installed_as_a_package_the_desk_runs_in_an_empty_folder(clone: Path,
                                                                 tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("pipx")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    # the desk itself as a built wheel, as pipx installs it; its dependencies from this run's
    # environment (a path, not a site folder: the editable install of this checkout stays out)
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    str(clone)], check=True, timeout=INSTALL_TIMEOUT, env=clean_env(), capture_output=True)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True).stdout.strip())
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")

    office = base / "office"
    office.mkdir()

    def desk(*args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(venv / "bin" / "bimeh-desk"), *args], cwd=office, env=clean_env(), input=stdin,
                              capture_output=True, text=True, timeout=120)

    where = subprocess.run([str(python), "-c", "import bot; print(bot.__file__)"], cwd=office, env=clean_env(),
                           capture_output=True, text=True)
    assert where.stdout.startswith(str(site)), where  # the installed package runs, not a checkout

    assert desk("--version").stdout == f"bimeh-desk {__version__}\n"
    nothing = desk()
    assert nothing.returncode == 2 and "init" in nothing.stderr and list(office.iterdir()) == []
    demo = desk("--demo", stdin="/my\n/quit\n")
    assert demo.returncode == 0 and "هنوز درخواستی ثبت نکرده‌اید" in demo.stdout, demo.stderr
    assert desk("init").returncode == 0
    assert (office / "config.toml").read_text(encoding="utf-8") == (ROOT / "config.example.toml").read_text(
        encoding="utf-8")
    listed = desk("users", "list")
    assert listed.returncode == 0 and "maryam" in listed.stdout, listed.stderr
    # python -m bot is the same program
    module = subprocess.run([str(python), "-m", "bot", "--version"], cwd=office, env=clean_env(),
                            capture_output=True, text=True)
    assert module.stdout == f"bimeh-desk {__version__}\n"
