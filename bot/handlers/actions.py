"""Workflow actions by command (/approve 12, /pay 12 CHEQUE AMOUNT) and by button."""
from __future__ import annotations

from bot import buttons
from bot.buttons import ButtonData
from bot.context import Context
from bot.conversations.prompts import Prompts
from bot.events import Button, Outbound
from bot.handlers.insurance import review_lines
from bot.handlers.routes import Handler, Routes
from bot.render.text import action_label, ticket_ref
from core.requests.registry import REQUEST_TYPES
from core.text import normalize_digits

prompts = Prompts()


def action_codes() -> set[str]:
    return {code for rtype in REQUEST_TYPES.values() for code in rtype.workflow.action_codes()}


def _inputs_of(action: str) -> list[str]:
    """Input names of an action in the order a command takes them (the last takes the rest of the line)."""
    for rtype in REQUEST_TYPES.values():
        for candidate in rtype.workflow.actions:
            if candidate.code == action and candidate.inputs:
                return [spec.name for spec in candidate.inputs]
    return []


def parse_ticket_id(text: str) -> int | None:
    token = normalize_digits(text.strip()).lstrip("#")
    return int(token) if token.isdigit() and len(token) <= 10 else None


def command(ctx: Context, action: str, args: str) -> list[Outbound]:
    """`/<action> N [inputs...]`; inputs not given are asked for one by one."""
    parts = args.split(maxsplit=1)
    ticket_id = parse_ticket_id(parts[0]) if parts else None
    if ticket_id is None:
        return [Outbound(ctx.t("action.usage", command=f"/{action}", usage=ctx.t(f"usage.{action}")))]
    rest = parts[1] if len(parts) > 1 else ""
    names = _inputs_of(action)
    inputs: dict[str, str] = {}
    if action == "resubmit":
        inputs = {"comment": rest} if rest else {}
    elif names and rest:
        values = rest.split(maxsplit=len(names) - 1)
        inputs = dict(zip(names, values))
    if action == "cancel" or _asks_to_confirm(ctx, ticket_id, action):
        return confirm(ctx, ticket_id, action, None)
    return prompts.act(ctx, ticket_id, action, inputs)


def _asks_to_confirm(ctx: Context, ticket_id: int, action: str) -> bool:
    """Actions marked confirm in their workflow show the review and ask first, by command too."""
    ticket = ctx.desk.tickets.check_allowed(ctx.user, ticket_id, action)
    found = ctx.desk.tickets.workflow_of(ticket).action(action, ticket.status)
    return found is not None and found.confirm


def confirm(ctx: Context, ticket_id: int, action: str, version: int | None) -> list[Outbound]:
    """Ask before an action that cannot be undone (cancelling one's own request)."""
    # say who may do it now rather than after "are you sure?"
    ticket = ctx.desk.tickets.check_allowed(ctx.user, ticket_id, action)
    t = ctx.t
    review = review_lines(ctx, ticket)  # the premium or refund, before an approval
    return [Outbound(
        "\n".join([*review, t("action.confirm", ref=ticket_ref(t, ticket_id), action=action_label(t, action))]),
        [[Button(t("action.confirm_yes", action=action_label(t, action)),
                 buttons.act(ticket_id, action, version if version is not None else ticket.version)),
          Button(t("common.no"), buttons.prompt("cancel"))]],
    )]


def on_button(ctx: Context, data: ButtonData) -> list[Outbound]:
    ticket_id = data.int_arg(0)
    action, version = data.args[1], data.int_arg(2)
    if action not in action_codes():  # forged data, confirm buttons included
        return [Outbound(ctx.t("error.bad_button"))]
    if data.kind == "confirm":
        return confirm(ctx, ticket_id, action, version)
    return prompts.act(ctx, ticket_id, action, {}, version)


def comment(ctx: Context, args: str) -> list[Outbound]:
    """`/comment N [TEXT]`: posted at once, or the comment asked for."""
    parts = args.split(maxsplit=1)
    ticket_id = parse_ticket_id(parts[0]) if parts else None
    if ticket_id is None:
        return [Outbound(ctx.t("action.usage", command="/comment", usage=ctx.t("usage.comment")))]
    return prompts.comment(ctx, ticket_id, parts[1] if len(parts) > 1 else None)


def _command_for(action: str) -> Handler:
    return lambda ctx, args: command(ctx, action, args)


# /cancel is the router's: alone it ends the open question, with a number it cancels a request
ROUTES = Routes(
    commands={"comment": comment, **{code: _command_for(code) for code in action_codes() - {"cancel"}}},
    buttons={"act": on_button, "confirm": on_button, "comment": lambda ctx, data: prompts.comment(ctx, data.int_arg(0))},
)
