"""What must never reach a person: a catalog key, or one of the desk's internal codes (issue 23,
«wording»). `leaks(text)` finds them in anything shown: a chat message, a CLI line, a report cell.

The rule cannot be met by accident:
- a token shaped like a code, `word_word` (`death_disability`, `guardian_id_copy`, `national_id`),
  or like a catalog key, `table.key` with a table of the catalogs (`insurance.rule.x`);
- or any of the desk's own codes, one word or several (plans, endorsement and claim kinds,
  exemptions, roles, statuses, actions, request types, report subjects, departments, rule codes,
  document codes), as a whole word in Persian text.
What a person types is theirs: commands and their arguments (`/my premium_issuance`, `--user`), a
configuration key they must write (`[console] default_user`) and file names are not codes shown to
them; those sit in left-to-right isolates that begin with one of `/ - [ $` or name a file.
"""
from __future__ import annotations

import re

from bot.i18n import catalog
from core.insurance.claims.documents import BY_KIND, COMMON
from core.insurance.claims.kinds import CLAIM_KINDS
from core.insurance.contracts.roster import COLUMNS
from core.insurance.reports.monthly import ALL_DEPARTMENTS
from core.insurance.shared.models import ENDORSEMENT_KINDS, EXEMPTIONS, PERSON_ROLES, PLANS, POLICYHOLDER_KINDS
from core.models import ROLES
from core.requests.registry import REQUEST_TYPES

_TYPED = re.compile("\u2066\\s*(?:[/\\-\\[$]|[^\u2066-\u2069]*\\.(?:pdf|xlsx|csv|png|toml)\\b)[^\u2066-\u2069]*\u2069")
_CODE_SHAPED = re.compile(r"(?<![\w./-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w])")
_KEY_SHAPED = re.compile(r"(?<![\w./-])([a-z_]+)(?:\.[a-z0-9_]+)+(?![\w])")
_LATIN_WORD = re.compile(r"(?<![\w./@-])[a-z]{3,}(?![\w])")
_ISOLATED = re.compile("[\u2066-\u2068][^\u2066-\u2069]*\u2069")


def _codes() -> set[str]:
    codes = {*PLANS, *ENDORSEMENT_KINDS, *EXEMPTIONS, *PERSON_ROLES, *POLICYHOLDER_KINDS, *CLAIM_KINDS, *ROLES,
             *ALL_DEPARTMENTS, *COLUMNS, "contracts", "renewals", "endorsements", "claims", "contract", "renewal",
             "endorsement", "requester", "premium"}
    for rtype in REQUEST_TYPES.values():
        codes |= {rtype.code, *rtype.workflow.states, *(a.code for a in rtype.workflow.actions)}
    codes |= {item.code for item in COMMON} | {item.code for items in BY_KIND.values() for item in items}
    for key in catalog("fa"):  # rule and refusal codes: the last part of their catalog keys
        parts = key.split(".")
        if len(parts) >= 3 and parts[-2] in ("rule", "refusal", "reason", "input"):
            codes.add(parts[-1])
    return {c for c in codes if len(c) >= 4}


CODES = frozenset(_codes())
TABLES = frozenset(key.split(".")[0] for key in catalog("fa"))


def leaks(text: str, lang: str = "fa") -> list[str]:
    """The codes and catalog keys shown in `text` (empty when none). In English, only catalog keys:
    an English sentence may name a roster column or a subcommand as the person types it."""
    shown = _TYPED.sub(" ", text)
    found = [m.group() for m in _KEY_SHAPED.finditer(shown) if m.group(1) in TABLES]
    if lang != "fa":
        return found
    found += [m.group() for m in _CODE_SHAPED.finditer(shown)]
    # one of our one-word codes outside any isolate: an isolated word is a value of the person's own
    # (a username, something they typed) or a word they are to type
    found += [w for w in _LATIN_WORD.findall(_ISOLATED.sub(" ", shown)) if w in CODES]
    return found


def assert_no_leaks(text: str, where: str = "", lang: str = "fa") -> None:
    found = leaks(text, lang)
    assert not found, f"{where}: internal codes or catalog keys shown to a person: {found}\n{text}"
