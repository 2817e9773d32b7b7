"""A claims refusal in the reader's words: the codes some refusals list (the eligibility reasons,
the documents missing) named by their catalog labels, never shown as codes (issue 23, «wording»)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.requests.hooks import Line

# a refusal's param that lists codes -> the catalog table that names each
LISTED_CODES = {"reasons": "claims.reason", "codes": "claims.document"}


def refusal_line(rule: str, params: Mapping[str, Any]) -> Line:
    """`claims.refusal.<rule>` with its listed codes as labelled lines (rendered «الف، ب»)."""
    shown: dict[str, Any] = {}
    for name, value in params.items():
        table = LISTED_CODES.get(name)
        if table is not None and isinstance(value, str):
            codes = [code.strip() for code in value.split(",") if code.strip()]
            shown[name] = [Line(f"{table}.{code}") for code in codes] or "—"
        else:
            shown[name] = value
    return Line(f"claims.refusal.{rule}", shown)
