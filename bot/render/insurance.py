"""Messages of the insurer's side: a document an action made, a renewal reminder, a contract."""
from __future__ import annotations

from functools import partial

from bot import buttons
from bot.events import Button, Outbound
from bot.i18n import Translator
from bot.render.text import line_param, render_line, ticket_ref
from core.insurance.contracts.reminders import RENEWAL_DUE
from core.insurance.contracts.service_types import ContractView
from core.insurance.reports.dispatch import REPORT_SENT, STATISTICS_SENT
from core.models import OutboxMessage, User
from core.notifications import DOCUMENT_SENT
from core.requests.hooks import Line
from core.text import isolate, ltr
from core.values import Day, LeftToRight, Money

SHOWN_MEMBERS = 50


def notification(t: Translator, message: OutboxMessage, recipient: User | None) -> Outbound:
    """A document an action made, a report or the statistics sent, a renewal reminder: the same for every reader."""
    p = message.payload
    if message.kind == DOCUMENT_SENT:
        ticket_id = p["ticket_id"]
        caption = render_line(t, p["caption"]) if p.get("caption") else t("insurance_chat.document",
                                                                          name=p["filename"])
        text = t("insurance_chat.document_for", ref=ticket_ref(t, ticket_id)) + "\n" + caption
        # the file's path is set by the dispatcher (bot.runtime.delivery), which can read the store
        return Outbound(text, [[Button(t("button.show"), buttons.show(ticket_id))]], ticket_id=ticket_id)
    if message.kind in (REPORT_SENT, STATISTICS_SENT):  # the file is set by the dispatcher (bot.runtime.delivery)
        return Outbound(report_text(t, message.kind, p))
    text = render_line(t, Line("insurance_chat.renewal_due", {
        "contract": p["contract"], "policyholder": p["policyholder"], "end": Day.fromiso(p["end"]), "days": p["days"],
        "persons": p["persons"], "premium": Money(p["premium"])}))
    if p.get("proposal"):
        text += "\n" + render_line(t, Line("insurance_chat.renewal_letter", {"proposal": p["proposal"],
                                                                               "premium": Money(p["premium"])}))
    return Outbound(text)


RENDERERS = {kind: notification for kind in (DOCUMENT_SENT, RENEWAL_DUE, REPORT_SENT, STATISTICS_SENT)}


def report_text(t: Translator, kind: str, p: dict) -> str:
    """A report the desk sent by itself: a month's to a department's recipient (which departments it
    is for), or a contract's six-monthly statistics to its policyholder."""
    if kind == STATISTICS_SENT:
        return render_line(t, Line("report_chat.statistics", {
            "contract": p["contract"], "period": p["period"], "start": Day.fromiso(p["start"]),
            "end": Day.fromiso(p["end"]), "orders": p["orders"], "amount": Money(p["amount"])}))
    figures = t(f"report_chat.{p['report']}", month=ltr(t.number(p["period"])), count=p["count"],
                persons=p["persons"], amount=line_param(t, Money(p["amount"])))
    departments = p.get("departments") or []
    if not departments:
        return figures
    names = t("common.list_separator").join(t(f"report.department.{d}") for d in departments)
    return t("report_chat.sent_for", departments=names) + "\n" + figures


def contract_text(t: Translator, view: ContractView) -> str:
    c = view.contract

    v = partial(line_param, t)

    lines = [
        t("insurance_chat.contract.header", number=v(c.number), policyholder=isolate(view.policyholder.name),
          status=t(f"insurance_chat.contract_status.{c.status}")),
        t("insurance_chat.contract.plan", plan=t(f"plan.{c.plan}"), death=v(Money(c.death_capital)),
          medical=v(Money(c.medical_capital))),
        t("insurance_chat.contract.period", start=v(Day(c.start)), end=v(Day(c.end)),
          days=v(c.days)),
        t("insurance_chat.contract.money", rate=v(Money(c.rate)), discount=v(c.discount_percent),
          premium=v(Money(c.premium)), charged=v(Money(view.charged)), paid=v(Money(view.paid)),
          balance=v(Money(view.balance))),
    ]
    if view.endorsements:
        lines.append(t("insurance_chat.contract.endorsements", count=v(len(view.endorsements))))
        for e in view.endorsements:
            lines.append(t("insurance_chat.contract.endorsement", number=v(e.number),
                           kind=t(f"endorsement_kind.{e.kind}"), effective=v(Day(e.effective)),
                           amount=v(Money(e.amount))))
    for p in view.payments:
        lines.append(t("insurance_chat.contract.payment", number=v(p.receipt_number),
                       paid_on=v(Day(p.paid_on)), amount=v(Money(p.amount))))
    if view.refunds_owed:  # a policyholder sees what is owed back to them
        lines.append(t("insurance_chat.contract.refunds", amount=v(Money(view.refunds_owed))))
    for p in view.open_proposals:
        lines.append(t("insurance_chat.contract.proposal", proposal=v(p.number),
                       kind=t(f"insurance.proposal_kind.{p.kind}"), amount=v(Money(p.amount))))
    current = [m for m in view.members if m.member_to is None]
    lines.append(t("insurance_chat.contract.persons", count=v(len(current)), ever=v(len(view.members))))
    for m in current[:SHOWN_MEMBERS]:
        lines.append(t("insurance_chat.contract.person", name=isolate(m.person.full_name),
                       national_id=v(LeftToRight(m.person.national_id)), premium=v(Money(m.annual_premium))))
    if len(current) > SHOWN_MEMBERS:
        lines.append(t("insurance_chat.review.more_persons", count=v(len(current) - SHOWN_MEMBERS)))
    return "\n".join(lines)
