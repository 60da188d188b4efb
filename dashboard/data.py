"""Every call from the dashboard into :mod:`threads`, cached on the input's bytes.

The dashboard never parses, scores or lays out anything itself: it asks
:mod:`threads.pipeline`, :mod:`threads.graph`, :mod:`threads.score.compare` and
:mod:`threads.export`, and caches the answers keyed by the SHA-256 of the
input (``st.cache_resource`` for the frozen thread and analysis, shared without
copying; ``st.cache_data`` for the rest) (the bytes themselves are passed with a leading
underscore so Streamlit does not hash megabytes on every rerun).

The small tables here (who answered whom, per-speaker counts) only reshape the
analysed thread for display; they add no inference of their own.

A batch store (``threads batch ... -o STORE.sqlite``) is read through
:mod:`threads.store`, cached on the store's path, size and modification time,
so a store that a new batch run added to is read again.

Not supported: uploading a ConvoKit corpus folder through the browser (a folder
given on the command line is read in place; upload threads JSON instead).
"""

from __future__ import annotations

import hashlib
import logging
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from threads import pipeline
from threads import store as tstore
from threads.errors import ParseError, ThreadsError
from threads.model import Comment, RelationLabel, Thread
from threads.render import tree_order

if TYPE_CHECKING:  # pragma: no cover
    import networkx as nx

    from threads.score.compare import Comparison
    from threads.score.positions import Analysis

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SEED_THREAD = SEEDS / "002_07c1f8e8e588d880.txt"

EXPORT_FORMATS: tuple[tuple[str, str, str], ...] = (
    # (format, file suffix, what opens it)
    ("graphml", ".graphml", "Gephi, Cytoscape, yEd, networkx.read_graphml"),
    ("gexf", ".gexf", "Gephi"),
    ("json", ".json", "d3 / networkx node-link JSON"),
    ("cyjs", ".cyjs", "Cytoscape.js / Cytoscape desktop"),
    ("csv", ".zip", "spreadsheets and Gephi's spreadsheet import: nodes.csv + edges.csv"),
    ("dot", ".dot", "Graphviz"),
    ("convokit", ".zip", "ConvoKit corpus folder (the whole thread, not a graph)"),
)

SPRING_MAX_NODES = 300  # a spring over a bigger group costs seconds; a circle is instant


@dataclass(frozen=True, slots=True)
class Source:
    """An input chosen in the sidebar: its display name, bytes and their hash."""

    name: str
    data: bytes
    digest: str
    fmt: str | None = None  # None: detected from the first bytes, as the command line does
    folder: Path | None = None  # a ConvoKit corpus folder given on the command line (data is empty)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What every view renders from: the analysed thread and the analysis behind it."""

    source: Source
    thread: Thread
    analysis: Analysis | None


@dataclass(frozen=True, slots=True)
class Exchange:
    """One reply read as an exchange: who answered whom, how, in which comment."""

    comment: Comment
    parent: Comment
    label: RelationLabel
    score: float
    incivility: float

    @property
    def heat(self) -> float:
        """How fierce: strength of the disagreement plus the incivility of the words."""
        return abs(self.score) + self.incivility


def source_from_bytes(name: str, data: bytes, fmt: str | None = None) -> Source:
    return Source(name=name, data=data, digest=hashlib.sha256(data).hexdigest(), fmt=fmt)


def source_from_path(path: Path) -> Source:
    if path.is_dir():  # a ConvoKit corpus: hash its files so an edit shows up
        h = hashlib.sha256()
        for f in sorted(p for p in path.rglob("*") if p.is_file()):
            h.update(f.relative_to(path).as_posix().encode() + b"\0" + f.read_bytes())
        return Source(name=path.name, data=b"", digest=h.hexdigest(), folder=path)
    return source_from_bytes(path.name, path.read_bytes())


def seed_files(folder: Path = SEEDS) -> list[Path]:
    return sorted(p for p in folder.glob("*") if p.is_file()) if folder.is_dir() else []


def _safe_name(name: str) -> str:
    """A file name for the temp copy that keeps the suffix readers may look at."""
    keep = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in Path(name).name)
    return keep.lstrip(".")[:120] or "input"


