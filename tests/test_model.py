"""The frozen model and its JSON contract."""

from __future__ import annotations

import dataclasses
import json

import pytest

from threads.model import (
    Comment,
    Evidence,
    EvidenceKind,
    EvidenceTarget,
    Quote,
    Relation,
    RelationLabel,
    SentenceTone,
    Speaker,
    Thread,
    Tone,
    from_dict,
    to_dict,
)
from threads.pipeline import load

from .conftest import SEED_THREAD


def test_seed_round_trips_through_json():
    thread = load(SEED_THREAD)
    again = from_dict(json.loads(json.dumps(to_dict(thread))))
    assert again == thread


def test_scored_thread_round_trips():
    c = Comment("c2", "s2", "No.", parent="c1", addressees=("s1",), quotes=(Quote("x y z", "c1", 97.0),),
                evidence=(Evidence(EvidenceTarget.PARENT, EvidenceKind.QUOTE, "quotes c1", 0.9),),
                tone=Tone(-0.3, 0.0, 0.7, 0.3, 0.2, ("stupid",), (SentenceTone("No.", -0.3),)),
                relation=Relation(RelationLabel.DISAGREE, -0.8, ("No,",)))
    t = Thread("t", title="T", speakers=(Speaker("s1", "A", camp="A", camp_confidence=0.8),
                                         Speaker("s2", "B", named=False)),
               comments=(Comment("c1", "s1", "Yes."), c), meta=(("k", "v"),))
    assert from_dict(json.loads(json.dumps(to_dict(t)))) == t


def test_values_are_frozen():
    s = Speaker("s1", "A")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.name = "B"  # type: ignore[misc]


def test_wrong_schema_is_refused():
    with pytest.raises(ValueError, match="threads/1"):
        from_dict({"schema": "threads/0"})


def test_id_lookups_are_built_once_and_never_part_of_the_value():
    import pickle

    thread = load(SEED_THREAD)
    by_id = thread.comments_by_id()
    assert thread.comments_by_id() is by_id  # built once
    assert [thread.comment(c.id) for c in thread.comments] == list(thread.comments)
    assert thread.speaker(thread.host).id == thread.host
    with pytest.raises(TypeError):
        by_id["x"] = thread.comments[0]  # read-only: a caller cannot corrupt the thread's index
    with pytest.raises(KeyError):
        thread.comment("no-such-comment")
    again = pickle.loads(pickle.dumps(thread))
    assert again == thread and hash(again) == hash(thread) and repr(again) == repr(thread)
    assert again.comments_by_id() == by_id


def test_repeated_ids_keep_first_for_lookup_and_last_for_the_mapping():
    first, last = Comment("c1", "s1", "first"), Comment("c1", "s1", "second")
    thread = Thread(id="t", comments=(first, last))
    assert thread.comment("c1") is first
    assert thread.comments_by_id()["c1"] is last
