"""Relations: a careful reader's verdicts on seed pairs, cue behaviour, evaluation on real pairs.

Seed pairs are passages of seeds/002_07c1f8e8e588d880.txt (a 2017 Typepad thread),
built into comments by hand. Each case says the expected label and why.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT, corpus
from threads.errors import InputError
from threads.model import Comment, Quote, RelationLabel, Thread
from threads.score.relations import (
    FEATURES,
    Method,
    classify,
    evaluate_pairs,
    features,
    report_as_text,
    score_relations,
)

AGREE, DISAGREE, NEUTRAL = RelationLabel.AGREE, RelationLabel.DISAGREE, RelationLabel.NEUTRAL

TACIT = (
    "The US did tacitly support Islamic State. I wouldn't go so far to suggest they directed and "
    "outright created ISIS; however, it's clear the US had a relative tolerance for ISIS as an ally in "
    "the fight against Assad. Moreover, the US played a significant role in creating the basis that "
    "allowed IS to come about. I concur with General Flynn, it was a willful decision to allow a group "
    "like IS into being. And I wouldn't begrudge anyone if they held suspicions that there are those in "
    "the US who advance interests that don't put American and/or moral interests first.")
SANE = (
    "I thought you were one of the sane people here. Is it the Greek mentality that inclines you to "
    "conspircy theories. It is true that US ineptitude in Iraq created the conditions that made the "
    "rise of IS possible but no more than that. We never made cpommon cause with IS against Assad, AQ "
    "yes, but not IS.\"It's clear?\" How is it clear? Is there anything other than your fevered "
    "imagination that makes it clear? Flynn did not say, as you imply, that the Obama Administration "
    "wifully allowed IS to come into existence. He told them that they were no doing enough to stop its "
    "rise. There is a big difference. pl")
ALOT = (
    "sorry, but \"What I object to in this is the moronic idea that the US created and operates IS as a "
    "proxy force.\" is just as much a falacy.\n\nthere is alot of evidence that the united states was not "
    "very troubled by the rise and spread of ISIS and that its existence did serve goals of the united "
    "states, and that the main supporters and (the source of all their preachers) are close us allies.")
NO_EVIDENCE = (
    "\"there is alot of evidence that the united states was not very troubled by the rise and spread of "
    "ISIS and that its existence did serve goals of the united states,\" No, there is not a lot of "
    "evidence and you have produced none. The Saudis and Qataris supported IS. Yes, they probably did. "
    "do you think they take orders from Washington?\n\nI have tried to explain here that ineptitude an "
    "ignorance are much more likely causes of historical disaster than any kind of conspiracy but the "
    "message does not resonate.\n\nRohrbacker is a dumbbell and know nothing. pl")
MESSAGES = (
    "The convoy was moving on Syrian territory under an agreement with Syrian and Lebanese governmental "
    "parties.\n\nIt is straightforward to interpret the bombing as an attempt to sabotage any agreement "
    "that is made independently from the USA. The message to the Syrians and Lebanese: \"You make no "
    "deal without us -- even regarding territories that we do not control\". The message to ISIS: \"If "
    "you want to make a deal, you must ultimately make it with us -- even in territories where we are "
    "not present\".")
AIR = (
    "Are those actual quotations or are you just pulling them out of the air? Do I understand that you "
    "think IS is a US puppet and the US is screwing them to demonstrate its authority? If so, then you "
    "prove my point that the facts will be tortured enough to make existing illusions continue. pl")
BUSES = "The buses are sitting in the desert while drones and jets circling."
THANKS = ("\"The buses are sitting in the desert while drones and jets circling\" Thank you. I guess they "
          "did not reach their destination as b thought. pl")
TANKERS = (
    "The satellite photos of the caravan of ISIS oil tanker trucks lined up to sell their oil to Turkey "
    "that the Russians eventually bombed to smithereens that the USA did not publicize or bomb or "
    "prevent in any way is proof enough for me that USA wanted ISIS to do their dirty work in Syria.")
INTELLIGENT = (
    "Now this is the first intelligent and telling point made about this. I will ask if there is a good "
    "explanation and let you know. As I recall, the argument made at the time was that the US did not "
    "want to destroy Iraq ad Syria's oil infrastructure and that it too a while to figure out how much "
    "oil Erdogan was being allowed sold through Turkey. pl")
DECONFLICTION_Q = ("What about the famous \"deconfliction\" process between the US and Russia. Did this "
                   "deal not come under that agreement?")
DECONFLICTION_A = ("The de-confliction process exists to prevent engagements between US side and Russian "
                   "forces. I would expect that this would have gone through that process. pl")
RESTRAINT = (
    "I find it disappointing that the Syrians and Lebanese even agreed to such an arrangement, rather "
    "than spending a few more days and destroying them in their nests.\n\nIt's a shame the US showed "
    "this much restraint and did not engage the buses directly.\n\nIMO, the only way to deal with the "
    "Jihadist mentality is to wage total war against anyone carrying such thoughts. Destroy the "
    "combatants and their families, IMO.")
IRONS = (
    "\"It's a shame the US showed this much restraint and did not engage the buses directly.\"\n\nIf "
    "anyone under my command every tried to do such a thing, I would have them locked in irons. I've "
    "done a lot worse to atrocity committers in my youth. Wrong is wrong, my friend, and it can never be "
    "tolerated.")

SEED_CASES = [
    # (parent, reply, quotes, expected, reason)
    (TACIT, SANE, (), DISAGREE,
     "the host rebuts: a disappointed opener, 'It is true that ... but' concession, challenge questions "
     "('How is it clear?', 'Is there anything other than...'), contempt aimed at the author "
     "('your fevered imagination') and a correction ('Flynn did not say')"),
    (ALOT, NO_EVIDENCE, (), DISAGREE,
     "quotes the parent and answers 'No, there is not a lot of evidence and you have produced none': "
     "a quote followed by a rebuttal that negates the parent's claim"),
    (MESSAGES, AIR, (), DISAGREE,
     "'Are those actual quotations or are you just pulling them out of the air?' challenges the author's "
     "honesty; the rest calls the view an illusion"),
    (BUSES, THANKS, (Quote("The buses are sitting in the desert while drones and jets circling", "c1"),),
     AGREE, "quotes the parent and thanks its author for the information"),
    (TANKERS, INTELLIGENT, (), AGREE,
     "'Now this is the first intelligent and telling point made about this': praise of the point"),
    (DECONFLICTION_Q, DECONFLICTION_A, (), NEUTRAL,
     "the parent asks a question; the reply informs without taking a side"),
    (RESTRAINT, IRONS, (Quote("It's a shame the US showed this much restraint and did not engage the "
                              "buses directly.", "c1"),), DISAGREE,
     "quotes the parent's call to strike the buses and condemns it: 'I would have them locked in irons', "
     "'Wrong is wrong'"),
]


@pytest.mark.parametrize("parent, reply, quotes, expected, reason", SEED_CASES,
                         ids=["sane", "no-evidence", "out-of-the-air", "thanks", "intelligent-point",
                              "deconfliction-answer", "locked-in-irons"])
@pytest.mark.parametrize("method", list(Method))
def test_seed_verdicts(parent, reply, quotes, expected, reason, method):
    rel = classify(parent, reply, quotes, method=method)
    assert rel.label is expected, f"{reason}; got {rel}"
    assert -1.0 <= rel.score <= 1.0
    if expected is not NEUTRAL:
        assert rel.cues, "a decided label names the cues behind it"
        assert (rel.score > 0) == (expected is AGREE)


def test_cues_name_the_phrases():
    rel = classify(ALOT, NO_EVIDENCE, method=Method.RULES)
    text = " ".join(rel.cues)
    assert "no" in text and "quote_rebuttal" in text


def test_negation_flip_of_a_shared_predicate():
    f = features("The convoy reached its target.", "The convoy did not reach its target.").as_dict()
    assert f["negation_flip"] >= 1
    same = features("The convoy reached its target.", "The convoy reached it at noon.").as_dict()
    assert same["negation_flip"] == 0


def test_concession_is_a_softened_disagreement():
    f = features("Masks do nothing.", "It is true that some masks leak, but they still cut spread.")
    assert f.as_dict()["concession"] == 1
    rel = classify("Masks do nothing.", "It is true that some masks leak, but they still cut spread.",
                   method=Method.RULES)
    assert rel.label is DISAGREE and rel.score > -0.7


def test_insult_at_the_author_counts_but_not_at_a_third_party():
    at_you = features("Masks work.", "You are an idiot.").as_dict()
    at_them = features("Masks work.", "Anti-maskers are idiots, they never listen.").as_dict()
    assert at_you["insult_you"] > 0 and at_them["insult_you"] == 0
    assert at_them["marker_they"] == 1


def test_features_are_in_declared_order():
    assert len(features("a", "b").values) == len(FEATURES)


def test_plain_answer_to_a_request_for_information_is_neutral():
    parent = "I did not see where all this is supposed to have occurred - anyone here know?"
    reply = ("I am told that there are 17 buses and that the number of people given in the press is "
             "about right.")
    rel = classify(parent, reply)
    assert rel.label is NEUTRAL and "info_answer: answers a request for information" in rel.cues


def test_score_relations_sets_every_reply():
    thread = Thread(id="seed", comments=(
        Comment("c1", "s1", TACIT), Comment("c2", "s2", SANE, parent="c1"),
        Comment("c3", "s3", BUSES), Comment("c4", "s2", THANKS, parent="c3",
                                            quotes=(Quote(BUSES.rstrip("."), "c3", 100.0),)),
        Comment("c5", "s4", "Orphan reply.", parent="gone"),
    ))
    out = score_relations(thread)
    rel = {c.id: c.relation for c in out.comments}
    assert rel["c1"] is None and rel["c3"] is None and rel["c5"] is None
    assert rel["c2"].label is DISAGREE and rel["c4"].label is AGREE
    assert [c.text for c in out.comments] == [c.text for c in thread.comments]


# --- evaluation on the Reddit pairs (Lei & Huang 2022) ------------------------------

# Pinned a little under the measured figure: the default (combined) method scores 0.579 accuracy,
# 0.514 macro-F1. The model inside it was fitted on this file, so this is an in-sample figure; with
# the model cross-validated (5 folds, scripts/train_relations.py) it is 0.567. Dropping below fails.
MASKMANDATE_ACCURACY_FLOOR = 0.57
MASKMANDATE_MACRO_F1_FLOOR = 0.50


def test_quality_gate_maskmandate():
    report = evaluate_pairs(corpus("agreement-subreddit-lei2022", "SubReddit-MaskMandate.csv"))
    assert report.pairs == 1534
    assert [c.support for c in report.classes] == [546, 343, 645]
    assert report.accuracy >= MASKMANDATE_ACCURACY_FLOOR
    assert report.macro_f1 >= MASKMANDATE_MACRO_F1_FLOOR
    assert sum(map(sum, report.confusion)) == 1534


def test_held_out_covidvaccine_runs():
    # Held out: never used to choose rules or weights; this only checks the run works.
    report = evaluate_pairs(corpus("agreement-subreddit-lei2022", "SubReddit-CovidVaccine.csv"))
    assert report.pairs == 1400
    assert [c.support for c in report.classes] == [425, 703, 272]
    assert 0.0 <= report.accuracy <= 1.0
    text = report_as_text(report)
    assert "macro-F1" in text and "confusion" in text
    assert json.dumps(report.to_dict())


def test_eval_relations_cli(tmp_path):
    path = corpus("agreement-subreddit-lei2022", "SubReddit-MaskMandate.csv")
    from threads.score.relations import read_pairs

    codes = {DISAGREE: "0", NEUTRAL: "1", AGREE: "2"}
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["quote_text", "response_text", "relation"])
    writer.writerows([q, r, codes[lab]] for q, r, lab in read_pairs(path)[:30])
    small = tmp_path / "pairs.csv"
    small.write_bytes(out.getvalue().encode("cp1252"))  # as the corpus files are
    run = subprocess.run([sys.executable, "-m", "threads", "eval-relations", str(small), "--json"],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["pairs"] == 30
    assert set(data["classes"]) == {"agree", "disagree", "neutral"}


def test_bad_pairs_file(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        evaluate_pairs(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="expected CSV columns"):
        evaluate_pairs(bad)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text('quote_text,response_text,relation\n"x","y",7\n', encoding="utf-8")
    with pytest.raises(InputError, match="not 0, 1 or 2"):
        evaluate_pairs(wrong)
    run = subprocess.run([sys.executable, "-m", "threads", "eval-relations", str(bad)],
                         capture_output=True, text=True, cwd=ROOT, check=False)
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_parallel_relations_equal_in_process():
    path = corpus("agreement-subreddit-lei2022", "SubReddit-MaskMandate.csv")
    from threads.score.relations import read_pairs

    comments = []
    for k, (q, r, _label) in enumerate(read_pairs(path)[:300]):
        comments += [Comment(f"q{k}", "s1", q), Comment(f"r{k}", "s2", r, parent=f"q{k}")]
    thread = Thread(id="pairs", comments=tuple(comments))
    assert score_relations(thread, workers=2) == score_relations(thread, workers=1)


# --- never crash on arbitrary text --------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300) | st.sampled_from(
    ["", " ", '"', '""', "?", "No,", "> quoted\n", "\u201cIt\u2019s\u201d", "FUCK YOU ALL", "... !!! ???"])


@settings(max_examples=150, deadline=None)
@given(parent=_TEXT, reply=_TEXT, quote=_TEXT)
def test_classify_never_crashes(parent, reply, quote):
    rel = classify(parent, reply, (quote,))
    assert rel.label in (AGREE, DISAGREE, NEUTRAL)
    assert -1.0 <= rel.score <= 1.0
    assert all(isinstance(c, str) for c in rel.cues)
