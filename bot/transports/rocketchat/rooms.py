"""Which rooms the bot answers in: its direct messages, and the expert channel if configured."""
from __future__ import annotations

from typing import Any

DIRECT = "direct"
CHANNEL = "channel"
HISTORY_METHODS = {"d": "dm_history", "c": "channels_history", "p": "groups_history"}


def room_kind(subscription: dict[str, Any], channel_name: str | None) -> str | None:
    """DIRECT, CHANNEL, or None for rooms the bot only happens to be in."""
    kind = subscription.get("t")
    if kind == "d":
        return DIRECT
    if channel_name and kind in ("c", "p") and subscription.get("name") == channel_name:
        return CHANNEL
    return None
