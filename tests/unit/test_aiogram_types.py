"""The aiogram driver imports aiogram with its types built on first use (aiogram_types): each
check runs in a fresh interpreter, since aiogram is imported once per process."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RSS_MB = "next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')) / 1024"


def run(script: str) -> str:
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_the_driver_holds_a_fraction_of_the_memory_aiogram_takes_when_it_builds_every_type():
    base = "import bot.transports.telegram.api\nbefore = " + RSS_MB + "\n"
    driver = float(run(base + "import bot.transports.telegram.aiogram_api\nprint(" + RSS_MB + " - before)"))
    eager = float(run(base + "import aiogram\nprint(" + RSS_MB + " - before)"))
    assert driver < eager / 2, (driver, eager)


def test_every_aiogram_type_and_method_still_builds_and_parses_what_telegram_sends():
    update = {"update_id": 7, "callback_query": {
        "id": "c1", "chat_instance": "i", "data": "approve:12",
        "from": {"id": 5, "is_bot": False, "first_name": "مریم"},
        "message": {"message_id": 9, "date": 1764979200, "chat": {"id": 5, "type": "private"}, "text": "درخواست ۱۲",
                    "reply_markup": {"inline_keyboard": [[{"text": "تأیید", "callback_data": "approve:12"}]]},
                    "reply_to_message": {"message_id": 8, "date": 1764979100, "chat": {"id": 5, "type": "private"},
                                         "contact": {"phone_number": "09120000000", "first_name": "م"}}}}}
    out = run(f"""
import json
import bot.transports.telegram.aiogram_api
from aiogram import methods, types
unbuilt = [n for n in ("Update", "Gift", "Message") if not getattr(types, n).__pydantic_complete__]
parsed = types.Update.model_validate(json.loads({json.dumps(json.dumps(update))}))
built = 0
for module in (types, methods):
    for name in module.__all__:
        model = getattr(module, name)
        if hasattr(model, "model_rebuild"):
            model.model_rebuild()  # raises if a forward reference cannot be resolved
            built += model.__pydantic_complete__
print(json.dumps({{"unbuilt": unbuilt, "built": built, "data": parsed.callback_query.data,
                  "button": parsed.callback_query.message.reply_markup.inline_keyboard[0][0].text,
                  "phone": parsed.callback_query.message.reply_to_message.contact.phone_number}}))
""")
    result = json.loads(out)
    assert result["unbuilt"] == ["Update", "Gift", "Message"]  # not built by the import
    assert result["built"] > 400
    assert (result["data"], result["button"], result["phone"]) == ("approve:12", "تأیید", "09120000000")