def _as_file(name: str, data: bytes, tmp: str) -> Path:
    path = Path(tmp) / _safe_name(name)
    path.write_bytes(data)
    return path


def _rename(err: ThreadsError, path: Path, name: str) -> ThreadsError:
    """The same error with the temp path replaced by the name the user knows."""
    return type(err)(str(err).replace(str(path), name))


# Threads and analyses are frozen values, so one cached object is shared by every rerun and
# session (st.cache_resource) instead of being unpickled afresh on each rerun (st.cache_data):
# that copy cost about a second per click on a 20,000-comment thread.
@st.cache_resource(show_spinner="Reconstructing the thread…", max_entries=16)
def load_threads(digest: str, name: str, _data: bytes, fmt: str | None = None,
                 _folder: Path | None = None) -> tuple[Thread, ...]:
    """Every thread in the input that has comments, most comments first.

    Raises :class:`~threads.errors.ThreadsError` (naming ``name``) when there is none.
    """
    with tempfile.TemporaryDirectory() as tmp:
        path = _folder if _folder is not None else _as_file(name, _data, tmp)
        try:
            found = [t for t in pipeline.load_all(path, fmt) if t.comments]
        except ThreadsError as err:
            raise _rename(err, path, name) from err
    if not found:
        raise ParseError(f"{name}: no comments found")
    found.sort(key=lambda t: -len(t.comments))
    return tuple(found)


def pick(threads: tuple[Thread, ...], post: str | None) -> Thread:
    """The thread called ``post`` (id), else the one with most comments."""
    return next((t for t in threads if t.id == post), threads[0])


@st.cache_resource(show_spinner="Scoring tone, disagreement and camps…", max_entries=16)
def analyze(digest: str, post: str, claims: tuple[str, ...], _thread: Thread) -> Analysis:
    """``threads.pipeline.analyze`` on the loaded thread, cached per input, post and claims."""
    return pipeline.analyze(_thread, claims=claims)


def load(source: Source, post: str | None = None, claims: tuple[str, ...] = ()) -> Loaded:
    """Load and analyse ``source``. Raises ThreadsError with a message naming it."""
    thread = pick(load_threads(source.digest, source.name, source.data, source.fmt, source.folder), post)
    result = analyze(source.digest, thread.id, claims, thread)
    return Loaded(source=source, thread=result.thread, analysis=result)


def stance_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """Every speaker's stance on every claim of the analysis, as flat rows."""
    t = analysis.thread
    claims = {c.id: c for c in analysis.claims}
    rows = []
    for s in analysis.stances:
        claim = claims.get(s.claim)
        rows.append({"speaker_id": s.speaker, "speaker": speaker_name(t, s.speaker),
                     "claim_id": s.claim, "claim": claim.text if claim else s.claim,
                     "proposed": bool(claim and claim.proposed), "stance": s.stance.value,
                     "score": round(s.score, 2), "comments": ", ".join(s.comments)})
    return rows


# --- graphs -------------------------------------------------------------------


@st.cache_data(show_spinner="Building the reply graph…", max_entries=16)
def graph(digest: str, post: str | None, kind: str, min_confidence: float,
          _analysis: Analysis) -> nx.DiGraph:
    """``threads.graph.speaker_graph`` or ``comment_graph`` of the analysis."""
    from threads import graph as tgraph

    if kind == "speakers":
        return tgraph.speaker_graph(_analysis, min_confidence=min_confidence)
    return tgraph.comment_graph(_analysis, min_confidence=min_confidence)


