"""aiogram parses every answer with pydantic's Response[<type>] classes, which pydantic holds
only weakly: without the driver holding them, each garbage collection dropped them and the
next answer of each kind built its class again (about a millisecond of CPU each)."""
from __future__ import annotations

import gc

import pytest
from pydantic._internal import _generics

from bot.transports.telegram import aiogram_api


def test_the_answer_classes_of_the_drivers_requests_outlive_a_garbage_collection(monkeypatch: pytest.MonkeyPatch):
    built: list[str] = []
    build = _generics.create_generic_submodel
    monkeypatch.setattr(_generics, "create_generic_submodel", lambda name, *a: built.append(name) or build(name, *a))
    gc.collect()
    for method in (aiogram_api._SendMessage, aiogram_api.methods.AnswerCallbackQuery, aiogram_api._EditMessageText,
                   aiogram_api._RawUpdates):
        aiogram_api.Response[method.__returning__]
    assert built == []
