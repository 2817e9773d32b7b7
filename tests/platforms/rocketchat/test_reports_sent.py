"""The monthly reports over real HTTP (issue 23): to a department's Rocket.Chat channel and to a
recipient's direct messages, each message with its workbook uploaded beside it."""
from __future__ import annotations

import asyncio
from pathlib import Path

from bot.config.reports import ReportsConfig
from bot.runtime.jobs import JobRunner
from tests.platforms.rocketchat.adapter import EXPERT_CHANNEL, RcPlatform


async def test_a_departments_channel_and_a_recipient_get_each_report_with_its_workbook(tmp_path: Path) -> None:
    platform = RcPlatform(tmp_path, mode="poll", expert_channel=True)
    # now 1403/08/30: the reports of 1403/07 are due
    platform.config.reports = ReportsConfig(recipients={"statistics": [f"#{EXPERT_CHANNEL}"],
                                                        "claims_supervision": ["reports"]})
    await platform.start()
    try:
        reader = platform.in_channel("welfare")
        assert platform.app is not None
        sent = await asyncio.to_thread(JobRunner(platform.app.desk).run_once)
        assert sent["monthly_reports"] == 4
        for subject in ("قراردادهای", "تمدیدهای", "الحاقیه‌های", "خسارت‌های پرداختی"):
            seen = await reader.expect(f"گزارش {subject} ماه ۱۴۰۳/۰۷", timeout=20)
            assert "گزارش ماهانه برای اداره کل آمار و اتکایی" in seen.plain
        channel = platform.channel_room
        assert channel is not None
        for name in ("contracts", "renewals", "endorsements", "claims"):
            await _uploaded(platform, channel, f"{name}-1403-07.xlsx")
        dm = platform.server.dm("reports")
        await _uploaded(platform, dm, "claims-1403-07.xlsx")
        names = {a.get("title") for m in dm.messages for a in m.get("attachments") or []}
        assert "contracts-1403-07.xlsx" not in names  # the claims department's one report only
    finally:
        await platform.close()


async def _uploaded(platform: RcPlatform, room, name: str) -> None:  # noqa: ANN001 - the fake's Room
    for _ in range(400):
        if any(a.get("title") == name for m in room.messages for a in m.get("attachments") or []):
            stored = [data for title, data, _ in platform.server.files.values() if title == name]
            assert stored and stored[0][:2] == b"PK"  # the workbook itself
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"{name} never uploaded to {room.id}")