@st.cache_data(show_spinner="Laying out the graph…", max_entries=16)
def layout(digest: str, post: str | None, kind: str, min_confidence: float,
           _g: nx.DiGraph, _thread: Thread) -> dict[str, tuple[float, float]]:
    """Node positions in [-1, 1]²: spring for small speaker graphs, a tidy tree for comments.

    The reply tree gets an O(n) layout (depth down, page order across) because a
    force layout takes minutes at a few thousand nodes.
    """
    import networkx as nx
    import numpy as np

    if kind == "comments":
        return _tree_positions(_g, _thread)
    if _g.number_of_nodes() == 0:
        return {}
    undirected = _g.to_undirected()
    undirected.remove_edges_from(list(nx.selfloop_edges(undirected)))
    # One spring per connected group, packed side by side: a single spring over the whole graph
    # throws small groups to the edges and squeezes the big one into a knot in the middle.
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(undirected)),
                   key=lambda c: (-len(c), str(c[0])))
    placed: list[tuple[list[Any], dict[Any, tuple[float, float]], float]] = []
    for comp in comps:
        # a fresh graph in sorted order: a subgraph view may iterate its nodes in set (hash) order,
        # and the spring's start positions follow node order, so the layout changed per process
        sub = nx.Graph()
        sub.add_nodes_from(comp)
        sub.add_edges_from(undirected.edges(comp, data=True))
        if len(comp) == 1:
            local = {comp[0]: (0.0, 0.0)}
        elif len(comp) == 2:
            local = {comp[0]: (-1.0, 0.0), comp[1]: (1.0, 0.0)}
        elif len(comp) <= SPRING_MAX_NODES:
            raw = nx.spring_layout(sub, seed=7, weight="weight", iterations=100)
            local = dict(zip(raw, nx.rescale_layout(np.array(list(raw.values()))).tolist(), strict=True))
        else:
            local = nx.circular_layout(sub)
        placed.append((comp, local, max(0.5, len(comp) ** 0.5)))  # radius grows with the group
    # shelf packing, rows as wide as the biggest group or the square root of the total area
    width = max(2 * placed[0][2] * 1.2, (sum((2 * r) ** 2 for *_, r in placed)) ** 0.5 * 1.4)
    out: dict[str, tuple[float, float]] = {}
    x = y = row_h = 0.0
    for comp, local, r in placed:
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y - row_h - 0.6, 0.0
        for n in comp:
            px, py = local[n]
            out[str(n)] = (x + r + float(px) * r, y - r + float(py) * r)
        x += 2 * r + 0.6
        row_h = max(row_h, 2 * r)
    scaled = nx.rescale_layout(np.array(list(out.values()), dtype=float))
    return {k: (float(px), float(py)) for k, (px, py) in zip(out, scaled.tolist(), strict=True)}


def _tree_positions(g: nx.DiGraph, thread: Thread) -> dict[str, tuple[float, float]]:
    """Each comment at (leaf order, depth): replies under their parent, siblings in page order."""
    by_id = thread.comments_by_id()
    depth: dict[str, int] = {}
    xs: dict[str, float] = {}
    order = tree_order(thread)
    for c in order:
        p = c.parent if c.parent in by_id else None
        depth[c.id] = depth[p] + 1 if p is not None and p in depth else 0
    children = thread.children()
    # x of a leaf is its rank among leaves; a parent sits over the mean of its replies.
    leaf = 0
    for c in order:
        if not children.get(c.id):
            xs[c.id] = float(leaf)
            leaf += 1
    for c in reversed(order):
        kids = [k.id for k in children.get(c.id, []) if k.id in xs]
        if c.id not in xs:
            xs[c.id] = sum(xs[k] for k in kids) / len(kids) if kids else float(leaf)
    span = max(1.0, float(leaf - 1))
    deep = max(1, max(depth.values(), default=1))
    pos = {cid: (2 * xs[cid] / span - 1, 1 - 2 * depth[cid] / deep) for cid in xs}
    # nodes of the graph that are not comments (none expected) go on a row below
    extra = [str(n) for n in g.nodes if str(n) not in pos]
    for i, n in enumerate(extra):
        pos[n] = (2 * i / max(1, len(extra) - 1) - 1, -1.2)
    return pos


# --- compare and export -------------------------------------------------------


def compare(loaded: Loaded, speaker_a: str, speaker_b: str) -> Comparison:
    """``threads.score.compare.compare`` of two speakers given by id (cheap; not cached)."""
    from threads.score.compare import compare as _compare

    return _compare(loaded.analysis, speaker_a, speaker_b)


