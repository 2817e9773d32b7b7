"""Whose kept replies a starting process takes over (core.kept_replies): only those of a process
that is gone (no lease, a lapsed one, or one of this host whose process is no more), each by one
process only."""
from __future__ import annotations

from datetime import timedelta

from core.kept_replies import Holder
from tests.harness import ChatHarness

MESSAGE = [{"text": "(۲ از ۹)"}]


def holder(owner: str, host: str = "here", dead_pids: tuple[int, ...] = ()) -> Holder:
    return Holder(owner, host, lambda pid: pid not in dead_pids)


def test_only_the_replies_of_a_process_that_is_gone_are_taken_over(desk: ChatHarness):
    kept, clock = desk.app.desk.kept_replies, desk.clock
    live, lapsed, dead_here = holder("live", host="there"), holder("lapsed", host="there"), holder("dead", "here")
    kept.hold(live, 11, timedelta(seconds=30))
    kept.hold(lapsed, 12, timedelta(seconds=5))
    kept.hold(dead_here, 13, timedelta(seconds=30))
    for owner in ("live", "lapsed", "dead", "never-leased"):
        kept.keep("telegram", "1001", owner, MESSAGE)
    kept.keep("bale", "2001", "dead", MESSAGE)
    clock.advance(seconds=10)  # "lapsed" did not renew

    me = holder("me", host="here", dead_pids=(13,))  # process 13 of this host is no more
    kept.hold(me, 14, timedelta(seconds=300))
    adopted = kept.adopt("telegram", me)
    assert [(r.chat_id, r.messages) for r in adopted] == [("1001", MESSAGE)] * 3
    assert kept.adopt("telegram", holder("other", host="here", dead_pids=(13,))) == []  # taken once
    assert [r.chat_id for r in kept.adopt("bale", me)] == ["2001"]  # each platform its own

    kept.sent([r.id for r in adopted])
    clock.advance(seconds=60)  # now "live" has lapsed too: its reply is the only one left
    assert len(kept.adopt("telegram", me)) == 1
    assert kept.adopt("telegram", me) == []  # its own are never "taken over" again


def test_a_lease_of_this_host_is_live_while_its_process_runs(desk: ChatHarness):
    kept = desk.app.desk.kept_replies
    kept.hold(holder("running", host="here"), 21, timedelta(seconds=30))
    kept.keep("rocketchat", "maryam", "running", MESSAGE)
    assert kept.adopt("rocketchat", holder("me", host="here")) == []
    kept.release("running")  # a clean stop: what it left is the next start's
    assert len(kept.adopt("rocketchat", holder("me", host="here"))) == 1
