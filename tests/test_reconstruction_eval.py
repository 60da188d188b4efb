"""``threads eval-reconstruction``: metrics on tiny hand-made threads, then a real export.

The real-export test recomputes the baselines from the WordPress file itself
(ServiceStackV3/mythz_blog, via xml.etree) and from a hand count on the isso
fixture (isso-comments/isso), so the report is checked against numbers it did
not produce.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import ROOT, corpus
from threads.errors import ParseError
from threads.model import Comment, Evidence, EvidenceKind, EvidenceTarget, Speaker, Thread
from threads.reconstruct import evaluate as ev
from threads.reconstruct.evaluate import HeaderStyle, LinkScores, Method


def _src(parent: str | None) -> tuple[Evidence, ...]:
    if parent is None:
        return (Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE, "top-level", 1.0),)
    return (Evidence(EvidenceTarget.PARENT, EvidenceKind.SOURCE, f"parent {parent}", 1.0),)


def _thread(rows: list[tuple[str, str, str | None, str]]) -> Thread:
    """rows: (comment id, speaker name, parent id, text), in chronological order."""
    names = list(dict.fromkeys(r[1] for r in rows))
    sid = {n: f"s{i + 1}" for i, n in enumerate(names)}
    return Thread(
        id="hand", title="Hand-made", platform="test",
        speakers=tuple(Speaker(sid[n], n) for n in names),
        comments=tuple(Comment(cid, sid[who], text, parent=parent, evidence=_src(parent))
                       for cid, who, parent, text in rows))


# c1 <- c2 <- c4, c1 <- c5 (later sibling), c3 top-level. Tree order: c1 c2 c4 c5 c3.
TREE = _thread([
    ("c1", "Ann", None, "Tea is the best drink there is, hot or iced."),
    ("c2", "Bob", "c1", "No, coffee wins every morning of the week."),
    ("c3", "Cy", None, "Has anyone tried the new bakery on Main Street yet?"),
    ("c4", "Ann", "c2", "Coffee makes me jittery, so tea for me."),
    ("c5", "Dee", "c1", "Tea with milk, please, and a biscuit on the side."),
])


def test_link_scores_define_precision_recall_f1():
    s = ev.score_links({("c2", "c1"), ("c4", "c1")}, {("c2", "c1"), ("c4", "c2"), ("c5", "c1")})
    assert (s.true_positives, s.predicted, s.gold) == (1, 2, 3)
    assert s.precision == 0.5 and s.recall == pytest.approx(1 / 3)
    assert s.f1 == pytest.approx(2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))
    none = ev.score_links(set(), {("c2", "c1")})
    assert none.precision is None and none.recall == 0.0 and none.f1 == 0.0
    assert ev.score_links(set(), set()).f1 is None  # nothing to find: undefined, not perfect
    assert LinkScores(1, 2, 3) + LinkScores(2, 2, 1) == LinkScores(3, 4, 4)


def test_top_level_comments_contribute_no_pair():
    assert ev.gold_links(TREE) == {("c2", "c1"), ("c4", "c2"), ("c5", "c1")}
    flat_thread = _thread([("c1", "Ann", None, "a"), ("c2", "Bob", None, "b")])
    assert ev.gold_links(flat_thread) == set()


def test_page_order_and_baselines_on_a_hand_made_tree():
    order = ev.page_order(TREE)
    assert [c.id for c in order] == ["c1", "c2", "c4", "c5", "c3"]
    prev = ev.baseline_links(order, Method.PREVIOUS)
    assert prev == {("c2", "c1"), ("c4", "c2"), ("c5", "c4"), ("c3", "c5")}
    s = ev.score_links(prev, ev.gold_links(TREE))
    assert (s.true_positives, s.predicted, s.gold) == (2, 4, 3)
    top = ev.score_links(ev.baseline_links(order, Method.TOP_LEVEL), ev.gold_links(TREE))
    assert (top.true_positives, top.predicted, top.gold, top.precision, top.recall) == (0, 0, 3, None, 0.0)


def test_flatten_is_reproducible_and_loses_nesting():
    a = ev.flatten(TREE, seed=7)
    assert a == ev.flatten(TREE, seed=7)
    texts = {ev.flatten(TREE, seed=s).text for s in range(12)}
    assert len(texts) > 1  # the seed decides which names survive
    none = ev.flatten(TREE, name_share=0.0)
    assert none.named == frozenset()
    shown = [TREE.comment(c).text for c in ("c1", "c2", "c4", "c5", "c3")]
    assert none.text == "\n\n\n".join(shown) + "\n"  # two blank lines between comments, no names
    every = ev.flatten(TREE, name_share=1.0, style=HeaderStyle.TYPEPAD)
    assert every.named == {"c1", "c2", "c3", "c4", "c5"}
    assert "No, coffee wins every morning of the week.\n\nPosted by: Bob" in every.text
    wp = ev.flatten(TREE, name_share=1.0, style=HeaderStyle.WORDPRESS)
    assert wp.text.startswith("Ann says:\n\nTea is the best")


def test_align_survives_split_and_merged_comments():
    order = ev.page_order(TREE)
    pieces = [
        Comment("r1", "x", "Tea is the best drink there is,"),  # c1 split in two
        Comment("r2", "x", "hot or iced."),
        Comment("r3", "x", "Bob\nNo, coffee wins every morning of the week."),  # name line left in
        Comment("r4", "x", "Coffee makes me jittery, so tea for me. Tea with milk, please, and a biscuit "
                           "on the side."),  # c4 and c5 merged
        Comment("r5", "x", "Has anyone tried the new bakery on Main Street yet?"),
        Comment("r6", "x", "Completely unrelated words that appear nowhere at all."),
    ]
    a = ev.align(order, pieces)
    assert a["r1"] == "c1" and a["r2"] == "c1" and a["r3"] == "c2" and a["r5"] == "c3"
    assert a["r4"] in ("c4", "c5")
    assert "r6" not in a


def test_reconstructed_links_use_each_originals_first_piece():
    rebuilt = Thread(id="r", comments=(
        Comment("r1", "s1", "a"), Comment("r2", "s1", "b", parent="r1"),  # second piece of c1: ignored
        Comment("r3", "s2", "c", parent="r1"), Comment("r4", "s3", "d", parent="r9")))
    alignment = {"r1": "c1", "r2": "c1", "r3": "c2", "r4": "c4"}
    assert ev.reconstructed_links(rebuilt, alignment) == {("c2", "c1")}  # r9 never aligned


def test_a_reader_that_links_to_the_previous_comment_scores_like_the_baseline(monkeypatch):
    """With a stand-in reader the pipeline's bookkeeping must reproduce the baseline exactly."""
    import threads.readers.text as text_reader

    def previous_reader(text: str, source: str | None = None) -> Thread:
        blocks = [b for b in text.split("\n\n\n") if b.strip()]
        return Thread(id="stand-in", comments=tuple(
            Comment(f"r{i + 1}", "s1", b, parent=f"r{i}" if i else None) for i, b in enumerate(blocks)))

    monkeypatch.setattr(text_reader, "read_text", previous_reader)
    result = ev.evaluate_thread(TREE, file="hand")
    assert result.score(Method.TEXT_READER) == result.score(Method.PREVIOUS) == LinkScores(2, 4, 3)
    assert result.aligned_comments == result.comments == 5


