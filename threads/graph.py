"""Reply graphs of a thread, as networkx directed graphs.

Two views of the same thread:

- :func:`comment_graph`: one node per comment, an edge from each reply to the
  comment it answers (``kind="reply"``) and from a comment to each comment it
  quotes (``kind="quote"``).
- :func:`speaker_graph`: one node per speaker, an edge ``A -> B`` when ``A``
  answers ``B``, weighted by how often, with the agree / disagree / neutral split.

:func:`tree_layout` places the comment graph as a tidy tree in O(n) (force
layouts take minutes at a few thousand comments).

Both accept a :class:`~threads.model.Thread` or anything with a ``.thread``
attribute (the scored analysis). A thread that was never scored still gives a
full graph: tone defaults to 0.0, the relation to ``"unscored"``, the camp to
``""``, and the boolean ``scored`` / ``toned`` attributes say which is which.

Attribute values are plain ``str``, ``int``, ``float`` and ``bool`` so the graphs
can go straight to :mod:`threads.export`.

Not supported: multigraphs. A reply that also quotes its parent gives ONE edge
with ``reply=True`` and ``quote=True`` (``kind`` stays ``"reply"``), so writers
and Gephi need no edge keys; quotation of comments outside the thread (a
politician, an article) gives no edge. Links to a comment id that is not in the
thread, and self-links, are skipped (and logged).

Examples
--------
>>> from threads.model import Comment, Speaker, Thread
>>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"), Speaker("s2", "Bob")),
...            comments=(Comment("c1", "s1", "Tea is good."),
...                      Comment("c2", "s2", "No, coffee.", parent="c1")))
>>> g = comment_graph(t)
>>> list(g.edges(data="kind"))
[('c2', 'c1', 'reply')]
>>> s = speaker_graph(t)
>>> s["s2"]["s1"]["weight"], s.nodes["s1"]["name"]
(1, 'Ann')
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from typing import Any

import networkx as nx

from threads.model import Comment, Evidence, EvidenceTarget, RelationLabel, Thread

__all__ = ["comment_graph", "speaker_graph", "tree_layout", "thread_of", "EXCERPT_CHARS", "UNSCORED"]

log = logging.getLogger(__name__)

EXCERPT_CHARS = 140
UNSCORED = "unscored"  # relation label of a reply the relation scorer has not seen

_SPACE = re.compile(r"\s+")


def thread_of(thread_or_analysis: Any) -> Thread:
    """The :class:`Thread` itself, or the ``.thread`` of an analysis object.

    Raises ``TypeError`` for anything else.
    """
    if isinstance(thread_or_analysis, Thread):
        return thread_or_analysis
    inner = getattr(thread_or_analysis, "thread", None)
    if isinstance(inner, Thread):
        return inner
    raise TypeError(f"expected a Thread or an object with a .thread, got {type(thread_or_analysis).__name__}")


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters."""
    head = (text or "")[: limit * 4]  # only the start can show: do not scan a long comment
    flat = _SPACE.sub(" ", head).strip()
    if len(flat) <= limit and len(head) == len(text or ""):
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:  # do not cut a word in half unless it is a very long one
        cut = cut[:space]
    return cut.rstrip() + "\u2026"


def _parent_evidence(c: Comment) -> Evidence | None:
    """The strongest evidence for the comment's parent (the first one among equals)."""
    best: Evidence | None = None
    for e in c.evidence_for(EvidenceTarget.PARENT):
        if best is None or e.confidence > best.confidence:
            best = e
    return best


def _link_attrs(c: Comment) -> dict[str, Any]:
    """Relation and parent-evidence attributes of the reply link from ``c``.

    A link with no recorded evidence came from the input's own structure, so it
    counts as certain (confidence 1.0, evidence ``""``).
    """
    ev = _parent_evidence(c)
    rel = c.relation
    return {
        "relation": UNSCORED if rel is None else rel.label.value,
        "score": 0.0 if rel is None else float(rel.score),
        "scored": rel is not None,
        "evidence": "" if ev is None else ev.kind.value,
        "evidence_detail": "" if ev is None else ev.detail,
        "confidence": 1.0 if ev is None else float(ev.confidence),
    }


