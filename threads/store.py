"""Where batch results go: an embedded SQLite store (default) or JSON Lines.

One :class:`ThreadRecord` per analysed thread becomes rows in five tables:

    threads    one row per thread: key, source, thread id, content hash, title, counts, mean tone
    speakers   one row per speaker per thread: name, host, camp, comment count, mean tone
    comments   one row per comment: speaker, parent, text, tone, relation to its parent
    relations  one row per reply: who answered whom (speaker ids), label and score
    camps      one row per camp per thread: members, size, mean tone, confidence

plus ``store_info`` (the store's schema version). Child tables refer to a thread
by ``thread_key``; indexes cover the thread key, the thread id and the speaker
name (case-insensitive), which is what the corpus view asks for. Every thread is
written in one transaction, so a batch stopped half-way leaves whole threads
only, and a re-run picks up where it stopped. When a file changes, its threads
that are no longer there (or no longer the same) are removed from an SQLite
store; a JSON Lines file is only ever appended to, so it keeps both versions.

The read API (:func:`is_sqlite`, :func:`list_threads`, :func:`active_speakers`,
:func:`speaker_across_threads`, :func:`source_path`) serves a corpus view; it
reads SQLite stores only, not JSON Lines.

Not supported: concurrent writers to one store (one batch at a time), merging
two stores, and matching a speaker across threads by anything but the name
shown (aliases and spelling variants are not joined).
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from threads.errors import ExportError, InputError, NameNotFound

log = logging.getLogger(__name__)

STORE_SCHEMA = "threads-store/1"
RECORD_SCHEMA = "threads-batch/1"
SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database

__all__ = [
    "STORE_SCHEMA",
    "RECORD_SCHEMA",
    "SQLITE_HEADER",
    "ThreadRecord",
    "ThreadRow",
    "SpeakerProfile",
    "SqliteStore",
    "JsonlStore",
    "open_store",
    "is_sqlite",
    "list_threads",
    "ActiveSpeaker",
    "active_speakers",
    "source_path",
    "speaker_across_threads",
]


@dataclass(frozen=True, slots=True)
class ThreadRecord:
    """Everything the batch keeps about one analysed thread, as plain values.

    ``key`` identifies the thread in the store: it is derived from the source
    path, the thread id and a hash of the thread's content, so a changed thread
    gets a new key and is analysed again. The row tuples hold dicts whose keys
    are the column names of the matching table.
    """

    key: str
    source: str
    thread_id: str
    content_hash: str
    thread: dict[str, Any]
    speakers: tuple[dict[str, Any], ...] = ()
    comments: tuple[dict[str, Any], ...] = ()
    relations: tuple[dict[str, Any], ...] = ()
    camps: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The record as one JSON Lines object (``"schema": "threads-batch/1"``)."""
        d = asdict(self)
        return {"schema": RECORD_SCHEMA, **{k: list(v) if isinstance(v, tuple) else v
                                            for k, v in d.items()}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ThreadRecord:
        if d.get("schema") != RECORD_SCHEMA:
            raise ValueError(f"unsupported record schema {d.get('schema')!r}; expected {RECORD_SCHEMA!r}")
        return cls(key=d["key"], source=d["source"], thread_id=d["thread_id"],
                   content_hash=d["content_hash"], thread=dict(d["thread"]),
                   speakers=tuple(d.get("speakers", ())), comments=tuple(d.get("comments", ())),
                   relations=tuple(d.get("relations", ())), camps=tuple(d.get("camps", ())))


# --- SQLite ------------------------------------------------------------------

_THREAD_COLS = ("title", "url", "published", "platform", "host", "n_comments", "n_speakers",
                "n_replies", "depth", "mean_tone", "n_agree", "n_disagree", "n_neutral", "n_camps")
_SPEAKER_COLS = ("speaker_id", "name", "named", "host", "camp", "camp_confidence", "n_comments",
                 "mean_tone")
_COMMENT_COLS = ("comment_id", "position", "speaker_id", "parent_id", "published", "text",
                 "compound", "incivility", "relation", "relation_score")
_RELATION_COLS = ("comment_id", "parent_id", "source_speaker", "target_speaker", "label", "score")
_CAMP_COLS = ("camp", "n_speakers", "n_comments", "mean_tone", "confidence", "members")

_DDL = """
CREATE TABLE IF NOT EXISTS store_info (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS threads (
    key TEXT PRIMARY KEY, source TEXT NOT NULL, thread_id TEXT NOT NULL,
    content_hash TEXT NOT NULL, title TEXT, url TEXT, published TEXT, platform TEXT, host TEXT,
    n_comments INTEGER NOT NULL, n_speakers INTEGER NOT NULL, n_replies INTEGER NOT NULL,
    depth INTEGER NOT NULL, mean_tone REAL, n_agree INTEGER NOT NULL, n_disagree INTEGER NOT NULL,
    n_neutral INTEGER NOT NULL, n_camps INTEGER NOT NULL,
    analysed_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')));
CREATE INDEX IF NOT EXISTS threads_thread_id ON threads(thread_id);
CREATE INDEX IF NOT EXISTS threads_source ON threads(source, thread_id);
CREATE TABLE IF NOT EXISTS speakers (
    thread_key TEXT NOT NULL REFERENCES threads(key) ON DELETE CASCADE,
    speaker_id TEXT NOT NULL, name TEXT NOT NULL COLLATE NOCASE, named INTEGER NOT NULL,
    host INTEGER NOT NULL, camp TEXT, camp_confidence REAL, n_comments INTEGER NOT NULL,
    mean_tone REAL, PRIMARY KEY (thread_key, speaker_id));
CREATE INDEX IF NOT EXISTS speakers_name ON speakers(name COLLATE NOCASE);
CREATE TABLE IF NOT EXISTS comments (
    thread_key TEXT NOT NULL REFERENCES threads(key) ON DELETE CASCADE,
    comment_id TEXT NOT NULL, position INTEGER NOT NULL, speaker_id TEXT NOT NULL,
    parent_id TEXT, published TEXT, text TEXT NOT NULL, compound REAL, incivility REAL,
    relation TEXT, relation_score REAL, PRIMARY KEY (thread_key, comment_id));
CREATE INDEX IF NOT EXISTS comments_speaker ON comments(thread_key, speaker_id);
CREATE TABLE IF NOT EXISTS relations (
    thread_key TEXT NOT NULL REFERENCES threads(key) ON DELETE CASCADE,
    comment_id TEXT NOT NULL, parent_id TEXT NOT NULL, source_speaker TEXT NOT NULL,
    target_speaker TEXT NOT NULL, label TEXT, score REAL);
CREATE INDEX IF NOT EXISTS relations_thread ON relations(thread_key);
CREATE INDEX IF NOT EXISTS relations_source ON relations(thread_key, source_speaker);
CREATE INDEX IF NOT EXISTS relations_target ON relations(thread_key, target_speaker);
CREATE TABLE IF NOT EXISTS camps (
    thread_key TEXT NOT NULL REFERENCES threads(key) ON DELETE CASCADE,
    camp TEXT NOT NULL, n_speakers INTEGER NOT NULL, n_comments INTEGER NOT NULL,
    mean_tone REAL, confidence REAL, members TEXT NOT NULL, PRIMARY KEY (thread_key, camp));
"""


def _insert_sql(table: str, cols: tuple[str, ...]) -> str:
    names = ("thread_key",) + cols
    return f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


def is_sqlite(path: str | Path) -> bool:
    """Whether ``path`` is a file that starts with the SQLite header (a store, or another database).

    Parameters
    ----------
    path : path-like
        Any path; a folder, a missing or unreadable file gives False.

    Returns
    -------
    bool
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


class SqliteStore:
    """A batch store in one SQLite file; use as a context manager.

    Opening a file that exists but is not a threads store raises
    :class:`~threads.errors.ExportError` (a user's file is never overwritten).
    With ``create=False`` a missing file raises
    :class:`~threads.errors.InputError` instead of being created.
    """

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise InputError(f"{self.path}: no such store")
        if exists and (not self.path.is_file() or not is_sqlite(self.path)):
            raise ExportError(f"{self.path} exists and is not a threads store; "
                              "choose another output (nothing was written)")
        try:
            self.conn = sqlite3.connect(self.path)
            self.conn.execute("PRAGMA foreign_keys = ON")
            if exists:
                row = self.conn.execute(
                    "SELECT value FROM sqlite_master m, store_info i "
                    "WHERE m.name = 'store_info' AND i.name = 'schema'").fetchone()
                if row is None or row[0] != STORE_SCHEMA:
                    self.conn.close()
                    raise ExportError(f"{self.path} is an SQLite file but not a {STORE_SCHEMA} store; "
                                      "choose another output (nothing was written)")
            if create:
                # WAL + NORMAL: one commit per thread stays cheap, and a crash loses
                # at most the thread being written, never the file.
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
                with self.conn:
                    self.conn.executescript(_DDL)
                    self.conn.execute("INSERT OR IGNORE INTO store_info VALUES ('schema', ?)",
                                      (STORE_SCHEMA,))
        except sqlite3.DatabaseError as err:
            raise ExportError(f"{self.path}: cannot use as a store: {err}") from err

    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def keys(self) -> set[str]:
        """Keys of every thread already in the store."""
        return {k for (k,) in self.conn.execute("SELECT key FROM threads")}

    def write(self, record: ThreadRecord) -> None:
        """Write one thread's rows in one transaction, replacing an older version of it."""
        key = record.key
        with self.conn:
            # An older analysis of the same thread (its content changed) goes away.
            self.conn.execute("DELETE FROM threads WHERE source = ? AND thread_id = ?",
                              (record.source, record.thread_id))
            t = record.thread
            self.conn.execute(
                "INSERT INTO threads (key, source, thread_id, content_hash, "
                + ", ".join(_THREAD_COLS) + ") VALUES (" + ", ".join("?" * (4 + len(_THREAD_COLS))) + ")",
                (key, record.source, record.thread_id, record.content_hash)
                + tuple(t.get(c) for c in _THREAD_COLS))
            for table, cols, rows in (("speakers", _SPEAKER_COLS, record.speakers),
                                      ("comments", _COMMENT_COLS, record.comments),
                                      ("relations", _RELATION_COLS, record.relations),
                                      ("camps", _CAMP_COLS, record.camps)):
                self.conn.executemany(
                    _insert_sql(table, cols),
                    [(key,) + tuple(_column(r, c) for c in cols) for r in rows])

    def prune(self, source: str, keep: set[str]) -> int:
        """Remove the threads of ``source`` whose key is not in ``keep`` (the file changed); how many."""
        stale = [k for (k,) in self.conn.execute("SELECT key FROM threads WHERE source = ?", (source,))
                 if k not in keep]
        with self.conn:
            self.conn.executemany("DELETE FROM threads WHERE key = ?", [(k,) for k in stale])
        return len(stale)

    def count(self, table: str) -> int:
        if table not in ("threads", "speakers", "comments", "relations", "camps"):
            raise ValueError(f"no table {table!r}")
        return self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def _column(row: dict[str, Any], col: str) -> Any:
    value = row.get(col)
    if isinstance(value, (list, tuple)):
        return json.dumps(list(value), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


# --- JSON Lines ----------------------------------------------------------------


class JsonlStore:
    """A batch store as JSON Lines: one :class:`ThreadRecord` per line, appended.

    An existing file must hold such records (else :class:`ExportError`); a
    re-run appends only threads whose key is not in it yet.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._keys: set[str] = set()
        if self.path.exists() and self.path.stat().st_size > 0:
            if not self.path.is_file():
                raise ExportError(f"{self.path} exists and is not a file")
            for n, rec in enumerate(_iter_jsonl(self.path)):
                if rec is None:
                    raise ExportError(f"{self.path} exists and is not a threads batch file "
                                      f"(line {n + 1}); choose another output (nothing was written)")
                self._keys.add(rec["key"])
        self._fh = self.path.open("a", encoding="utf-8")

    def __enter__(self) -> JsonlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._fh.close()

    def keys(self) -> set[str]:
        return set(self._keys)

    def prune(self, source: str, keep: set[str]) -> int:
        """Nothing is removed from a JSON Lines file: a changed thread is appended again."""
        return 0

    def write(self, record: ThreadRecord) -> None:
        # One line per thread, flushed at once: a stopped run leaves whole lines.
        self._fh.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")
        self._fh.flush()
        self._keys.add(record.key)


def _iter_jsonl(path: Path) -> Iterator[dict[str, Any] | None]:
    with path.open(encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                yield None
                continue
            yield rec if isinstance(rec, dict) and rec.get("schema") == RECORD_SCHEMA else None


def read_jsonl(path: str | Path) -> Iterator[ThreadRecord]:
    """The records of a JSON Lines batch file, in the order written."""
    for n, rec in enumerate(_iter_jsonl(Path(path))):
        if rec is None:
            raise InputError(f"{path}: line {n + 1} is not a threads batch record")
        yield ThreadRecord.from_dict(rec)


def open_store(path: str | Path, jsonl: bool = False) -> SqliteStore | JsonlStore:
    """The store at ``path`` for writing: SQLite, or JSON Lines with ``jsonl``."""
    return JsonlStore(path) if jsonl else SqliteStore(path)


# --- read API (corpus view) -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThreadRow:
    """One analysed thread as the corpus view lists it."""

    key: str
    source: str
    thread_id: str
    title: str | None
    url: str | None
    published: str | None
    platform: str | None
    host: str | None
    n_comments: int
    n_speakers: int
    n_replies: int
    depth: int
    mean_tone: float | None
    n_agree: int
    n_disagree: int
    n_neutral: int
    n_camps: int
    analysed_at: str

    @property
    def disagreement_share(self) -> float | None:
        """Disagreeing replies over the replies that got a relation label (None if none did)."""
        labelled = self.n_agree + self.n_disagree + self.n_neutral
        return self.n_disagree / labelled if labelled else None


@dataclass(frozen=True, slots=True)
class SpeakerThread:
    """One thread a speaker took part in."""

    thread_key: str
    title: str | None
    source: str
    comments: int
    mean_tone: float | None
    camp: str | None
    host: bool
    thread_id: str = ""


@dataclass(frozen=True, slots=True)
class SpeakerProfile:
    """A speaker followed across the threads of a store (matched by name, any case).

    ``clashes`` and ``allies`` count replies labelled disagree / agree between
    this speaker and each other speaker, in either direction, most first.
    ``mean_tone`` is the mean compound tone over all their comments (None if
    the store holds no tone).
    """

    name: str
    threads: int
    comments: int
    mean_tone: float | None
    clashes: tuple[tuple[str, int], ...] = ()
    allies: tuple[tuple[str, int], ...] = ()
    by_thread: tuple[SpeakerThread, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class ActiveSpeaker:
    """A named speaker and how much they wrote across the store."""

    name: str
    threads: int
    comments: int


def _reader(store: str | Path | SqliteStore) -> tuple[sqlite3.Connection, bool]:
    if isinstance(store, SqliteStore):
        return store.conn, False
    path = Path(store)
    if not path.is_file():
        raise InputError(f"{path}: no such store")
    if not is_sqlite(path):
        raise InputError(f"{path} is not an SQLite threads store (JSON Lines files are read with "
                         "threads.store.read_jsonl)")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        ok = conn.execute("SELECT value FROM sqlite_master m, store_info i "
                          "WHERE m.name = 'store_info' AND i.name = 'schema'").fetchone()
    except sqlite3.DatabaseError as err:
        conn.close()
        raise InputError(f"{path} is not a threads store: {err}") from err
    if ok is None or ok[0] != STORE_SCHEMA:
        conn.close()
        raise InputError(f"{path} is not a {STORE_SCHEMA} store")
    return conn, True


def list_threads(store: str | Path | SqliteStore) -> tuple[ThreadRow, ...]:
    """Every thread in ``store``, most comments first.

    Parameters
    ----------
    store : path or SqliteStore
        An SQLite store written by :func:`threads.batch.run_batch`.

    Returns
    -------
    tuple of ThreadRow
    """
    conn, owned = _reader(store)
    try:
        names = ("key", "source", "thread_id") + _THREAD_COLS + ("analysed_at",)
        rows = conn.execute(f"SELECT {', '.join(names)} FROM threads "
                            "ORDER BY n_comments DESC, source, thread_id").fetchall()
    finally:
        if owned:
            conn.close()
    return tuple(ThreadRow(**dict(zip(names, r, strict=True))) for r in rows)


def active_speakers(store: str | Path | SqliteStore, limit: int = 50) -> tuple[ActiveSpeaker, ...]:
    """The named speakers who wrote most across the store (names joined in any case), most first.

    Speakers a reader had to invent a name for (``named`` false: "Anonymous 3")
    are left out: the same made-up name in two threads is not one person.

    Parameters
    ----------
    store : path or SqliteStore
        An SQLite store written by :func:`threads.batch.run_batch`.
    limit : int
        At most this many speakers.

    Returns
    -------
    tuple of ActiveSpeaker
    """
    conn, owned = _reader(store)
    try:
        rows = conn.execute(
            "SELECT min(name), count(DISTINCT thread_key), sum(n_comments) FROM speakers "
            "WHERE named = 1 GROUP BY name COLLATE NOCASE "
            "ORDER BY sum(n_comments) DESC, count(DISTINCT thread_key) DESC, min(name) COLLATE NOCASE "
            "LIMIT ?", (max(0, limit),)).fetchall()
    finally:
        if owned:
            conn.close()
    return tuple(ActiveSpeaker(name=n, threads=t, comments=c) for n, t, c in rows)


def source_path(row: ThreadRow) -> Path:
    """The input file (or ConvoKit folder) a stored thread was read from, if it is still there.

    Load the thread itself with ``threads.pipeline.load(path, post=row.thread_id)``.

    Raises
    ------
    InputError
        The file was moved or deleted since the batch.
    """
    path = Path(row.source)
    if not path.exists():
        raise InputError(f"{row.source}: the source of {row.title or row.thread_id!r} is not there any "
                         "more (moved or deleted since the batch); run the batch again where it is now")
    return path


def speaker_across_threads(store: str | Path | SqliteStore, name: str) -> SpeakerProfile:
    """How often ``name`` comments across the store, their tone, whom they clash with, their camps.

    Parameters
    ----------
    store : path or SqliteStore
        An SQLite store written by :func:`threads.batch.run_batch`.
    name : str
        The speaker's name as shown in the threads (case does not matter).

    Returns
    -------
    SpeakerProfile

    Raises
    ------
    NameNotFound
        No speaker of that name in the store; the message lists close names.
    """
    conn, owned = _reader(store)
    try:
        rows = conn.execute(
            "SELECT s.thread_key, s.speaker_id, s.name, s.n_comments, s.mean_tone, s.camp, s.host, "
            "t.title, t.source, t.thread_id FROM speakers s JOIN threads t ON t.key = s.thread_key "
            "WHERE s.name = ? COLLATE NOCASE ORDER BY t.source, t.thread_id", (name.strip(),)).fetchall()
        if not rows:
            raise NameNotFound(_not_found(conn, name))
        tone = conn.execute(
            "SELECT avg(c.compound) FROM comments c JOIN speakers s "
            "ON s.thread_key = c.thread_key AND s.speaker_id = c.speaker_id "
            "WHERE s.name = ? COLLATE NOCASE AND c.compound IS NOT NULL", (name.strip(),)).fetchone()[0]
        clashes: dict[str, int] = {}
        allies: dict[str, int] = {}
        for label, other in conn.execute(
                "SELECT r.label, o.name FROM speakers s JOIN relations r ON r.thread_key = s.thread_key "
                "AND (r.source_speaker = s.speaker_id OR r.target_speaker = s.speaker_id) "
                "JOIN speakers o ON o.thread_key = r.thread_key AND o.speaker_id = "
                "CASE WHEN r.source_speaker = s.speaker_id THEN r.target_speaker ELSE r.source_speaker END "
                "WHERE s.name = ? COLLATE NOCASE AND r.label IN ('agree', 'disagree') "
                "AND r.source_speaker != r.target_speaker", (name.strip(),)):
            bucket = clashes if label == "disagree" else allies
            bucket[other] = bucket.get(other, 0) + 1
    finally:
        if owned:
            conn.close()
    by_thread = tuple(SpeakerThread(thread_key=r[0], title=r[7], source=r[8], comments=r[3],
                                    mean_tone=r[4], camp=r[5], host=bool(r[6]), thread_id=r[9])
                      for r in rows)
    return SpeakerProfile(
        name=rows[0][2], threads=len({r[0] for r in rows}), comments=sum(r[3] for r in rows),
        mean_tone=tone, clashes=_ranked(clashes), allies=_ranked(allies), by_thread=by_thread)


def _ranked(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].lower())))


def _not_found(conn: sqlite3.Connection, name: str) -> str:
    import difflib

    names = [n for (n,) in conn.execute("SELECT DISTINCT name FROM speakers WHERE named = 1")]
    close = difflib.get_close_matches(name, names, n=5, cutoff=0.6)
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    return f"no speaker named {name!r} in the store{hint}"
