"""Camps from agreement and disagreement: structural balance on the signed speaker graph.

Each reply adds a directed edge from its author to the speaker it answers (the
parent comment's author) and to every speaker it addresses. An ``agree`` reply
adds its strength ``|score|`` to the edge's positive weight, a ``disagree`` reply
to its negative weight; a ``neutral`` reply (or one with no relation) is counted
but carries no sign. A relation is a stance toward the parent comment, so when a
reply has a parent, the other speakers it addresses ("MR and q: thank you, ...
as q thought") get an unsigned edge; a reply with no parent signs its edges to
all its addressees.

Camps are the partition of speakers that best fits *weak* structural balance
(Davis 1967): agreement inside camps, disagreement across them. We minimise the
frustration (positive weight cut between camps plus negative weight kept inside
one), then prefer fewer camps. Each connected component of the signed graph is
solved on its own, since nothing relates speakers in different components.
Each component is first solved by local search (single-speaker moves and camp
merges) from several deterministic starts: the groups linked by agreement (optimal
when the graph is balanced), a greedy assignment, the sign of the signed
Laplacian's lowest eigenvector (up to :data:`SPECTRAL_LIMIT` speakers), and a few
seeded random greedy orders. Components
of up to :data:`EXACT_LIMIT` speakers then go to a branch and bound (bounded by the
best local solution), exact unless it needs more than :data:`EXACT_BUDGET` steps,
when the best partition found by then stands. Balanced or nearly balanced graphs,
which real threads mostly are, prune early; a random-signed graph hits the budget.

Not supported: camps from what people say rather than how they reply (see
:mod:`threads.score.claims` for that), overlapping camps, and guesses for speakers
with no signed edge (their camp is ``None``).
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import networkx as nx
import numpy as np

from threads.model import Comment, RelationLabel, Thread

log = logging.getLogger(__name__)

EXACT_LIMIT = 40  # components this small get an exact search (within EXACT_BUDGET steps)
EXACT_BUDGET = 50_000  # steps of the branch and bound: about 0.2 s in pure Python
SPECTRAL_LIMIT = 300
RESTARTS = 4  # seeded random greedy starts for the local search
MIN_STRENGTH = 0.1  # an agree/disagree label with score 0 still counts, weakly
MAX_PASSES = 50
EPS = 1e-9
# The local search estimates cost changes from running sums, which differ from sums over
# the neighbours in rounding only (about degree x weight x 1e-16: 2e-9 for a speaker
# with 2,000 neighbours and a weight of 8,000). A choice this clear of the threshold and
# of every rival is taken on the estimate; closer ones are recomputed exactly.
SAFE_MARGIN = 1e-7

__all__ = ["Camp", "SignedEdge", "reply_targets", "signed_targets", "thread_targets", "strength",
           "signed_edges", "camps", "camp_label"]


@dataclass(frozen=True, slots=True)
class SignedEdge:
    """All replies of ``source`` to ``target``.

    ``positive`` / ``negative`` are summed strengths of agree / disagree replies;
    ``agree``, ``disagree`` and ``neutral`` count replies by label (a reply with no
    relation counts as neutral).
    """

    source: str
    target: str
    replies: int = 0
    agree: int = 0
    disagree: int = 0
    neutral: int = 0
    positive: float = 0.0
    negative: float = 0.0

    @property
    def sign(self) -> int:
        """+1, -1 or 0: which of agreement and disagreement weighs more."""
        d = self.positive - self.negative
        return 0 if abs(d) < EPS else (1 if d > 0 else -1)


@dataclass(frozen=True, slots=True)
class Camp:
    """Speakers who agree with each other and disagree with other camps.

    ``confidence`` is the share of the members' signed weight (agreement and
    disagreement, both directions) that the partition explains.
    """

    label: str
    members: tuple[str, ...]
    confidence: float


def reply_targets(comment: Comment, by_id: dict[str, Comment]) -> tuple[str, ...]:
    """The speakers ``comment`` answers: its parent's author, then its addressees; never its own author."""
    out: list[str] = []
    parent = by_id.get(comment.parent) if comment.parent is not None else None
    if parent is not None:
        out.append(parent.speaker)
    out.extend(comment.addressees)
    seen: set[str] = set()
    return tuple(s for s in out if s != comment.speaker and not (s in seen or seen.add(s)))