def comment_graph(thread_or_analysis: Any, min_confidence: float = 0.0) -> nx.DiGraph:
    """The reply graph of comments: ``reply -> parent`` and ``comment -> quoted comment``.

    Parameters
    ----------
    thread_or_analysis : Thread or object with ``.thread``
        The thread, scored or not.
    min_confidence : float
        Reply links whose parent evidence is less confident than this are left out
        (a quotation between the same two comments still gives a ``"quote"`` edge).

    Returns
    -------
    networkx.DiGraph
        Nodes are comment ids with ``label``, ``speaker``, ``speaker_name``, ``host``,
        ``camp``, ``position`` (0-based page order), ``depth``, ``excerpt``, ``published``,
        ``compound``, ``incivility``, ``toned``. Edges carry ``kind`` (``"reply"`` or
        ``"quote"``), ``reply`` and ``quote`` flags, ``relation``, ``score``, ``scored``,
        ``evidence``, ``evidence_detail``, ``confidence`` (reply link) and
        ``quote_score``, ``quote_text`` (quotation). Graph attributes: ``name`` (the
        title), ``graph`` (``"comments"``), ``thread``, ``title``, ``url``, ``min_confidence``.

    Examples
    --------
    >>> from threads.model import Comment, Quote, Speaker, Thread
    >>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"),),
    ...            comments=(Comment("c1", "s1", "One."),
    ...                      Comment("c2", "s1", "Two.", parent="c1",
    ...                              quotes=(Quote("One.", "c1", 100.0),))))
    >>> e = comment_graph(t)["c2"]["c1"]
    >>> e["kind"], e["reply"], e["quote"]
    ('reply', True, True)
    """
    thread = thread_of(thread_or_analysis)
    speakers = thread.speakers_by_id()
    by_id = thread.comments_by_id()
    depth = thread.depths()
    g = nx.DiGraph(name=thread.title or thread.id, graph="comments", thread=thread.id,
                   title=thread.title or "", url=thread.url or "",
                   min_confidence=float(min_confidence))
    for i, c in enumerate(thread.comments):
        sp = speakers.get(c.speaker)
        name = sp.name if sp is not None else c.speaker
        tone = c.tone
        g.add_node(
            c.id,
            label=f"{i + 1}. {name}",
            speaker=c.speaker,
            speaker_name=name,
            host=bool(sp is not None and sp.host),
            camp=(sp.camp or "") if sp is not None else "",
            position=i,
            depth=depth[c.id],
            excerpt=excerpt(c.text),
            published=c.published or "",
            compound=0.0 if tone is None else float(tone.compound),
            incivility=0.0 if tone is None else float(tone.incivility),
            toned=tone is not None,
        )
    for c in thread.comments:
        if c.parent is not None:
            if c.parent not in by_id or c.parent == c.id:
                log.info("comment %s: parent %s is not another comment of the thread; no edge",
                         c.id, c.parent)
            else:
                link = _link_attrs(c)
                if link["confidence"] >= min_confidence:
                    g.add_edge(c.id, c.parent, kind="reply", reply=True, quote=False,
                               quote_score=0.0, quote_text="", **link)
        for q in c.quotes:
            if q.source is None or q.source == c.id or q.source not in by_id:
                continue
            if g.has_edge(c.id, q.source):
                data = g.edges[c.id, q.source]
                if data["quote"]:  # a second quotation of the same comment: keep the best match
                    if q.score <= data["quote_score"]:
                        continue
                data.update(quote=True, quote_score=float(q.score), quote_text=excerpt(q.text))
            else:
                g.add_edge(c.id, q.source, kind="quote", reply=False, quote=True,
                           quote_score=float(q.score), quote_text=excerpt(q.text),
                           relation="", score=0.0, scored=False, evidence="",
                           evidence_detail="", confidence=0.0)
    return g


