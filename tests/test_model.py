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
