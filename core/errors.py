"""Errors core raises to say why something cannot be done.

Each carries a code and params; the bot turns them into catalog messages, so
no user-facing text lives in core.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # only for the annotation: core.errors is imported by everything
    from core.workflow.definition import ActionInput


class DeskError(Exception):
    code = "desk_error"

    def __init__(self, **params: Any) -> None:
        super().__init__(self.code, params)
        self.params = params


class TicketNotFound(DeskError):
    """Also raised for a ticket that exists but is not the asker's: no leak of existence."""

    code = "ticket_not_found"


class UnknownAction(DeskError):
    code = "unknown_action"


class RoleRequired(DeskError):
    code = "role_required"  # params: role, action


class OwnerOnly(DeskError):
    code = "owner_only"  # params: action


class NotValidInState(DeskError):
    """The action does not apply in the ticket's current state (someone may have moved it)."""

    code = "not_valid_in_state"  # params: ticket_id, action, status, last (HistoryEntry|None), last_actor


class StaleButton(DeskError):
    code = "stale_button"  # params: ticket_id, status, last, last_actor


class ActionConflict(DeskError):
    """Another actor changed the ticket between our read and our write."""

    code = "action_conflict"  # params: ticket_id, status, last, last_actor


class MissingInput(DeskError):
    code = "missing_input"  # params: input (ActionInput), action

    @property
    def input(self) -> ActionInput:
        return self.params["input"]


class InvalidInput(DeskError):
    code = "invalid_input"  # params: input_name, error (ValidationError)


class UnknownUser(DeskError):
    code = "unknown_user"  # params: username


class NotStaff(DeskError):
    code = "not_staff"


# -- who is who: the directory and linking chat accounts ----------------------------


class SearchTooLong(DeskError):
    """A search longer than anyone types to find a request: refused before any search is run."""

    code = "search_too_long"  # params: words, characters (the bounds)


class StorageUnavailable(DeskError):
    """The database did not answer (server stopped, file unreadable): the service is briefly
    unavailable; nothing was changed, and the next try works once the database is back."""

    code = "storage_unavailable"


class DirectoryUnavailable(DeskError):
    """The directory did not answer (down, timed out, refused the service account)."""

    code = "directory_unavailable"


class NotInDirectory(DeskError):
    code = "not_in_directory"  # params: username


class AccountDisabled(DeskError):
    code = "account_disabled"


class EmptyPassword(DeskError):
    """Refused before any bind: an LDAP bind with an empty password is anonymous and succeeds."""

    code = "empty_password"


class WrongCredentials(DeskError):
    code = "wrong_credentials"  # params: left (attempts before the lockout)


class LinkLocked(DeskError):
    code = "link_locked"  # params: until (aware UTC datetime)


class BadLinkCode(DeskError):
    """Unknown, used, or expired: one message for all, so a guess learns nothing."""

    code = "bad_link_code"


class AlreadyLinked(DeskError):
    """This chat account belongs to someone else; a link never moves silently."""

    code = "already_linked"  # params: username


class LinkChanged(DeskError):
    """The chat account's link changed while its move was being proved; nothing moved."""

    code = "link_changed"


class PasswordLinkUnavailable(DeskError):
    """Linking by password needs a configured directory."""

    code = "password_link_unavailable"


class RuleRefused(Exception):
    """A step the rules do not allow: `rule` names the rule (for messages and exit codes), `params` its values.
    The insurance refusals are its kinds (InsuranceError, ContractRefused, EndorsementRefused)."""

    def __init__(self, rule: str, **params: object) -> None:
        super().__init__(rule)
        self.rule = rule
        self.params = params


class ValidationError(ValueError):
    """What a person typed is not a valid answer: a code of core.forms.validators.CODES and its params."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        args = "".join(f", {k}={val!r}" for k, val in self.params.items())
        return f"ValidationError({self.code!r}{args})"