def speaker_graph(thread_or_analysis: Any, min_confidence: float = 0.0) -> nx.DiGraph:
    """Who answers whom: one node per speaker, ``A -> B`` when ``A`` replies to ``B``.

    Parameters
    ----------
    thread_or_analysis : Thread or object with ``.thread``
        The thread; its speakers' ``camp`` is used when set.
    min_confidence : float
        Reply links whose parent evidence is less confident than this are left out.

    Returns
    -------
    networkx.DiGraph
        Nodes are speaker ids with ``label``, ``name``, ``host``, ``anonymous``, ``camp``,
        ``comments`` (how many they wrote), ``mean_tone`` (mean compound of their scored
        comments, 0.0 if none), ``toned`` (how many were scored). Edges carry ``weight``
        (replies from A to B), ``agree``, ``disagree``, ``neutral``, ``unscored`` counts,
        ``mean_score`` (mean relation score of the scored replies), ``sign`` (+1 when
        the agreeing replies outweigh the disagreeing ones, summing the size of their
        scores, -1 the reverse, 0 when balanced or only neutral / unscored: neutral
        replies carry no sign, as in the camp finder's signed graph), ``mean_confidence``.
        A speaker who
        answers their own comment gets a self-loop.

    Examples
    --------
    >>> from threads.model import Comment, Relation, RelationLabel, Speaker, Thread
    >>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"), Speaker("s2", "Bob")),
    ...            comments=(Comment("c1", "s1", "Tea."),
    ...                      Comment("c2", "s2", "No.", parent="c1",
    ...                              relation=Relation(RelationLabel.DISAGREE, -0.8))))
    >>> e = speaker_graph(t)["s2"]["s1"]
    >>> e["disagree"], e["sign"]
    (1, -1)
    """
    thread = thread_of(thread_or_analysis)
    by_id = thread.comments_by_id()
    count: dict[str, int] = defaultdict(int)
    tones: dict[str, list[float]] = defaultdict(list)
    for c in thread.comments:
        count[c.speaker] += 1
        if c.tone is not None:
            tones[c.speaker].append(float(c.tone.compound))

    g = nx.DiGraph(name=thread.title or thread.id, graph="speakers", thread=thread.id,
                   title=thread.title or "", url=thread.url or "",
                   min_confidence=float(min_confidence))
    known = thread.speakers_by_id()
    order = [s.id for s in thread.speakers] + sorted({c.speaker for c in thread.comments} - set(known))
    for sid in order:
        sp = known.get(sid)
        ts = tones.get(sid, [])
        g.add_node(
            sid,
            label=sp.name if sp is not None else sid,
            name=sp.name if sp is not None else sid,
            host=bool(sp is not None and sp.host),
            anonymous=bool(sp is not None and not sp.named),
            camp=(sp.camp or "") if sp is not None else "",
            comments=count.get(sid, 0),
            mean_tone=_mean(ts),
            toned=len(ts),
        )

    edges: dict[tuple[str, str], dict[str, Any]] = {}
    for c in thread.comments:
        if c.parent is None or c.parent not in by_id or c.parent == c.id:
            continue
        link = _link_attrs(c)
        if link["confidence"] < min_confidence:
            continue
        key = (c.speaker, by_id[c.parent].speaker)
        e = edges.setdefault(key, {"weight": 0, "agree": 0, "disagree": 0, "neutral": 0,
                                   "unscored": 0, "scores": [], "confidences": [], "balance": 0.0})
        e["weight"] += 1
        e["confidences"].append(link["confidence"])
        if c.relation is None:
            e["unscored"] += 1
        else:
            e[_LABEL_COUNT[c.relation.label]] += 1
            e["scores"].append(float(c.relation.score))
            if c.relation.label is RelationLabel.AGREE:
                e["balance"] += max(abs(float(c.relation.score)), 1e-6)  # a label counts even at 0
            elif c.relation.label is RelationLabel.DISAGREE:
                e["balance"] -= max(abs(float(c.relation.score)), 1e-6)
    for (a, b), e in edges.items():
        scores, confidences, balance = e.pop("scores"), e.pop("confidences"), round(e.pop("balance"), 9)
        g.add_edge(a, b, **e, mean_score=_mean(scores), sign=(balance > 0) - (balance < 0),
                   mean_confidence=_mean(confidences))
    return g


