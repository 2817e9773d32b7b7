"""Core's refusals as messages a person understands."""
from __future__ import annotations

from bot.i18n import Translator
from bot.render.text import action_label, render_line, status_label, ticket_ref, when
from core import errors
from core.requests.hooks import EffectRefused
from core.text import isolate, ltr


def explain(t: Translator, error: errors.DeskError) -> str:
    p = error.params
    if isinstance(error, errors.TicketNotFound):
        return t("error.ticket_not_found", ref=ticket_ref(t, p["ticket_id"]))
    if isinstance(error, errors.UnknownAction):
        return t("error.unknown_action")
    if isinstance(error, errors.RoleRequired):
        return t("error.role_required", action=action_label(t, p["action"]), role=t(f"role.{p['role']}"))
    if isinstance(error, errors.OwnerOnly):
        return t("error.owner_only", action=action_label(t, p["action"]))
    if isinstance(error, (errors.NotValidInState, errors.StaleButton, errors.ActionConflict)):
        key = {
            errors.NotValidInState: "error.not_valid_in_state",
            errors.StaleButton: "error.stale_button",
            errors.ActionConflict: "error.action_conflict",
        }[type(error)]
        text = t(
            key,
            ref=ticket_ref(t, p["ticket_id"]),
            action=action_label(t, p.get("action", "")),
            status=status_label(t, p["status"]),
        )
        last, actor = p.get("last"), p.get("last_actor")
        if last is not None:
            text += "\n" + t(
                "error.last_action",
                action=action_label(t, last.action),
                actor=isolate(actor.full_name if actor else "?"),
                at=when(t, last.at),
            )
        return text
    if isinstance(error, errors.InvalidInput):
        inner = p["error"]
        return t(f"validation.{inner.code}", **inner.params)
    if isinstance(error, errors.UnknownUser):
        return t("error.unknown_user", username=p["username"])
    if isinstance(error, errors.StorageUnavailable):
        return t("error.storage_unavailable")
    if isinstance(error, errors.SearchTooLong):
        return t("error.search_too_long", words=p["words"], characters=p["characters"])
    if isinstance(error, EffectRefused):  # the action's effect (issuing, paying) was refused: nothing changed
        return render_line(t, error.params["line"])
    return _identity(t, error) or t("error.generic")


def _identity(t: Translator, error: errors.DeskError) -> str | None:
    """Refusals about who one is: the directory, linking a chat account."""
    p = error.params
    if isinstance(error, errors.LinkLocked):
        return t("identity.locked", until=when(t, p["until"]))
    if isinstance(error, errors.WrongCredentials):
        return t("identity.wrong_credentials", left=p["left"])
    if isinstance(error, errors.AlreadyLinked):
        return t("identity.already_linked_other", username=ltr(p["username"]))
    if isinstance(error, errors.NotInDirectory):
        return t("identity.not_in_directory", username=ltr(p["username"]))
    keys = {
        errors.DirectoryUnavailable: "identity.directory_unavailable",
        errors.AccountDisabled: "identity.disabled",
        errors.EmptyPassword: "identity.empty_password",
        errors.BadLinkCode: "identity.bad_code",
        errors.PasswordLinkUnavailable: "identity.code_only",
        errors.LinkChanged: "identity.link_changed",
    }
    return next((t(key) for kind, key in keys.items() if isinstance(error, kind)), None)
