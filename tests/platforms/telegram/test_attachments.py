"""Attachments in Telegram, through the real libraries and the fake Bot API over HTTP: a photo sent
alone is kept (its largest size only), and a file over the limit is refused before it is downloaded."""
from __future__ import annotations

from tests.harness import PNG, fa
from tests.platforms import journeys
from tests.platforms.telegram.adapter import TelegramPlatform
from tests.platforms.telegram.steps import reach_attachments


async def test_a_photo_alone_is_kept_never_dropped(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    await reach_attachments(maryam)
    await maryam.send_photo(PNG)
    kept = await maryam.expect("دریافت شد")
    assert "photo_" in kept.plain
    large_file = [c for c in telegram.fake.calls if c.method == "file"]
    assert len(large_file) == 1  # the largest size only
    await maryam.press("پایان ارسال مدارک")
    await maryam.expect("اگر همه‌چیز درست است")
    await maryam.press("ثبت")
    n = int(journeys.fa(1).translate(str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")))
    await maryam.expect("ثبت شد")
    [attachment] = telegram.app.desk.tickets.operator_details(n).attachments
    assert attachment.content_type == "image/png" and attachment.size == len(PNG)


async def test_a_file_over_the_limit_is_refused_before_downloading(telegram: TelegramPlatform):
    maryam = telegram.user("maryam")
    await reach_attachments(maryam)
    await maryam.send_photo(PNG, declared_size=25 * 1024 * 1024)
    await maryam.expect("از ۲۰ مگابایت بزرگ‌تر است و خوانده نشد")
    await maryam.expect(f"({fa(9)} از ۹)")  # the question again
    assert [c for c in telegram.fake.calls if c.method in ("getFile", "file")] == []