def strength(comment: Comment) -> float:
    """How strongly a reply agrees or disagrees: ``|score|`` clipped to [:data:`MIN_STRENGTH`, 1]."""
    if comment.relation is None or comment.relation.label is RelationLabel.NEUTRAL:
        return 0.0
    score = comment.relation.score
    if not math.isfinite(score):  # a broken score must not poison every weight it touches
        return MIN_STRENGTH
    return min(1.0, max(abs(score), MIN_STRENGTH))


def signed_targets(comment: Comment, by_id: dict[str, Comment]
                   ) -> tuple[tuple[str, RelationLabel, float], ...]:
    """``(speaker, label, strength)`` for every speaker ``comment`` answers.

    The relation is toward the parent, so with a parent only its author gets the sign.
    """
    label = comment.relation.label if comment.relation is not None else RelationLabel.NEUTRAL
    s = strength(comment)
    parent = by_id.get(comment.parent) if comment.parent is not None else None
    return tuple((t, label, s) if parent is None or t == parent.speaker else (t, RelationLabel.NEUTRAL, 0.0)
                 for t in reply_targets(comment, by_id))


Targets = tuple[tuple[str, RelationLabel, float], ...]


def thread_targets(thread: Thread) -> list[Targets]:
    """:func:`signed_targets` of every comment, in thread order.

    Worked out once for the speaker graph and the per-speaker figures. Most comments
    answer only their parent, and take a short path here.
    """
    by_id = thread.comments_by_id()
    neutral = RelationLabel.NEUTRAL
    out: list[Targets] = []
    for c in thread.comments:
        if c.addressees:
            out.append(signed_targets(c, by_id))
            continue
        parent = by_id.get(c.parent) if c.parent is not None else None
        if parent is None or parent.speaker == c.speaker:
            out.append(())
        else:
            label = c.relation.label if c.relation is not None else neutral
            out.append(((parent.speaker, label, strength(c)),))
    return out


def signed_edges(thread: Thread, targets: Sequence[Targets] | None = None) -> tuple[SignedEdge, ...]:
    """The directed signed speaker graph of ``thread``, edges in order of their first reply.

    ``targets``: :func:`thread_targets` of the thread, when already worked out.
    """
    acc: dict[tuple[str, str], list[float]] = {}
    if targets is None:
        targets = thread_targets(thread)
    for c, answered in zip(thread.comments, targets, strict=True):
        for t, label, s in answered:
            row = acc.setdefault((c.speaker, t), [0, 0, 0, 0, 0.0, 0.0])
            row[0] += 1
            if label is RelationLabel.AGREE:
                row[1] += 1
                row[4] += s
            elif label is RelationLabel.DISAGREE:
                row[2] += 1
                row[5] += s
            else:
                row[3] += 1
    return tuple(SignedEdge(a, b, int(r[0]), int(r[1]), int(r[2]), int(r[3]), r[4], r[5])
                 for (a, b), r in acc.items())


def camp_label(i: int) -> str:
    """``A``, ``B``, ... ``Z``, ``AA``, ``AB``, ... (spreadsheet columns)."""
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(ord("A") + r) + s
    return s


# --- the partition -------------------------------------------------------------------------------

Weights = dict[str, dict[str, tuple[float, float]]]  # node -> neighbour -> (positive, negative)


def _undirected(edges: Iterable[SignedEdge]) -> Weights:
    w: Weights = {}
    for e in edges:
        if e.source == e.target or (e.positive <= 0 and e.negative <= 0):
            continue
        for a, b in ((e.source, e.target), (e.target, e.source)):
            p, n = w.setdefault(a, {}).get(b, (0.0, 0.0))
            w[a][b] = (p + e.positive, n + e.negative)
    return w


