"""The draft is typed (core/forms/draft.py) and saved in the shape drafts have always had: a draft saved
by an earlier version, found in the conversations table after an upgrade or a crash, goes on."""
from __future__ import annotations

import copy

import pytest

from core.forms.draft import NOTHING, SUMMARY, Draft
from tests.harness import GOOD_ANSWERS, ChatHarness, text

# as saved before drafts had versions and before the conversation stack: the person had answered
# their name and unit, and was asked for the contact number
OLD_ROW = {"draft": {"type": "premium_issuance", "step": "contact_number",
                     "values": {"full_name": "مریم احمدی", "org_unit": "معاونت درمان"},
                     "attachments": [], "editing": False},
           "foreground": "draft"}

SAVED_SHAPES = [
    OLD_ROW["draft"],
    {"type": "claim", "step": "insured", "values": {"contract": "1403100"}, "attachments": [], "editing": False,
     "version": 412, "pending": {"name": "سارا رضایی", "national_id": "0012345679"}},
    {"type": "claim", "step": "documents", "values": {"kind": "death"}, "attachments": [7, 8], "editing": True,
     "version": 9, "checklists": {"documents": {"ticked": {"report": 7}, "awaiting": None, "unassigned": [8]}}},
    {"type": "claim", "step": SUMMARY, "values": {}, "attachments": [], "editing": False, "version": 3,
     "pending": None, "kept_by_a_later_version": [1, 2]},
]


@pytest.mark.parametrize("saved", SAVED_SHAPES)
def test_a_saved_draft_reads_and_writes_back_unchanged(saved):
    assert Draft.from_json(copy.deepcopy(saved)).to_json() == saved


def test_a_draft_saved_before_versions_draws_version_0_and_offers_nothing_to_confirm():
    draft = Draft.from_json(copy.deepcopy(OLD_ROW["draft"]))
    assert draft.button_version == 0 and draft.version is None
    assert draft.pending is NOTHING and not draft.confirming and draft.at_question
    assert Draft.from_json({"type": "claim", "step": "insured", "pending": None}).confirming  # None offered back


def test_an_old_shape_row_in_the_conversations_table_goes_on_after_a_restart(desk: ChatHarness):
    maryam = desk.app.desk.directory.find("maryam")
    desk.app.desk.conversations.put("console:maryam", maryam.id, copy.deepcopy(OLD_ROW))
    desk.restart()

    replies = desk.say("maryam", GOOD_ANSWERS[2])  # the contact number it was asking for

    assert "(۴ از ۹) شماره تلفن همراه" in replies[-1].text, text(replies)  # the next question
    draft = desk.app.desk.conversations.get("console:maryam")["draft"]
    assert draft["values"] == {**OLD_ROW["draft"]["values"], "contact_number": "021-88776655"}
    for answer in GOOD_ANSWERS[3:]:
        desk.say("maryam", answer)
    desk.press("maryam", "مدرکی ندارم")
    summary = desk.last["maryam"][-1].text
    assert "مریم احمدی" in summary and "معاونت درمان" in summary
    ticket_id = desk.press("maryam", "ثبت")[-1].ticket_id
    assert ticket_id is not None
    fields = desk.ticket(ticket_id).fields
    assert fields["full_name"] == "مریم احمدی" and fields["org_unit"] == "معاونت درمان"
    assert fields["contact_number"] == "021-88776655"
