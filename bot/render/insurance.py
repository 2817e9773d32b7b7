"""Messages of the insurer's side: a document an action made, a renewal reminder, a contract."""
from __future__ import annotations

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
        "contract": p["contract"], "policyholder": p["policyholder"], "end": p["end"], "days": p["days"],
        "persons": p["persons"], "premium": p["premium"]}))
    if p.get("proposal"):
        text += "\n" + render_line(t, Line("insurance_chat.renewal_letter", {"proposal": p["proposal"],
                                                                               "premium": p["premium"]}))
    return Outbound(text)


RENDERERS = {kind: notification for kind in (DOCUMENT_SENT, RENEWAL_DUE, REPORT_SENT, STATISTICS_SENT)}


def report_text(t: Translator, kind: str, p: dict) -> str:
    """A report the desk sent by itself: a month's to a department's recipient (which departments it
    is for), or a contract's six-monthly statistics to its policyholder."""
    if kind == STATISTICS_SENT:
        return render_line(t, Line("report_chat.statistics", {
            "contract": p["contract"], "period": p["period"], "start": p["start"], "end": p["end"],
            "orders": p["orders"], "amount": p["amount"]}))
    figures = t(f"report_chat.{p['report']}", month=ltr(t.number(p["period"])), count=p["count"],
                persons=p["persons"], amount=ltr(t.number(f"{p['amount']:,}")))
    departments = p.get("departments") or []
    if not departments:
        return figures
    names = t("common.list_separator").join(t(f"report.department.{d}") for d in departments)
    return t("report_chat.sent_for", departments=names) + "\n" + figures


def contract_text(t: Translator, view: ContractView) -> str:
    c = view.contract

    def v(name: str, value: object) -> object:
        return line_param(t, name, value)

    lines = [
        t("insurance_chat.contract.header", number=v("n", c.number), policyholder=isolate(view.policyholder.name),
          status=t(f"insurance_chat.contract_status.{c.status}")),
        t("insurance_chat.contract.plan", plan=t(f"plan.{c.plan}"), death=v("capital", c.death_capital),
          medical=v("capital", c.medical_capital)),
        t("insurance_chat.contract.period", start=v("d", c.start.isoformat()), end=v("d", c.end.isoformat()),
          days=v("n", c.days)),
        t("insurance_chat.contract.money", rate=v("rate", c.rate), discount=v("n", c.discount_percent),
          premium=v("premium", c.premium), charged=v("amount", view.charged), paid=v("amount", view.paid),
          balance=v("balance", view.balance)),
    ]
    if view.endorsements:
        lines.append(t("insurance_chat.contract.endorsements", count=v("n", len(view.endorsements))))
        for e in view.endorsements:
            lines.append(t("insurance_chat.contract.endorsement", number=v("n", e.number),
                           kind=t(f"endorsement_kind.{e.kind}"), effective=v("d", e.effective.isoformat()),
                           amount=v("amount", e.amount)))
    for p in view.payments:
        lines.append(t("insurance_chat.contract.payment", number=v("n", p.receipt_number),
                       paid_on=v("d", p.paid_on.isoformat()), amount=v("amount", p.amount)))
    if view.refunds_owed:  # a policyholder sees what is owed back to them
        lines.append(t("insurance_chat.contract.refunds", amount=v("amount", view.refunds_owed)))
    for p in view.open_proposals:
        lines.append(t("insurance_chat.contract.proposal", proposal=v("n", p.number),
                       kind=t(f"insurance.proposal_kind.{p.kind}"), amount=v("amount", p.amount)))
    current = [m for m in view.members if m.member_to is None]
    lines.append(t("insurance_chat.contract.persons", count=v("n", len(current)), ever=v("n", len(view.members))))
    for m in current[:SHOWN_MEMBERS]:
        lines.append(t("insurance_chat.contract.person", name=isolate(m.person.full_name),
                       national_id=v("id", m.person.national_id), premium=v("premium", m.annual_premium)))
    if len(current) > SHOWN_MEMBERS:
        lines.append(t("insurance_chat.review.more_persons", count=v("n", len(current) - SHOWN_MEMBERS)))
    return "\n".join(lines)