class _Adjacency:
    """One component's signed graph, unpacked once for the local search.

    ``us[i]`` / ``weights[i]`` are node ``i``'s neighbours (their positions in
    ``nodes``) and ``(positive, negative)`` weights, in the order of ``w``;
    ``diffs[i]`` are ``negative - positive`` per neighbour. The flat arrays list
    every (node, neighbour) pair in that same order, so sums over them add the same
    floats in the same order as a loop over ``w`` would.
    """

    def __init__(self, nodes: Sequence[str], w: Weights) -> None:
        idx = {v: i for i, v in enumerate(nodes)}
        self.nodes = nodes
        self.us = [[idx[u] for u in w[v] if u != v] for v in nodes]
        self.weights = [[pn for u, pn in w[v].items() if u != v] for v in nodes]
        self.diffs = [[n - p for p, n in row] for row in self.weights]
        self.src = np.repeat(np.arange(len(nodes)), [len(w[v]) for v in nodes])
        self.dst = np.fromiter((idx[u] for v in nodes for u in w[v]), dtype=np.int64, count=len(self.src))
        self.flat_diffs = np.fromiter((n - p for v in nodes for p, n in w[v].values()), dtype=float,
                                      count=len(self.src))


def _cost(part: dict[str, int], w: Weights) -> float:
    total = 0.0
    for a in part:
        for b, (p, n) in w[a].items():
            if b in part and a < b:
                total += n if part[a] == part[b] else p
    return total


class _OverBudget(Exception):
    pass


def _exact(nodes: Sequence[str], w: Weights, bound: dict[str, int]) -> dict[str, int]:
    """Branch and bound over all partitions: least frustration, then fewest camps.

    ``bound`` (a heuristic partition) starts as the best known. After :data:`EXACT_BUDGET`
    steps the search stops with the best partition found so far (not proven optimal).
    """
    k = len(nodes)
    idx = {v: i for i, v in enumerate(nodes)}
    back = [[(idx[u], p, n) for u, (p, n) in w[v].items() if idx[u] < i] for i, v in enumerate(nodes)]
    back_positive = [sum(p for _, p, _ in row) for row in back]
    best = (_cost(bound, w), len(set(bound.values())))
    best_rgs: list[int] | None = None
    rgs = [0] * k
    steps = 0

    def walk(i: int, top: int, cost: float) -> None:
        nonlocal best, best_rgs, steps
        steps += 1
        if steps > EXACT_BUDGET:
            raise _OverBudget
        if i == k:
            best, best_rgs = (cost, top + 1), rgs.copy()  # the pruning below let only a better one here
            return
        # joining camp g costs the agreement cut with everyone outside g plus the
        # disagreement kept with everyone inside it
        cut = back_positive[i]
        inside: dict[int, float] = {}
        for j, p, n in back[i]:
            inside[rgs[j]] = inside.get(rgs[j], 0.0) + n - p
        for g in range(top + 2):
            c = cost + cut + inside.get(g, 0.0)
            # frustration never falls and camps never vanish further down: prune what cannot win
            camps_so_far = top + 1 if g <= top else top + 2
            if c > best[0] + EPS or (c > best[0] - EPS and camps_so_far >= best[1]):
                continue
            rgs[i] = g
            walk(i + 1, top if g <= top else g, c)

    try:
        walk(1, 0, 0.0)
    except _OverBudget:
        log.debug("exact search of %d speakers stopped after %d steps", k, EXACT_BUDGET)
    return bound if best_rgs is None else {v: best_rgs[idx[v]] for v in nodes}


def _agreement(nodes: Sequence[str], w: Weights) -> dict[str, int]:
    """Speakers linked by chains of mostly-agreeing pairs, together (optimal on a balanced graph)."""
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from((a, b) for a in nodes for b, (p, n) in w[a].items() if p > n)
    idx = {v: i for i, v in enumerate(nodes)}
    part: dict[str, int] = {}
    for i, comp in enumerate(sorted(nx.connected_components(g), key=lambda c: min(idx[v] for v in c))):
        for v in comp:
            part[v] = i
    return part