def _mythz_previous_baseline(path) -> tuple[int, int, int]:
    """(true positives, predicted, gold) of reply-to-previous over threaded page order, from the XML."""
    ns = {"wp": "http://wordpress.org/export/1.1/"}
    tp = predicted = gold = 0
    for item in ET.parse(path).getroot().iter("item"):
        rows = []
        for c in item.findall("wp:comment", ns):
            if c.findtext("wp:comment_type", default="", namespaces=ns) in ("pingback", "trackback"):
                continue
            if c.findtext("wp:comment_approved", namespaces=ns) != "1":
                continue
            rows.append((c.findtext("wp:comment_date_gmt", namespaces=ns),
                         c.findtext("wp:comment_id", namespaces=ns),
                         c.findtext("wp:comment_parent", namespaces=ns)))
        if len(rows) < 2:
            continue
        rows.sort()
        ids = {cid for _, cid, _ in rows}
        parent = {cid: (p if p in ids else None) for _, cid, p in rows}
        kids: dict[str | None, list[str]] = {}
        for _, cid, _ in rows:
            kids.setdefault(parent[cid], []).append(cid)
        shown: list[str] = []
        stack = list(reversed(kids.get(None, [])))
        while stack:  # depth-first, children oldest first
            cid = stack.pop()
            shown.append(cid)
            stack.extend(reversed(kids.get(cid, [])))
        links = {(c, p) for c, p in parent.items() if p}
        guesses = {(b, a) for a, b in zip(shown, shown[1:], strict=False)}
        tp += len(links & guesses)
        predicted += len(guesses)
        gold += len(links)
    return tp, predicted, gold