@st.cache_data(show_spinner=False, max_entries=32)
def export_bytes(digest: str, post: str | None, kind: str, fmt: str, _analysis: Analysis) -> bytes:
    """One export from ``threads.export.export_bytes``: the file, or a ZIP for csv and convokit."""
    from threads.export import export_bytes as _export

    return _export(_analysis, kind, fmt)


# --- display tables (reshaping only) -----------------------------------------------


def speaker_name(thread: Thread, speaker_id: str | None) -> str:
    if speaker_id is None:
        return "?"
    try:
        return thread.speaker(speaker_id).name
    except KeyError:
        return speaker_id


def exchanges(thread: Thread) -> list[Exchange]:
    """Every reply that has a relation toward a parent in the thread, in page order."""
    by_id = thread.comments_by_id()
    out = []
    for c in thread.comments:
        if c.relation is None or c.parent is None or c.parent not in by_id:
            continue
        out.append(Exchange(comment=c, parent=by_id[c.parent], label=c.relation.label,
                            score=c.relation.score,
                            incivility=c.tone.incivility if c.tone else 0.0))
    return out


def heated(thread: Thread, n: int = 5) -> list[Exchange]:
    """The fiercest disagreements: strongest relation score plus incivility first."""
    rows = [e for e in exchanges(thread) if e.label is RelationLabel.DISAGREE]
    rows.sort(key=lambda e: (-e.heat, e.comment.id))
    return rows[:n]


def clashes(thread: Thread, n: int = 5) -> list[tuple[str, str, int, float]]:
    """The pairs who disagreed most, either way: (speaker, speaker, disagreeing replies, fiercest)."""
    pairs: dict[tuple[str, str], list[float]] = {}
    for e in exchanges(thread):
        a, b = e.comment.speaker, e.parent.speaker
        if e.label is RelationLabel.DISAGREE and a != b:
            pairs.setdefault((min(a, b), max(a, b)), []).append(e.heat)
    ranked = sorted(pairs.items(), key=lambda kv: (-len(kv[1]), -max(kv[1]), kv[0]))
    return [(a, b, len(h), max(h)) for (a, b), h in ranked[:n]]


def pair_counts(thread: Thread) -> Counter[tuple[str, str, RelationLabel]]:
    """(replier, answered, label) -> number of replies."""
    return Counter((e.comment.speaker, e.parent.speaker, e.label) for e in exchanges(thread))


def main_opponent(thread: Thread, speaker_id: str) -> str | None:
    """The speaker ``speaker_id`` disagreed with most (either way); else whom they talked to most."""
    disagree: Counter[str] = Counter()
    talk: Counter[str] = Counter()
    for (a, b, label), n in pair_counts(thread).items():
        if a == b or speaker_id not in (a, b):
            continue
        other = b if a == speaker_id else a
        talk[other] += n
        if label is RelationLabel.DISAGREE:
            disagree[other] += n
    best = disagree or talk
    return min(best, key=lambda s: (-best[s], s)) if best else None


def speaker_rows(analysis: Analysis) -> list[dict[str, Any]]:
    """One row per speaker from the analysis's figures, most active first."""
    t = analysis.thread
    rows = []
    for st_ in analysis.stats:
        sp = t.speakers_by_id().get(st_.speaker)
        rows.append({
            "id": st_.speaker,
            "speaker": (sp.name if sp else st_.speaker) + (" (host)" if sp and sp.host else ""),
            "camp": st_.camp or "", "comments": st_.comments,
            "replies received": st_.replies_received,
            "tone": None if st_.tone is None else round(st_.tone, 3),
            "incivility": None if st_.incivility is None else round(st_.incivility, 3),
            "agree given": st_.agree_given, "disagree given": st_.disagree_given,
            "agree received": st_.agree_received, "disagree received": st_.disagree_received,
        })
    rows.sort(key=lambda r: (-r["comments"], r["speaker"].casefold()))
    return rows


