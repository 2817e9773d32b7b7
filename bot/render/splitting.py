"""Long messages cut into parts under a platform's limit, at line ends where possible:
a long history or list stays readable, and no part is refused as too long."""
from __future__ import annotations

TELEGRAM_LIMIT = 4096


def utf16_len(text: str) -> int:
    """Telegram and Rocket.Chat (JavaScript strings) count length in UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Parts under `limit`, cut at line ends where possible."""
    if utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        while utf16_len(line) > limit:  # one line longer than a message: cut it
            cut = _fit(line, limit - utf16_len(current) - (1 if current else 0))
            if cut == 0:
                parts.append(current)
                current = ""
                continue
            current = f"{current}\n{line[:cut]}" if current else line[:cut]
            parts.append(current)
            current, line = "", line[cut:]
        candidate = f"{current}\n{line}" if current else line
        if utf16_len(candidate) <= limit:
            current = candidate
        else:
            parts.append(current)
            current = line
    if current:
        parts.append(current)
    return [p for p in parts if p.strip()] or [text[:limit]]


def _fit(line: str, room: int) -> int:
    """How many characters of `line` fit in `room` UTF-16 units (never splitting a pair)."""
    used = 0
    for index, char in enumerate(line):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > room:
            return index
    return len(line)
