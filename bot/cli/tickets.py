"""`python -m bot tickets list|show`: the desk's tickets as an operator reads them, or as --json for scripts."""
from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

import bot.cli.arguments as arguments  # by its path: bot.cli imports this module
from bot.cli.setup import Say
from bot.i18n import Translator

if TYPE_CHECKING:
    from bot.app import App
    from core.tickets import TicketDetails


def add_parser(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """tickets list, tickets show N."""
    tickets = sub.add_parser("tickets", parents=[common], help="inspect tickets").add_subparsers(
        dest="tickets_command"
    )
    tlist = tickets.add_parser("list", parents=[common], help="list tickets")
    tlist.add_argument("--json", action="store_true")
    tshow = tickets.add_parser("show", parents=[common], help="one ticket with history and comments")
    tshow.add_argument("ticket_id", type=arguments.number)
    tshow.add_argument("--json", action="store_true")


def run(app: App, args: argparse.Namespace, parser: argparse.ArgumentParser, out: Say, err: Say) -> int:
    from bot.render.text import ticket_details, ticket_line
    from core import errors

    t = Translator(app.config.general.default_lang)
    if args.tickets_command == "list":
        tickets = app.desk.tickets.all_tickets()
        if args.json:
            users = {u.id: u.username for u in app.desk.directory.all()}
            out(json.dumps([_ticket_json(tk, users.get(tk.owner_id)) for tk in tickets], ensure_ascii=False, indent=2))
        else:
            for ticket in tickets:
                out(ticket_line(t, ticket))
        return 0
    if args.tickets_command == "show":
        try:
            details = app.desk.tickets.operator_details(args.ticket_id)
        except errors.TicketNotFound:
            err(t("cli.ticket_not_found", id=args.ticket_id))
            return 1
        out(json.dumps(_details_json(details), ensure_ascii=False, indent=2) if args.json
             else ticket_details(t, details))
        return 0
    parser.print_help()
    return 2


def _ticket_json(ticket: Any, owner: str | None) -> dict[str, Any]:
    return {
        "id": ticket.id,
        "request_type": ticket.request_type,
        "status": ticket.status,
        "owner": owner,
        "version": ticket.version,
        "fields": ticket.fields,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
    }


def _details_json(details: TicketDetails) -> dict[str, Any]:
    data = _ticket_json(details.ticket, details.owner.username)
    data["history"] = [
        {"action": h.action, "actor": actor.username if actor else None, "from": h.from_status,
         "to": h.to_status, "inputs": h.inputs, "at": h.at.isoformat()}
        for h, actor in details.history
    ]
    data["comments"] = [
        {"author": author.username if author else None, "text": c.text, "at": c.at.isoformat()}
        for c, author in details.comments
    ]
    data["attachments"] = [
        {"id": a.id, "filename": a.filename, "content_type": a.content_type, "size": a.size, "sha256": a.sha256}
        for a in details.attachments
    ]
    return data