def _greedy(adj: _Adjacency, w: Weights, shuffle: int | None = None) -> dict[str, int]:
    """Each speaker, heaviest first (or in a seeded random order), into its cheapest camp.

    A camp costs the agreement with placed neighbours outside it plus the disagreement
    with those inside: the positive weight to all placed neighbours plus, per camp, the
    ``negative - positive`` weight to those in it. Every camp without a placed
    neighbour costs the same, so only the lowest numbered such camp competes. Clear
    winners are taken on these sums; near ties are recomputed exactly as a sum over
    the neighbours per camp, as the straightforward search does.
    """
    nodes = adj.nodes
    order = sorted(range(len(nodes)), key=lambda i: (-sum(p + n for p, n in w[nodes[i]].values()), i))
    if shuffle is not None:
        random.Random(shuffle).shuffle(order)
    where: list[int | None] = [None] * len(nodes)
    n_camps = 0
    for i in order:
        placed = 0.0
        by_camp: dict[int, float] = {}
        for u, (p, _), d in zip(adj.us[i], adj.weights[i], adj.diffs[i], strict=True):
            q = where[u]
            if q is not None:
                placed += p
                by_camp[q] = by_camp.get(q, 0.0) + d
        empty = next(g for g in range(n_camps + 1) if g not in by_camp)
        best, best_g, runner_up = placed, empty, math.inf
        for g, s in by_camp.items():
            c = placed + s
            if c < best or (c == best and g < best_g):
                best, best_g, runner_up = c, g, best
            elif c < runner_up:
                runner_up = c
        if runner_up - best < SAFE_MARGIN:  # a close call: decide it exactly
            best_g = min(sorted(by_camp) + [empty],
                         key=lambda g: (round(_placed_cost(adj, i, where, g), 9), g))
        where[i] = best_g
        n_camps = max(n_camps, best_g + 1)
    return {nodes[i]: where[i] for i in order}


def _placed_cost(adj: _Adjacency, i: int, where: list[int | None], g: int) -> float:
    """What putting node ``i`` in camp ``g`` frustrates among its placed neighbours, one by one."""
    c = 0.0
    for u, (p, n) in zip(adj.us[i], adj.weights[i], strict=True):
        q = where[u]
        if q is not None:
            c += n if q == g else p
    return c


def _spectral(nodes: Sequence[str], w: Weights) -> dict[str, int]:
    """Two camps by the sign of the lowest eigenvector of the signed Laplacian."""
    idx = {v: i for i, v in enumerate(nodes)}
    a = np.zeros((len(nodes), len(nodes)))
    for v in nodes:
        for u, (p, n) in w[v].items():
            a[idx[v], idx[u]] = p - n
    lap = np.diag(np.abs(a).sum(axis=1)) - a
    _, vecs = np.linalg.eigh(lap)
    x = vecs[:, 0]
    if x[0] < 0:  # an eigenvector's sign is arbitrary: fix it so the result is deterministic
        x = -x
    return {v: 0 if x[idx[v]] >= 0 else 1 for v in nodes}


def _group_sums(adj: _Adjacency, where: list[int]) -> tuple[list[dict[int, float]], list[dict[int, int]]]:
    """For every node, per camp of its neighbours: their summed ``negative - positive``, and how many."""
    camp = np.asarray(where)
    width = int(camp.max()) + 1
    keys, key_of = np.unique(adj.src * width + camp[adj.dst], return_inverse=True)
    key_of = key_of.ravel()
    sums = np.bincount(key_of, weights=adj.flat_diffs, minlength=len(keys)).tolist()
    counts = np.bincount(key_of, minlength=len(keys)).tolist()
    node, group = np.divmod(keys, width)
    bounds = np.searchsorted(node, np.arange(len(where) + 1)).tolist()
    group = group.tolist()
    return ([dict(zip(group[lo:hi], sums[lo:hi], strict=True)) for lo, hi in pairwise(bounds)],
            [dict(zip(group[lo:hi], counts[lo:hi], strict=True)) for lo, hi in pairwise(bounds)])


def _exact_move(adj: _Adjacency, i: int, where: list[int], fresh: int) -> tuple[float, int]:
    """The best move of node ``i`` as ``(rounded cost change, camp)``, each cost summed per neighbour."""
    weights = adj.weights[i]
    camps_around = [where[u] for u in adj.us[i]]

    def cost_in(g: int) -> float:
        return sum([n if q == g else p for q, (p, n) in zip(camps_around, weights, strict=True)])

    here = where[i]
    current = cost_in(here)
    # a camp with no neighbour of the node costs what a new camp costs: only these can win
    return min((round(cost_in(g) - current, 9), g) for g in sorted(set(camps_around)) + [fresh] if g != here)