def test_report_on_a_real_export_has_its_shape_and_the_baselines_as_computed():
    path = corpus("wxr-mythz-blog", "wordpress-export.xml")
    report = ev.evaluate_files([path])
    totals = report.totals()
    tp, predicted, gold = _mythz_previous_baseline(path)
    assert gold == 16  # SOURCE.txt: 16 threaded replies
    assert totals[Method.PREVIOUS] == LinkScores(tp, predicted, gold)
    assert totals[Method.TOP_LEVEL] == LinkScores(0, 0, 16)
    assert totals[Method.TEXT_READER].gold == 16
    assert len(report.threads) == 10  # posts with 2+ approved human comments
    data = report.to_dict()
    assert set(data) == {"settings", "totals", "files", "threads", "skipped"}
    assert set(data["totals"]) == {"text_reader", "previous_comment", "all_top_level"}
    assert set(data["totals"]["previous_comment"]) == {"true_positives", "predicted", "gold", "precision",
                                                       "recall", "f1"}
    assert data["totals"]["all_top_level"]["precision"] is None
    for t in data["threads"]:
        assert 0 <= t["aligned_comments"] <= t["comments"]
        assert t["scores"]["previous_comment"]["predicted"] == t["comments"] - 1
    json.dumps(data)  # serialisable as is
    text = ev.report_as_text(report)
    assert "reply to previous comment" in text and "top-level comments contribute no pair" in text
    assert ev.evaluate_files([path]).to_dict() == data  # reproducible: same seed, same figures


def test_hand_counted_baseline_on_the_isso_fixture():
    report = ev.evaluate_files([corpus("isso-import-fixtures", "wordpress.xml")])
    (t,) = report.threads
    # page order 2, 6, 7, 8, 9, 10, 11; replies 7->6, 8->7, 9->7; previous-comment guesses 6 pairs
    assert t.thread_id == "18" and t.gold_links == 3
    assert t.score(Method.PREVIOUS) == LinkScores(2, 6, 3)


def test_inferred_structure_is_not_evaluated():
    mt = corpus("mt-typepad-chisou-blog", "typepad-export-entries-357-715.txt")
    with pytest.raises(ParseError, match="no thread of known structure"):
        ev.evaluate_files([mt])
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    r = subprocess.run([sys.executable, "-m", "threads", "eval-reconstruction", str(mt)],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    r = subprocess.run([sys.executable, "-m", "threads", "eval-reconstruction", "--json",
                        str(corpus("isso-import-fixtures", "disqus.xml"))],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["totals"]["previous_comment"] == {"true_positives": 1, "predicted": 2, "gold": 1,
                                                  "precision": 0.5, "recall": 1.0,
                                                  "f1": pytest.approx(2 / 3)}
