"""The main menu, the Persian words for commands, and the help that shows rather than tells.

The menu follows the person's roles and language: everyone files, lists and
searches their requests; staff also have their queue (کارتابل), managers the
statistics. A platform draws it its own way (bot.events.Menu). Pressing an item
is the same as its command: in Telegram the reply keyboard sends the item's
text, which is matched like every typed command word; elsewhere the item is a
button whose data the router checks.

Command words come from the catalogs (`words.*`, `menu.*`, and the actions'
names), in both languages, compared by `phrase_key`: Arabic ي/ك, Persian
digits, ZWNJ or spaces typed differently, and an emoji or not, all match.
"""
from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from bot import buttons
from bot.context import Context
from bot.events import Button, Menu, Outbound
from bot.i18n import LANGUAGES, catalog
from core.text import phrase_key

# menu item -> the command it runs (the language item switches to the other language)
ITEMS = ("new", "my", "find", "queue", "stats", "help", "lang")
WORD_SEPARATOR = "|"


def _items_for(ctx: Context, managers: frozenset[str]) -> list[list[str]]:
    rows = [["new", "my"], ["queue", "find"] if ctx.user.is_staff else ["find"]]
    if ctx.user.all_roles & managers:
        rows.append(["stats"])
    rows.append(["help", "lang"])
    return rows


def main_menu(ctx: Context) -> Menu:
    managers = frozenset(ctx.desk.sla.policy.manager_roles())
    rows = tuple(tuple(Button(ctx.t(f"menu.{item}"), buttons.menu(item)) for item in row)
                 for row in _items_for(ctx, managers))
    return Menu(rows, note=ctx.t("menu.shown"))


def hidden_menu(ctx: Context) -> Menu:
    return Menu((), note=ctx.t("menu.hidden"))


# -- command words --------------------------------------------------------------------------


def _words(lang: str, command: str) -> list[str]:
    return [p for p in catalog(lang).get(f"words.{command}", "").split(WORD_SEPARATOR) if p.strip()]


def words(key: str) -> list[str]:
    """A command's words (or a command's argument words, e.g. `report_contracts`) in every language."""
    return [w for lang in LANGUAGES for w in _words(lang, key)]


def _labels(lang: str, command: str) -> list[str]:
    """The menu button's text, and an action's name (so a new request type's actions have words too)."""
    table = catalog(lang)
    return [table[key] for key in (f"menu.{command}", f"action_name.{command}") if key in table]


@lru_cache(maxsize=8)
def word_table(commands: tuple[str, ...]) -> dict[str, str]:
    """phrase key -> command, from both catalogs; a command's own words win over another's label."""
    table: dict[str, str] = {}
    for phrases_of in (_words, _labels):
        for lang in LANGUAGES:
            for command in commands:
                for phrase in phrases_of(lang, command):
                    table.setdefault(phrase_key(phrase), command)
    table.pop("", None)
    return table


def match_words(text: str, commands: Iterable[str]) -> tuple[str, str] | None:
    """(command, the rest of the line) when `text` starts with a command word, the longest first."""
    table = word_table(tuple(sorted(commands)))
    first_line, newline, more = text.partition("\n")
    tokens = first_line.split()
    for length in range(min(len(tokens), 6), 0, -1):
        command = table.get(phrase_key(" ".join(tokens[:length])))
        if command is not None:
            rest = " ".join(tokens[length:]) + (newline + more if newline else "")
            return command, rest.strip()
    return None


@lru_cache(maxsize=64)
def _word_keys(command: str) -> frozenset[str]:
    return frozenset(phrase_key(p) for lang in LANGUAGES for p in _words(lang, command)) - {""}


# Longer than any command word with its decoration (an emoji, spaces): an answer, not a word.
# Checked first because folding a long text (a description) costs more than the rest of the test.
_LONGEST_WORD_TEXT = 64


def word_of(text: str, commands: Iterable[str]) -> str | None:
    """The command (the first of `commands`) one of whose own words is the whole of `text` (e.g.
    «انصراف» mid-form), else None; the line is folded once for all of them."""
    if len(text) > _LONGEST_WORD_TEXT:
        return None
    own = [(command, _word_keys(command)) for command in commands]
    key = phrase_key(text)
    return next((command for command, keys in own if key in keys), None)


def is_word(text: str, command: str) -> bool:
    """Whether the whole of `text` is one of the command's own words (e.g. «منو» for start)."""
    return word_of(text, (command,)) is not None


def other_language(ctx: Context) -> str:
    return next(lang for lang in LANGUAGES if lang != ctx.t.lang)


# -- help ---------------------------------------------------------------------------------


def shown_help(ctx: Context) -> str:
    """A short line for each item of the person's menu, and where the command list is."""
    t = ctx.t
    managers = frozenset(ctx.desk.sla.policy.manager_roles())
    lines = [t("help.intro")]
    for row in _items_for(ctx, managers):
        lines += [t("help.item", label=t(f"menu.{item}"), text=t(f"help.about.{item}")) for item in row]
    lines.append(t("help.commands_hint"))
    return "\n".join(lines)


def help_reply(ctx: Context) -> Outbound:
    return Outbound(shown_help(ctx), [[Button(ctx.t("help.start_button"), buttons.menu("new"))]])


def asks_for_commands(args: str) -> bool:
    """`/help commands` (or «راهنما فرمان‌ها»): the list of commands."""
    key = phrase_key(args)
    return bool(key) and any(key == phrase_key(p) for lang in LANGUAGES for p in _words(lang, "help_commands"))