def _improve(adj: _Adjacency, part: dict[str, int]) -> dict[str, int]:
    """Move single speakers, and merge camps, while that lowers frustration (merges also on ties).

    Each speaker goes to the camp that lowers the frustration most (ties: the lowest
    camp number), if that is by more than :data:`EPS` after rounding to 9 decimals.
    Moving node ``v`` from camp ``a`` to ``b`` changes the frustration by
    ``S(v, b) - S(v, a)``, with ``S(v, g)`` the ``negative - positive`` weight
    between ``v`` and its neighbours in ``g``. These sums are kept per node and camp
    and updated when a neighbour moves, so a visit costs the number of camps around
    the node rather than its degree times that. Only clear decisions are taken on
    them: a near tie, or a change near the threshold, is recomputed exactly as a sum
    over the neighbours (:func:`_exact_move`), so the result is the one a full
    recomputation at every visit gives.
    """
    nodes = adj.nodes
    where = [part[v] for v in nodes]
    sums, counts = _group_sums(adj, where)
    for _ in range(MAX_PASSES):
        changed = False
        fresh = max(where) + 1
        for i in range(len(nodes)):
            here = where[i]
            around = sums[i]
            base = around.get(here, 0.0)
            best, best_g, runner_up = -base, fresh, math.inf  # a new camp: no neighbour in it
            for g, s in around.items():
                if g == here:
                    continue
                d = s - base
                if d < best or (d == best and g < best_g):
                    best, best_g, runner_up = d, g, best
                elif d < runner_up:
                    runner_up = d
            if best >= SAFE_MARGIN:  # every move adds frustration
                continue
            if best > -SAFE_MARGIN or runner_up - best < SAFE_MARGIN:  # a close call: decide it exactly
                delta, g = _exact_move(adj, i, where, fresh)
                if delta >= -EPS:
                    continue
            else:
                g = best_g
            where[i] = g
            fresh = max(fresh, g + 1)
            changed = True
            for u, d in zip(adj.us[i], adj.diffs[i], strict=True):
                s, k = sums[u], counts[u]
                if k[here] == 1:
                    del s[here], k[here]
                else:
                    s[here] -= d
                    k[here] -= 1
                s[g] = s.get(g, 0.0) + d
                k[g] = k.get(g, 0) + 1
        # merging two camps turns their cut positive weight into satisfied weight and their
        # cut negative weight into frustration: merge while that does not make things worse
        if _merge(adj, where):
            changed = True
            sums, counts = _group_sums(adj, where)
        if not changed:
            break
    return dict(zip(nodes, where, strict=True))


def _merge(adj: _Adjacency, where: list[int]) -> bool:
    """Merge camps, most helpful first, while a merge adds no frustration. True if any merged.

    Merging camps g and h turns the agreement cut between them into agreement kept and
    the disagreement between them into frustration: it changes the cost by
    ``disagreement - agreement`` between them, zero for camps with no edge between them.
    ``where`` (each node's camp, in node order) is updated in place.
    """
    camp = np.asarray(where)
    a, b = camp[adj.src], camp[adj.dst]
    cut = a != b
    width = int(camp.max()) + 1
    pairs, pair_of = np.unique(a[cut] * width + b[cut], return_inverse=True)
    # bincount adds each pair's weights in the order of the flat arrays: the same sums as a loop
    weights = np.bincount(pair_of.ravel(), weights=adj.flat_diffs[cut], minlength=len(pairs))
    between: dict[int, dict[int, float]] = {g: {} for g in set(where)}
    for pair, weight in zip(pairs.tolist(), weights.tolist(), strict=True):
        g, h = divmod(pair, width)
        between[g][h] = weight
    merged_into: dict[int, int] = {}
    while len(between) > 1:
        best = min(((d, g, h) for g, row in between.items() for h, d in row.items() if g < h), default=None)
        if best is None or best[0] > EPS:
            groups = sorted(between)
            pair = next(((g, h) for i, g in enumerate(groups) for h in groups[i + 1:]
                         if h not in between[g]), None)
            if pair is None:
                break
            best = (0.0, *pair)
        _, g, h = best
        for x, d in between.pop(h).items():
            del between[x][h]
            if x != g:
                between[g][x] = between[g].get(x, 0.0) + d
                between[x][g] = between[x].get(g, 0.0) + d
        merged_into[h] = g
        for k, into in merged_into.items():
            if into == h:
                merged_into[k] = g
    if merged_into:
        where[:] = [merged_into.get(g, g) for g in where]
    return bool(merged_into)


