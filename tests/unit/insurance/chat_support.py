"""Rosters and journeys for the insurer's requests in chat (tests/harness.py ChatHarness)."""
from __future__ import annotations

from tests.harness import ChatHarness, said
from tests.unit.insurance.support import nid

HEADER = "national_id,first_name,last_name,birth_date,role,exemption,extra_risk"
TODAY = "1403/08/30"  # the harness's today


def roster_csv(*rows: str) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")


def child(n: int, exemption: str = "", extra: str = "no", birth: str = "1398/05/12") -> str:
    return f"{nid(n)},سارا,محمدی{n},{birth},child,{exemption},{extra}"


GOOD_ROSTER = roster_csv(child(1), child(2), child(3, exemption="martyr_child"), child(4, extra="yes"),
                         f"{nid(5)},مریم,کریمی,1320/01/10,staff,,no")  # 83 on 1403/09/01: +80%


def file_contract_request(chat: ChatHarness, death_capital: str = "100000000", roster: bytes = GOOD_ROSTER,
                          user: str = "kindergarten", name: str | None = None, identifier: str = "10100123456") -> int:
    """A contract request through the form; returns the ticket id."""
    chat.say(user, "/new")
    chat.press(user, "عقد قرارداد")
    if name is None:
        chat.press(user, "✔")  # the policyholder's name offered from the user's link
    else:
        chat.say(user, name)
    chat.say(user, identifier)  # the policyholder's national id or registration number
    chat.say(user, "1")  # kindergarten
    chat.say(user, "1")  # death and disability
    chat.say(user, death_capital)
    chat.say(user, "1,000,000")
    chat.say(user, "1403/09/01")
    chat.send_file(user, "roster.csv", roster)
    replies = chat.press(user, "ثبت")
    ticket_id = replies[-1].ticket_id
    assert ticket_id is not None, said(replies)
    return ticket_id


def approve(chat: ChatHarness, user: str, ticket_id: int, discount: str = "0") -> str:
    """Press approve on the ticket, read the review, confirm, and give the group discount agreed when it
    is asked; returns what was shown."""
    shown = said(chat.say(user, f"/show {ticket_id}"))
    confirm = said(chat.press(user, "تأیید"))
    done = said(chat.press(user, "بله"))
    if "تخفیف گروهی توافق‌شده" in done:
        done += "\n" + said(chat.say(user, discount))
    return "\n".join([shown, confirm, done])


def pay(chat: ChatHarness, ticket_id: int, cheque: str = "556677", day: str = TODAY, user: str = "issuer") -> str:
    """Record the policyholder's cheque for the quote: the receipt, then the issue."""
    return said(chat.say(user, f"/record_payment {ticket_id} {cheque} {day}"))
