"""Comment and speaker reply graphs built from hand-made threads and the seed thread."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from threads.graph import EXCERPT_CHARS, UNSCORED, comment_graph, excerpt, speaker_graph
from threads.model import Comment, Speaker, Thread

from .conftest import SEED_THREAD
from .handbuilt import BOB_NAME, HOST_NAME, ZOE_NAME, scored_thread, unscored


def test_comment_graph_nodes_carry_speaker_position_tone_and_depth():
    g = comment_graph(scored_thread())
    assert list(g.nodes) == ["c1", "c2", "c3", "c4", "c5", "c6", "c7"]
    c1 = g.nodes["c1"]
    assert c1["speaker"] == "s1" and c1["speaker_name"] == HOST_NAME and c1["host"] is True
    assert c1["camp"] == "A" and c1["position"] == 0 and c1["compound"] == 0.3
    assert len(c1["excerpt"]) <= EXCERPT_CHARS and c1["excerpt"].endswith("\u2026")
    assert "\n" not in g.nodes["c2"]["excerpt"]
    assert g.nodes["c2"]["incivility"] == 0.4 and g.nodes["c2"]["label"] == f"2. {BOB_NAME}"
    assert {n: d for n, d in g.nodes(data="depth")} == {
        "c1": 0, "c2": 1, "c3": 2, "c4": 2, "c5": 0, "c6": 3, "c7": 1}
    # c5 was never toned: neutral defaults, and the flag says so
    assert g.nodes["c5"]["compound"] == 0.0 and g.nodes["c5"]["toned"] is False
    assert g.nodes["c5"]["camp"] == "A" and g.nodes["c3"]["camp"] == ""


def test_comment_graph_reply_edges_carry_relation_and_strongest_evidence():
    g = comment_graph(scored_thread())
    replies = {(u, v) for u, v, k in g.edges(data="kind") if k == "reply"}
    assert replies == {("c2", "c1"), ("c3", "c2"), ("c4", "c2"), ("c6", "c4"), ("c7", "c5")}
    e = g.edges["c2", "c1"]
    assert (e["relation"], e["score"], e["scored"]) == ("disagree", -0.7, True)
    assert (e["evidence"], e["evidence_detail"], e["confidence"]) == ("salutation", "addresses Ann", 0.8)
    # reply and quotation between the same pair: one edge with both flags
    assert e["reply"] is True and e["quote"] is True and e["quote_score"] == 95.0
    assert e["quote_text"] == "Opening remarks"
    # a link the input gave (no evidence recorded) is certain; no relation: unscored
    e7 = g.edges["c7", "c5"]
    assert (e7["relation"], e7["scored"], e7["confidence"], e7["evidence"]) == (UNSCORED, False, 1.0, "")


def test_comment_graph_quote_only_edge_and_outside_quotes_ignored():
    g = comment_graph(scored_thread())
    e = g.edges["c5", "c3"]
    assert e["kind"] == "quote" and e["reply"] is False and e["quote"] is True
    assert e["quote_score"] == 100.0
    assert g.number_of_edges() == 6  # five replies + one quotation; "a politician" has no source


def test_comment_graph_min_confidence_keeps_quotes():
    g = comment_graph(scored_thread(), min_confidence=0.85)
    kinds = {(u, v): k for u, v, k in g.edges(data="kind")}
    # only c4 (0.9) and c7 (no evidence: 1.0) keep their reply links; c2's quote of c1 stays
    assert kinds == {("c4", "c2"): "reply", ("c7", "c5"): "reply", ("c2", "c1"): "quote",
                     ("c5", "c3"): "quote"}
    assert g.edges["c2", "c1"]["reply"] is False


def test_speaker_graph_counts_relations_per_pair():
    g = speaker_graph(scored_thread())
    assert list(g.nodes) == ["s1", "s2", "s3", "s4"]
    s1 = g.nodes["s1"]
    assert (s1["name"], s1["host"], s1["anonymous"], s1["camp"], s1["comments"]) == (
        HOST_NAME, True, False, "A", 3)
    assert s1["mean_tone"] == pytest.approx((0.3 - 0.2 + 0.5) / 3)
    assert g.nodes["s3"]["anonymous"] is True and g.nodes["s3"]["camp"] == ""
    assert g.nodes["s4"]["name"] == ZOE_NAME and g.nodes["s4"]["toned"] == 0
    assert g.nodes["s4"]["mean_tone"] == 0.0
    assert set(g.edges) == {("s2", "s1"), ("s3", "s2"), ("s1", "s2"), ("s1", "s4")}
    e = g.edges["s2", "s1"]  # c2 -> c1 (disagree -0.7) and c6 -> c4 (neutral 0.0)
    assert (e["weight"], e["agree"], e["disagree"], e["neutral"], e["unscored"]) == (2, 0, 1, 1, 0)
    assert e["mean_score"] == pytest.approx(-0.35) and e["sign"] == -1
    assert e["mean_confidence"] == pytest.approx(0.5)
    assert g.edges["s3", "s2"]["sign"] == 1 and g.edges["s3", "s2"]["agree"] == 1
    e = g.edges["s1", "s4"]
    assert (e["weight"], e["unscored"], e["mean_score"], e["sign"]) == (1, 1, 0.0, 0)


def test_speaker_graph_min_confidence_drops_weak_links():
    g = speaker_graph(scored_thread(), min_confidence=0.5)
    assert set(g.edges) == {("s2", "s1"), ("s1", "s2"), ("s1", "s4")}
    assert g.edges["s2", "s1"]["weight"] == 1 and g.edges["s2", "s1"]["neutral"] == 0
    assert g.graph["min_confidence"] == 0.5
    assert g.number_of_nodes() == 4  # speakers stay even when all their links go


def test_unscored_thread_gives_full_graphs_with_defaults():
    t = unscored(scored_thread())
    cg, sg = comment_graph(t), speaker_graph(t)
    assert cg.number_of_edges() == 6 and sg.number_of_edges() == 4
    assert all(d["toned"] is False and d["compound"] == 0.0 for _, d in cg.nodes(data=True))
    assert all(d["relation"] == UNSCORED for *_, d in cg.edges(data=True) if d["kind"] == "reply")
    assert all(d["camp"] == "" for _, d in sg.nodes(data=True))
    e = sg.edges["s2", "s1"]
    assert (e["unscored"], e["agree"] + e["disagree"] + e["neutral"], e["sign"]) == (2, 0, 0)


def test_accepts_an_analysis_with_a_thread_and_rejects_other_things():
    t = scored_thread()
    analysis = SimpleNamespace(thread=t, camps=())
    assert set(speaker_graph(analysis).edges) == set(speaker_graph(t).edges)
    assert list(comment_graph(analysis).nodes) == list(comment_graph(t).nodes)
    with pytest.raises(TypeError):
        comment_graph({"comments": []})


def test_broken_links_give_no_edge_and_cycles_do_not_hang():
    t = Thread(id="b", speakers=(Speaker("s1", "A"),), comments=(
        Comment("c1", "s1", "orphan", parent="gone"),
        Comment("c2", "s1", "self", parent="c2"),
        Comment("c3", "s1", "loop a", parent="c4"),
        Comment("c4", "s1", "loop b", parent="c3"),
        Comment("c5", "x9", "unknown speaker"),
    ))
    g = comment_graph(t)
    assert set(g.edges) == {("c3", "c4"), ("c4", "c3")}
    assert g.nodes["c5"]["speaker_name"] == "x9"
    s = speaker_graph(t)
    assert set(s.nodes) == {"s1", "x9"} and s.edges["s1", "s1"]["weight"] == 2  # a self-loop


def test_excerpt_cuts_at_a_word():
    assert excerpt("a  b\n c") == "a b c"
    cut = excerpt("word " * 100)
    assert len(cut) <= EXCERPT_CHARS and cut.endswith("word\u2026")


def test_seed_thread_graphs_have_a_node_per_comment_and_speaker():
    from threads import pipeline

    thread = pipeline.load(SEED_THREAD)
    cg, sg = comment_graph(thread), speaker_graph(thread)
    assert cg.number_of_nodes() == len(thread.comments) > 10
    assert sg.number_of_nodes() == len({c.speaker for c in thread.comments} | {s.id for s in thread.speakers})
    replies = sum(1 for c in thread.comments if c.parent is not None and c.parent != c.id
                  and c.parent in thread.comments_by_id())
    assert sum(1 for *_, k in cg.edges(data="kind") if k != "quote") == replies
    assert sum(d["weight"] for *_, d in sg.edges(data=True)) == replies
    assert sum(d["comments"] for _, d in sg.nodes(data=True)) == len(thread.comments)
    # the blog's host answers more readers than anyone else in the seed thread
    host = [n for n, d in sg.nodes(data=True) if d["host"]]
    assert host == [thread.host]
    assert max(sg.nodes, key=lambda n: sg.out_degree(n, weight="weight")) == thread.host
    assert sg.nodes[thread.host]["comments"] == max(d["comments"] for _, d in sg.nodes(data=True))
    # the comment graph of the scored-less seed still has every comment's excerpt
    first = thread.comments[0]
    assert cg.nodes[first.id]["excerpt"] == excerpt(first.text)


def test_graph_of_a_thread_with_no_comments():
    t = replace(scored_thread(), comments=())
    assert comment_graph(t).number_of_nodes() == 0
    assert speaker_graph(t).number_of_nodes() == 4 and speaker_graph(t).number_of_edges() == 0


def test_sign_follows_agreement_against_disagreement_not_neutral_scores():
    from threads.model import Relation, RelationLabel

    def rel(label, score):
        return Relation(RelationLabel(label), score)

    t = Thread(id="s", speakers=(Speaker("a", "A"), Speaker("b", "B"), Speaker("c", "C")), comments=(
        Comment("c1", "a", "x"),
        Comment("c2", "b", "y", parent="c1", relation=rel("neutral", 0.2)),
        Comment("c3", "c", "z", parent="c1", relation=rel("agree", 0.3)),
        Comment("c4", "c", "w", parent="c1", relation=rel("disagree", -0.8)),
        Comment("c5", "a", "v", parent="c3", relation=rel("agree", 0.0)),
    ))
    g = speaker_graph(t)
    assert (g.edges["b", "a"]["mean_score"], g.edges["b", "a"]["sign"]) == (0.2, 0)
    assert (g.edges["c", "a"]["mean_score"], g.edges["c", "a"]["sign"]) == (-0.25, -1)
    assert g.edges["a", "c"]["sign"] == 1  # an agree label with a zero score still agrees


def test_tree_layout_puts_replies_under_their_parent_in_page_order():
    from threads.graph import tree_layout

    t = scored_thread()
    pos = tree_layout(comment_graph(t))
    assert set(pos) == {c.id for c in t.comments}
    assert all(-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0 for x, y in pos.values())
    assert pos["c1"][1] == 1.0 and pos["c6"][1] == -1.0  # depth 0 on top, the deepest at the bottom
    assert pos["c3"][0] < pos["c4"][0] < pos["c5"][0]  # siblings and trees in page order
    assert pos["c2"][0] == (pos["c3"][0] + pos["c4"][0]) / 2
    assert pos["c4"][0] == pos["c6"][0] and pos["c5"][0] == pos["c7"][0]
    # the quotation c5 -> c3 does not move anything; a reply cycle does not hang
    loop = Thread(id="l", speakers=(Speaker("s", "S"),), comments=(
        Comment("a", "s", "x", parent="b"), Comment("b", "s", "y", parent="a")))
    assert set(tree_layout(loop)) == {"a", "b"}
    assert tree_layout(Thread(id="e")) == {}
