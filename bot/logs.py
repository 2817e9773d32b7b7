"""Where the desk's log goes: stderr, as text or as one JSON object a line ([logging]).

`[logging] level` sets how much is said; `-v` says more (info), `-vv` everything (debug).
Whatever a message holds, no bot token, national id or mobile number is written: each
record is masked on its way out (the handlers avoid logging them; this is the net under them).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys

LEVELS = {"debug": logging.DEBUG, "info": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}
# library loggers can print request URLs, which carry bot tokens
_NOISY = ("httpx", "httpcore", "urllib3", "aiohttp.access")

# A bot token (123456789:AA…, also inside a URL), an Iranian mobile in any written form, and
# a run of ten digits (a national id); digits of any script, before they could be normalised.
_D = r"[0-9۰-۹٠-٩]"
_SECRETS = [
    (re.compile(rf"{_D}{{5,}}:[A-Za-z0-9_-]{{20,}}"), "<token>"),
    (re.compile(rf"(?:\+|00)?(?:98|۹۸)[\s-]?{_D}{{3}}[\s-]?{_D}{{3}}[\s-]?{_D}{{4}}(?!{_D})"), "<mobile>"),
    (re.compile(rf"(?<!{_D})(?:0|۰|٠){_D}{{3}}[\s-]?{_D}{{3}}[\s-]?{_D}{{4}}(?!{_D})"), "<mobile>"),
    (re.compile(rf"(?<!{_D}){_D}{{10}}(?!{_D})"), "<national-id>"),
]


def redact(text: str) -> str:
    for pattern, mask in _SECRETS:
        text = pattern.sub(mask, text)
    return text


class TextFormatter(logging.Formatter):
    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, ISO), level, logger, message (and the traceback, if any)."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": redact(record.getMessage()),
        }
        if record.exc_info:
            entry["traceback"] = redact(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a record comes (a test may have replaced it since)."""

    bimeh_desk = True  # ours: replaced when logging is set up again

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def setup_logging(log_format: str = "text", level: str = "warning", verbose: int = 0) -> None:
    """Log to stderr in `log_format` from `level`, or lower with -v (info) and -vv (debug)."""
    threshold = LEVELS[level]
    if verbose:
        threshold = min(threshold, logging.INFO if verbose == 1 else logging.DEBUG)
    handler = _StderrHandler()
    handler.setFormatter(JsonFormatter() if log_format == "json" else TextFormatter())
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _StderrHandler)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(threshold)
    for noisy in _NOISY:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, threshold))
