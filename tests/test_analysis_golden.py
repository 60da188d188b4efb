"""Tone and positions give exactly the output recorded in tests/data/analysis_golden.json.

The golden file holds, for a few real threads (the seed, the HN corpus thread, every post of
the mythz WordPress export) and one synthetic 800-comment thread built like the scale bench,
the input thread and what tone and positions made of it. Faster code must reproduce it to the
last digit. The input is stored too, so a change in a reader does not show up here.

Relations are computed afresh and left out of the comparison (the per-comment ``relation``);
camps, claims and stances, which follow from them, are compared.

Regenerate (only when a change of results is intended)::

    THREADS_WRITE_GOLDEN=1 PYTHONPATH=. python -m pytest tests/test_analysis_golden.py -q
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPORA, ROOT, SEED_THREAD
from threads.model import from_dict, to_dict
from threads.pipeline import analyze, load, load_all
from threads.score.positions import analysis_to_dict

GOLDEN = Path(__file__).parent / "data" / "analysis_golden.json"
SYNTH_COMMENTS = 800


def _inputs() -> dict[str, dict]:
    """Every input thread as its JSON, by name (built only when the golden is written)."""
    out = {"seed": to_dict(load(SEED_THREAD)),
           "hn": to_dict(load(CORPORA / "hn-algolia-thread" / "hn-item-49220339.json"))}
    for t in load_all(CORPORA / "wxr-mythz-blog" / "wordpress-export.xml"):
        if t.comments:
            out[f"mythz:{t.id}"] = to_dict(t)
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_scale import Synth, corpus_sentences

    out["synthetic"] = to_dict(Synth(SYNTH_COMMENTS, corpus_sentences()).thread())
    return out


# Claims given by the user (the other threads get proposed claims).
USER_CLAIMS = {"hn": ["The suicide rate is higher than the base rate", "Military work causes the stress",
                      "The deaths are a statistical coincidence"]}


def _results(thread_json: dict, claims: list[str] = ()) -> dict:
    thread = from_dict(thread_json)
    analysis = analysis_to_dict(analyze(thread, claims=claims, workers=1))
    for c in analysis["comments"]:
        c.pop("relation", None)
    return {"analysis": analysis}


def _golden() -> dict:
    if os.environ.get("THREADS_WRITE_GOLDEN"):
        data = {}
        for name, t in _inputs().items():
            claims = USER_CLAIMS.get(name, [])
            data[name] = {"input": t, "claims": claims, **_results(t, claims)}
        GOLDEN.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return json.loads(GOLDEN.read_text(encoding="utf-8"))


_DATA = _golden()


def test_golden_covers_real_threads() -> None:
    assert {"seed", "hn", "synthetic"} <= set(_DATA)
    assert sum(name.startswith("mythz:") for name in _DATA) >= 10
    assert len(_DATA["hn"]["analysis"]["comments"]) == 335
    assert len(_DATA["synthetic"]["analysis"]["comments"]) == SYNTH_COMMENTS
    assert all(c["tone"] for c in _DATA["hn"]["analysis"]["comments"])
    assert _DATA["synthetic"]["analysis"]["camps"] and _DATA["synthetic"]["analysis"]["claims"]


@pytest.mark.parametrize("name", sorted(_DATA))
def test_same_tone_and_positions(name: str) -> None:
    case = _DATA[name]
    got = json.loads(json.dumps(_results(case["input"], case["claims"]), ensure_ascii=False, sort_keys=True))
    # Comments first: their tone dicts, sentence by sentence, are the tone stage's output.
    for key in ("comments", "speakers", "camps", "claims", "stances", "speaker_edges"):
        assert got["analysis"][key] == case["analysis"][key], key


def test_tone_in_worker_processes_equals_in_process() -> None:
    from threads.score.tone import score_tone

    thread = from_dict(_DATA["synthetic"]["input"])
    assert score_tone(thread, workers=2) == score_tone(thread, workers=1)