def depths(thread: Thread) -> dict[str, int]:
    by_id = thread.comments_by_id()
    out: dict[str, int] = {}
    for c in tree_order(thread):
        p = c.parent if c.parent in by_id else None
        out[c.id] = out[p] + 1 if p is not None and p in out else 0
    return out


def conversation_root(thread: Thread, comment_id: str) -> str:
    """The top-level comment a comment's reply chain starts from."""
    by_id = thread.comments_by_id()
    seen = {comment_id}
    cur = by_id[comment_id]
    while cur.parent is not None and cur.parent in by_id and cur.parent not in seen:
        seen.add(cur.parent)
        cur = by_id[cur.parent]
    return cur.id


# --- batch stores (the corpus view) -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Store:
    """A batch store chosen in the sidebar: what to call it, where it is, and its cache stamp."""

    name: str
    path: Path
    stamp: tuple[int, int]  # (size, mtime_ns): a batch run that adds threads changes it


def is_store(path: Path | None) -> bool:
    """Whether ``path`` starts with the SQLite header (then it is opened as a store, not a thread)."""
    return path is not None and tstore.is_sqlite(path)


def store_at(path: Path, name: str | None = None) -> Store:
    try:
        info = path.stat()
        stamp = (info.st_size, info.st_mtime_ns)
    except OSError:
        stamp = (0, 0)  # missing: the read below says so
    return Store(name=name or path.name, path=path, stamp=stamp)


def store_from_bytes(name: str, data: bytes) -> Store:
    """An uploaded store, kept under the temp folder by content hash (SQLite reads files, not bytes)."""
    digest = hashlib.sha256(data).hexdigest()
    folder = Path(tempfile.gettempdir()) / "threads-dashboard-stores"
    folder.mkdir(exist_ok=True)
    path = folder / f"{digest[:32]}.sqlite"
    if not path.exists():
        path.write_bytes(data)
    return store_at(path, name)


@st.cache_data(show_spinner="Reading the store…", max_entries=8)
def store_threads(path: str, stamp: tuple[int, int]) -> tuple[tstore.ThreadRow, ...]:
    """``threads.store.list_threads``; raises InputError when ``path`` is not a store."""
    return tstore.list_threads(path)


@st.cache_data(show_spinner=False, max_entries=8)
def store_speakers(path: str, stamp: tuple[int, int], limit: int = 50) -> tuple[tstore.ActiveSpeaker, ...]:
    """``threads.store.active_speakers``: the named commenters who wrote most."""
    return tstore.active_speakers(path, limit)


@st.cache_data(show_spinner=False, max_entries=64)
def speaker_profile(path: str, stamp: tuple[int, int], name: str) -> tstore.SpeakerProfile:
    """``threads.store.speaker_across_threads``; raises NameNotFound with close names."""
    return tstore.speaker_across_threads(path, name)


def thread_title(row: tstore.ThreadRow) -> str:
    return row.title or f"(untitled: {row.thread_id})"


def thread_label(row: tstore.ThreadRow) -> str:
    """A stored thread as a user knows it: its title, else its id, then the file it came from."""
    return f"{thread_title(row)} · {Path(row.source).name}"


def corpus_rows(rows: tuple[tstore.ThreadRow, ...]) -> list[dict[str, Any]]:
    """One table row per stored thread (reshaping only)."""
    return [{"key": r.key, "title": thread_title(r),
             "source file": Path(r.source).name, "platform": r.platform or "",
             "date": r.published or "", "comments": r.n_comments, "speakers": r.n_speakers,
             "disagreement": None if r.disagreement_share is None else round(100 * r.disagreement_share, 1),
             "mean tone": None if r.mean_tone is None else round(r.mean_tone, 3), "camps": r.n_camps}
            for r in rows]


def profile_rows(profile: tstore.SpeakerProfile) -> list[dict[str, Any]]:
    """One row per thread the speaker wrote in (reshaping only)."""
    return [{"thread": t.title or f"(untitled: {t.thread_id})", "source file": Path(t.source).name,
             "comments": t.comments, "mean tone": None if t.mean_tone is None else round(t.mean_tone, 3),
             "camp": t.camp or "", "host": t.host}
            for t in profile.by_thread]
