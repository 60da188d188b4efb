"""The fast paths of the positions stage give what the straightforward ones give, on real inputs.

- Claims: a comment's distinct content words are read in one scan (``_word_keys``)
  instead of from its clauses (``_tokens``); both must give the same words in the
  same order, on the seed files and every comment of six corpus exports.
- Camps: the local search keeps per-camp weight sums and decides clear moves on them,
  recomputing only close calls exactly. Its greedy starts and improved partitions
  (from those starts and from random ones) must equal those of the plain search below
  (the code before it was made faster), which sums every camp's cost over all
  neighbours at every step. The signed graphs come from the seed and the HN corpus
  thread (relations scored), and from corpus threads' reply structure with random
  relations, also with every strength 1.0 so that exact ties, and so the exact
  recomputation, occur.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import networkx as nx
import pytest

from tests.conftest import CORPORA, SEED_THREAD, SEEDS, corpus
from threads.model import Relation, RelationLabel, Thread, replace
from threads.pipeline import load, load_all
from threads.score import balance, claims
from threads.score.balance import EPS, MAX_PASSES, RESTARTS, SPECTRAL_LIMIT, Weights

HN = ("hn-algolia-thread", "hn-item-49220339.json")
CORPUS_FILES = [HN, ("wxr-mythz-blog", "wordpress-export.xml"), ("disqus-tl3shi-blog", "disqus.xml"),
                ("html-wp-lemire", "lemire.me.json.html"),
                ("html-wp-netzpolitik", "netzpolitik.org.abmahnungen.html"),
                ("wxr-wp-theme-unit-test", "theme-unit-test-data.xml")]


# --- claims ------------------------------------------------------------------------------------


def _texts() -> list[str]:
    out = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    for parts in CORPUS_FILES:
        if not CORPORA.joinpath(*parts).exists():
            continue
        for t in load_all(CORPORA.joinpath(*parts)):
            out += [c.text for c in t.comments] + [claims.own_words(c) for c in t.comments]
    return out


def test_word_keys_are_the_keys_of_the_clause_tokens():
    keys: dict[str, str | None] = {}
    texts = _texts()
    assert len(texts) > 1000
    for text in texts:
        slow = dict.fromkeys(t.key for clause in claims._tokens(text) for t in clause if t.key is not None)
        assert claims._word_keys(text, keys) == tuple(slow), text[:200]


# --- camps: the plain local search -------------------------------------------------------------


def _plain_greedy(nodes: Sequence[str], w: Weights, shuffle: int | None = None) -> dict[str, int]:
    idx = {v: i for i, v in enumerate(nodes)}
    order = sorted(nodes, key=lambda v: (-sum(p + n for p, n in w[v].values()), idx[v]))
    if shuffle is not None:
        random.Random(shuffle).shuffle(order)
    part: dict[str, int] = {}
    n_camps = 0
    for v in order:
        costs = []
        for g in range(n_camps + 1):
            c = 0.0
            for u, (p, n) in w[v].items():
                if u in part:
                    c += n if part[u] == g else p
            costs.append(c)
        g = min(range(len(costs)), key=lambda i: (round(costs[i], 9), i))
        part[v] = g
        n_camps = max(n_camps, g + 1)
    return part


def _plain_improve(nodes: Sequence[str], w: Weights, part: dict[str, int]) -> dict[str, int]:
    part = dict(part)
    for _ in range(MAX_PASSES):
        changed = False
        fresh = max(part.values()) + 1
        for v in nodes:
            here = part[v]
            pairs = [(part[u], pn) for u, pn in w[v].items() if u != v]

            def cost_in(g: int, pairs: list = pairs) -> float:
                return sum([n if q == g else p for q, (p, n) in pairs])

            current = cost_in(here)
            options = [(round(cost_in(g) - current, 9), g) for g in sorted({q for q, _ in pairs}) + [fresh]
                       if g != here]
            delta, g = min(options)
            if delta < -EPS:
                part[v] = g
                fresh = max(fresh, g + 1)
                changed = True
        changed = _plain_merge(nodes, w, part) or changed
        if not changed:
            break
    return part


def _plain_merge(nodes: Sequence[str], w: Weights, part: dict[str, int]) -> bool:
    between: dict[int, dict[int, float]] = {g: {} for g in set(part.values())}
    members: dict[int, list[str]] = {}
    for v in nodes:
        members.setdefault(part[v], []).append(v)
        for u, (p, n) in w[v].items():
            if part[v] != part[u]:
                row = between[part[v]]
                row[part[u]] = row.get(part[u], 0.0) + n - p
    merged = False
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
        for v in members.pop(h):
            part[v] = g
            members[g].append(v)
        merged = True
    return merged


# --- camps: the signed graphs ------------------------------------------------------------------


def _scored(thread: Thread) -> Thread:
    from threads.score.relations import score_relations

    return score_relations(thread, workers=1)


def _random_relations(thread: Thread, seed: int, unit: bool) -> Thread:
    """The thread's replies with random relations (every strength 1.0 when ``unit``)."""
    rng = random.Random(seed)
    comments = []
    for c in thread.comments:
        label = rng.choices(list(RelationLabel), weights=(4, 3, 3))[0]
        score = 1.0 if unit else rng.uniform(0.0, 1.0)
        signed = -score if label is RelationLabel.DISAGREE else score
        comments.append(replace(c, relation=Relation(label, signed)))
    return replace(thread, comments=tuple(comments))


def _components(thread: Thread) -> list[tuple[list[str], Weights]]:
    w = balance._undirected(balance.signed_edges(thread))
    g = nx.Graph()
    g.add_edges_from((a, b) for a in w for b in w[a])
    return [(sorted(comp), w) for comp in nx.connected_components(g) if len(comp) > 1]


@pytest.fixture(scope="module")
def graphs() -> dict[str, list[tuple[list[str], Weights]]]:
    seed, hn = load(SEED_THREAD), load(corpus(*HN))
    disqus = max(load_all(corpus("disqus-tl3shi-blog", "disqus.xml")), key=lambda t: len(t.comments))
    return {"seed": _components(_scored(seed)), "hn": _components(_scored(hn)),
            "hn random": _components(_random_relations(hn, 1, unit=False)),
            "hn unit": _components(_random_relations(hn, 2, unit=True)),
            "disqus unit": _components(_random_relations(disqus, 3, unit=True))}


@pytest.mark.parametrize("name", ["seed", "hn", "hn random", "hn unit", "disqus unit"])
def test_local_search_matches_the_plain_search(graphs, name):
    assert graphs[name]
    for nodes, w in graphs[name]:
        adj = balance._Adjacency(nodes, w)
        starts = [balance._agreement(nodes, w)]
        for shuffle in [None, *range(RESTARTS)]:
            fast = balance._greedy(adj, w, shuffle)
            assert fast == _plain_greedy(nodes, w, shuffle)
            starts.append(fast)
        if len(nodes) <= SPECTRAL_LIMIT:
            starts.append(balance._spectral(nodes, w))
        rng = random.Random(len(nodes))  # random partitions: many moves, and so many near ties
        starts += [{v: rng.randrange(k) for v in nodes} for k in (2, 5, 20)]
        for start in starts:
            assert balance._improve(adj, start) == _plain_improve(nodes, w, start)