def _mean(values: list[float]) -> float:
    """Mean rounded to 6 places (no 0.19999999999999998 in a spreadsheet); 0.0 for none."""
    return round(sum(values) / len(values), 6) if values else 0.0


_LABEL_COUNT = {RelationLabel.AGREE: "agree", RelationLabel.DISAGREE: "disagree",
                RelationLabel.NEUTRAL: "neutral"}


def tree_layout(graph_or_thread: Any) -> dict[str, tuple[float, float]]:
    """Positions in [-1, 1] x [-1, 1] for a comment graph: depth downward, page order across.

    Only ``kind="reply"`` edges shape the tree. A leaf's x is its rank among the
    leaves in depth-first page order; a comment sits over the mean x of its replies.
    A reply cycle is cut at its earliest comment. O(n) time.

    Parameters
    ----------
    graph_or_thread : networkx.DiGraph, Thread or object with ``.thread``
        A graph from :func:`comment_graph`, or the thread to build it from.

    Examples
    --------
    >>> from threads.model import Comment, Speaker, Thread
    >>> t = Thread(id="t", speakers=(Speaker("s1", "Ann"),),
    ...            comments=(Comment("c1", "s1", "a"), Comment("c2", "s1", "b", parent="c1"),
    ...                      Comment("c3", "s1", "c", parent="c1")))
    >>> tree_layout(t)
    {'c1': (0.0, 1.0), 'c2': (-1.0, -1.0), 'c3': (1.0, -1.0)}
    """
    g = graph_or_thread if isinstance(graph_or_thread, nx.Graph) else comment_graph(graph_or_thread)
    rank = {n: i for i, n in enumerate(sorted(g.nodes, key=lambda n: g.nodes[n].get("position", 0)))}
    parent: dict[Any, Any] = {}
    for u, v, kind in g.edges(data="kind", default="reply"):
        if kind == "reply" and u != v and u not in parent:
            parent[u] = v
    children: dict[Any, list[Any]] = defaultdict(list)
    for n in sorted(parent, key=rank.__getitem__):
        children[parent[n]].append(n)

    order: list[Any] = []
    depth: dict[Any, int] = {}
    roots = [n for n in sorted(g.nodes, key=rank.__getitem__) if n not in parent]
    for start in roots + sorted(g.nodes, key=rank.__getitem__):  # the rest: nodes on a cycle
        if start in depth:
            continue
        depth[start] = 0
        stack = [start]
        while stack:
            n = stack.pop()
            order.append(n)
            for k in reversed(children.get(n, ())):
                if k not in depth:
                    depth[k] = depth[n] + 1
                    stack.append(k)

    xs: dict[Any, float] = {}
    leaves = 0
    for n in order:
        if not any(depth.get(k) == depth[n] + 1 for k in children.get(n, ())):
            xs[n] = float(leaves)
            leaves += 1
    for n in reversed(order):
        if n not in xs:
            kids = [xs[k] for k in children[n] if k in xs and depth[k] == depth[n] + 1]
            xs[n] = sum(kids) / len(kids)
    span = max(1.0, float(leaves - 1))
    deepest = max(1, max(depth.values(), default=1))
    return {str(n): (2 * xs[n] / span - 1, 1 - 2 * depth[n] / deepest) for n in order}
