"""A form being filled in: the request type, the step, the answers so far and the files sent.

Kept in the chat's state (the conversations table) as JSON after every answer, so a restart resumes
where the person was. `to_json` writes the shape drafts have always been saved in, and `from_json`
reads any draft saved since forms began: a key missing from an older one takes its default (a
draft from before versions: version 0 in its buttons), and a key this version does not know is
kept as it was, so neither a crash nor an upgrade loses a draft.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SUMMARY = "_summary"  # the step after the last question: the answers shown, to submit or edit
EDIT_MENU = "_edit"  # the step choosing which answer to change


class _Nothing:
    """No value offered back for confirmation (a pending value may itself be None or "")."""

    def __repr__(self) -> str:
        return "NOTHING"


NOTHING: Any = _Nothing()

# the JSON keys, as drafts have always been saved
_KEYS = ("type", "step", "values", "attachments", "editing", "version", "pending", "checklists")


@dataclass
class Draft:
    type: str  # the request type's code
    step: str  # the id of the field asked, or SUMMARY / EDIT_MENU
    values: dict[str, Any] = field(default_factory=dict)
    attachments: list[int] = field(default_factory=list)  # the ids of the files sent, in order
    editing: bool = False  # one answer changed from the summary: back to the summary after it
    version: int | None = None  # drawn into its buttons; None before the first save (core's is 0)
    pending: Any = NOTHING  # a checked value offered back for a yes/no (FormField.confirm)
    # each checklist field's state (bot/conversations/checklist.py), once its question was asked
    checklists: dict[str, dict[str, Any]] | None = None
    unknown: dict[str, Any] = field(default_factory=dict)  # keys of a later version, kept as they were

    @classmethod
    def new(cls, request_type: str, first_step: str) -> Draft:
        return cls(request_type, first_step)

    @property
    def at_question(self) -> bool:
        """Whether a field is asked (not the summary or the edit menu)."""
        return self.step not in (SUMMARY, EDIT_MENU)

    @property
    def confirming(self) -> bool:
        return self.pending is not NOTHING

    @property
    def button_version(self) -> int:
        """The version drawn into its buttons (a draft saved before versions existed: 0)."""
        return self.version or 0

    def checklist_state(self, field_id: str, new: dict[str, Any]) -> dict[str, Any]:
        """The checklist field's state, `new` when its question is asked the first time."""
        if self.checklists is None:
            self.checklists = {}
        return self.checklists.setdefault(field_id, new)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {**self.unknown, "type": self.type, "step": self.step, "values": self.values,
                                "attachments": self.attachments, "editing": self.editing}
        if self.version is not None:
            data["version"] = self.version
        if self.confirming:
            data["pending"] = self.pending
        if self.checklists is not None:
            data["checklists"] = self.checklists
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        return cls(
            type=data["type"],
            step=data["step"],
            values=dict(data.get("values") or {}),
            attachments=list(data.get("attachments") or []),
            editing=bool(data.get("editing", False)),
            version=data.get("version") if isinstance(data.get("version"), int) else None,
            pending=data["pending"] if "pending" in data else NOTHING,
            checklists=data.get("checklists"),
            unknown={k: v for k, v in data.items() if k not in _KEYS},
        )