def _normalise(nodes: Sequence[str], part: dict[str, int]) -> dict[str, int]:
    """Renumber camps in order of their first member (so equal partitions compare equal)."""
    seen: dict[int, int] = {}
    return {v: seen.setdefault(part[v], len(seen)) for v in nodes}


def _solve(nodes: Sequence[str], w: Weights) -> dict[str, int]:
    if len(nodes) == 1:
        return {nodes[0]: 0}
    best: tuple[float, int] | None = None
    out: dict[str, int] = {}
    adj = _Adjacency(nodes, w)
    starts = [_agreement(nodes, w), _greedy(adj, w)]
    if len(nodes) <= SPECTRAL_LIMIT:  # a dense eigendecomposition: seconds at a thousand speakers
        starts.append(_spectral(nodes, w))
    starts += [_greedy(adj, w, shuffle=seed) for seed in range(RESTARTS)]
    for start in starts:
        part = _normalise(nodes, _improve(adj, start))
        key = (round(_cost(part, w), 9), len(set(part.values())))
        if best is None or key < best:
            best, out = key, part
    if len(nodes) <= EXACT_LIMIT and best != (0.0, 1):  # (0, 1): nothing can beat it
        out = _normalise(nodes, _exact(nodes, w, out))
    return out


def camps(speakers: Sequence[str], edges: Iterable[SignedEdge]
          ) -> tuple[tuple[Camp, ...], dict[str, tuple[str, float]]]:
    """Partition the speakers with signed edges into camps.

    Parameters
    ----------
    speakers
        Speaker ids in the order that decides ties (page order of first comment).
    edges
        The signed speaker graph (:func:`signed_edges`).

    Returns
    -------
    camps, assignment
        The camps, largest first (ties: earliest first member), and for every speaker
        with a signed edge its camp label and confidence (the share of its signed weight
        consistent with the partition). Speakers without signed edges are absent.

    Examples
    --------
    >>> e = [SignedEdge("a", "b", 1, 1, 0, 0, 1.0, 0.0), SignedEdge("c", "a", 1, 0, 1, 0, 0.0, 1.0)]
    >>> found, where = camps(["a", "b", "c"], e)
    >>> [c.members for c in found]
    [('a', 'b'), ('c',)]
    """
    w = _undirected(edges)
    rank = {s: i for i, s in enumerate(speakers)}
    for v in w:  # speakers missing from the list sort after it, by id
        rank.setdefault(v, len(rank) + 1)
    g = nx.Graph()
    g.add_nodes_from(w)
    g.add_edges_from((a, b) for a in w for b in w[a])
    groups: list[list[str]] = []
    for comp in nx.connected_components(g):
        nodes = sorted(comp, key=lambda v: (rank[v], v))
        part = _solve(nodes, w)
        log.debug("component of %d speakers -> %d camps", len(nodes), len(set(part.values())))
        for k in sorted(set(part.values())):
            groups.append([v for v in nodes if part[v] == k])
    groups.sort(key=lambda m: (-len(m), rank[m[0]]))

    assignment: dict[str, tuple[str, float]] = {}
    out: list[Camp] = []
    for i, members in enumerate(groups):
        label = camp_label(i)
        inside = set(members)
        good_sum = total_sum = 0.0
        for v in members:
            good = sum(p if u in inside else n for u, (p, n) in w[v].items())
            total = sum(p + n for p, n in w[v].values())
            assignment[v] = (label, good / total if total > 0 else 0.0)
            good_sum += good
            total_sum += total
        out.append(Camp(label, tuple(members), good_sum / total_sum if total_sum > 0 else 0.0))
    return tuple(out), assignment
