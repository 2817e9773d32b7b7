"""The benchmarks still run (tiny sizes; the figures are in bench/README.md, not checked here)."""
from __future__ import annotations

import asyncio
import time

import pytest

from bench import drafts_rss, fanout, lists, startup, updates


def test_lists_bench_runs(capsys: pytest.CaptureFixture[str]) -> None:
    ratios = lists.main(large=300, rounds=1, small=100)
    assert set(ratios) == {"/my (requester)", "/queue (welfare expert)"}
    assert "ratio" in capsys.readouterr().out


def test_fanout_bench_runs(capsys: pytest.CaptureFixture[str]) -> None:
    result = fanout.main(["--count", "20", "--chats", "10", "--rate", "200", "--gap", "0.05"])
    assert result["busiest"] <= 200
    assert "achieved / limit" in capsys.readouterr().out


def test_startup_bench_runs(capsys: pytest.CaptureFixture[str]) -> None:
    ratios = startup.main(["--runs", "1"])
    assert set(startup.GOALS) < set(ratios) and ratios[startup.BARE] == 1.0
    out = capsys.readouterr().out
    assert "ratio" in out and "insurance contracts list --json" in out


def test_drafts_rss_bench_runs(capsys: pytest.CaptureFixture[str]) -> None:
    assert drafts_rss.main(20) > 0
    assert "open drafts" in capsys.readouterr().out


def test_updates_bench_runs(capsys: pytest.CaptureFixture[str]) -> None:
    ratios = updates.main(["--users", "3", "--seconds", "0.2", "--warmup", "0.1", "--db", "sqlite",
                           "--drivers", "aiogram", "--quiet", "0.1"])
    assert set(ratios) == {"aiogram/sqlite"}
    out = capsys.readouterr().out
    assert "ratio desk/bare" in out
    assert out.count("bare aiogram echo") == 2  # measured before and after the desk


def test_a_bot_that_fails_before_it_is_ready_is_reported_not_waited_for() -> None:
    async def broken(url: str, token: str, ready: asyncio.Event, stop: asyncio.Event) -> None:
        raise RuntimeError("greenlet is missing")

    started = time.monotonic()
    with pytest.raises(RuntimeError, match="greenlet is missing"):
        asyncio.run(asyncio.wait_for(
            updates.measure(broken, "http://127.0.0.1:9", "token", 1, updates.FORM, 0.0, 0.0), 10))
    assert time.monotonic() - started < 5  # said at once, not when something else gave up waiting


def test_roster_files_bench_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from bench import roster_files

    results = roster_files.main(["--bomb-mb", "80", "--rows", "3000", "--good", "50"])
    assert results["zip bomb, 80 MB unpacked"]["outcome"] == "refused: unpacks_too_large"
    assert "peak RSS MB" in capsys.readouterr().out
