"""The batch store: schema, transactions, and the corpus read API."""

from __future__ import annotations

import sqlite3

import pytest

from threads import pipeline
from threads.batch import Task, analyse_one, content_hash, run_batch, thread_key
from threads.errors import ExportError, InputError, NameNotFound
from threads.model import Comment, Relation, RelationLabel, Speaker, Thread, Tone
from threads.store import (
    JsonlStore,
    SqliteStore,
    ThreadRecord,
    active_speakers,
    is_sqlite,
    list_threads,
    read_jsonl,
    source_path,
    speaker_across_threads,
)

from .conftest import SEED_THREAD


def _scored(tid: str, pairs: list[tuple[str, str, str | None, str | None, float]]) -> Thread:
    """A thread already scored: (comment id, speaker name, parent id, relation label, tone) rows."""
    names = sorted({p[1] for p in pairs})
    ids = {n: f"s{i + 1}" for i, n in enumerate(names)}
    camps = {"Ann": "A", "Bob": "B", "Cy": "A"}
    speakers = tuple(Speaker(ids[n], n, camp=camps.get(n), host=(n == "Ann")) for n in names)
    comments = tuple(
        Comment(cid, ids[name], f"text of {cid}", parent=parent, tone=Tone(compound=tone),
                relation=None if label is None else Relation(RelationLabel(label), 0.5))
        for cid, name, parent, label, tone in pairs)
    return Thread(id=tid, title=f"Post {tid}", host=ids.get("Ann"), speakers=speakers, comments=comments)


def _record(thread: Thread, source: str = "blog.xml") -> ThreadRecord:
    # Records built from threads that are already scored: the store test does not
    # depend on which scoring stages are installed.
    from threads.batch import record_of

    h = content_hash(thread)
    return record_of(Task(source, thread, h, thread_key(source, thread.id, h)), thread)


T1 = _scored("p1", [("c1", "Ann", None, None, 0.5), ("c2", "Bob", "c1", "disagree", -0.6),
                    ("c3", "Ann", "c2", "disagree", -0.2), ("c4", "Cy", "c1", "agree", 0.4)])
T2 = _scored("p2", [("c1", "Bob", None, None, 0.0), ("c2", "ann", "c1", "disagree", -0.4),
                    ("c3", "Bob", "c2", "agree", 0.2)])


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.db"
    with SqliteStore(path) as store:
        store.write(_record(T1))
        store.write(_record(T2))
    return path


def test_tables_and_indexes_exist(db):
    conn = sqlite3.connect(db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"threads", "speakers", "comments", "relations", "camps"} <= tables
    index_sql = " ".join(r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"))
    assert "threads(thread_id)" in index_sql and "speakers(name" in index_sql
    assert "relations(thread_key" in index_sql


def test_counts_match_the_threads(db):
    with SqliteStore(db, create=False) as store:
        assert store.count("threads") == 2
        assert store.count("comments") == 4 + 3
        assert store.count("speakers") == 3 + 2
        assert store.count("relations") == 3 + 2
        assert store.count("camps") == 2 + 1  # A and B in p1; only B in p2
        row = store.conn.execute("SELECT members, n_comments FROM camps WHERE camp = 'A' "
                                 "AND thread_key IN (SELECT key FROM threads WHERE thread_id = 'p1')"
                                 ).fetchone()
    assert row == ('["Ann", "Cy"]', 3)


def test_list_threads_most_comments_first(db):
    rows = list_threads(db)
    assert [r.thread_id for r in rows] == ["p1", "p2"]
    p1 = rows[0]
    assert (p1.n_comments, p1.n_speakers, p1.n_replies, p1.depth) == (4, 3, 3, 2)
    assert (p1.n_agree, p1.n_disagree, p1.n_neutral, p1.n_camps) == (1, 2, 0, 2)
    assert p1.host == "Ann" and p1.title == "Post p1"
    assert p1.mean_tone == pytest.approx((0.5 - 0.6 - 0.2 + 0.4) / 4)


def test_disagreement_share_counts_labelled_replies_only(db):
    p1, p2 = list_threads(db)
    assert p1.disagreement_share == pytest.approx(2 / 3)
    assert p2.disagreement_share == pytest.approx(1 / 2)
    alone = _scored("p3", [("c1", "Cy", None, None, 0.0)])
    with SqliteStore(db) as store:
        store.write(_record(alone))
    assert next(r for r in list_threads(db) if r.thread_id == "p3").disagreement_share is None


def test_active_speakers_join_names_in_any_case_and_skip_made_up_names(db):
    anon = Thread(id="p9", speakers=(Speaker("s1", "Anonymous 1", named=False), Speaker("s2", "Cy")),
                  comments=tuple(Comment(f"c{i}", "s1", "x") for i in range(5))
                  + (Comment("c9", "s2", "y"),))
    with SqliteStore(db) as store:
        store.write(_record(anon))
    top = active_speakers(db)
    # Bob: 1 in p1 + 2 in p2; Ann: 2 in p1 + 1 as "ann" in p2; Cy: 1 in p1 + 1 in p9
    assert [(s.name, s.threads, s.comments) for s in top] == [
        ("Ann", 2, 3), ("Bob", 2, 3), ("Cy", 2, 2)]
    assert [s.name for s in active_speakers(db, limit=1)] == ["Ann"]


def test_source_path_says_when_the_input_is_gone(db, tmp_path):
    (row, _) = list_threads(db)
    with pytest.raises(InputError, match="not there any more"):
        source_path(row)  # the records name "blog.xml", which is not in the working folder
    real = tmp_path / "blog.xml"
    real.write_text("x")
    moved = type(row)(**{**{f: getattr(row, f) for f in row.__slots__}, "source": str(real)})
    assert source_path(moved) == real


def test_is_sqlite_reads_the_header(db, tmp_path):
    fake = tmp_path / "fake.sqlite"
    fake.write_text("not a database")
    assert is_sqlite(db) and not is_sqlite(fake)
    assert not is_sqlite(tmp_path) and not is_sqlite(tmp_path / "missing.sqlite")


def test_speaker_across_threads(db):
    ann = speaker_across_threads(db, "ANN")
    assert ann.threads == 2 and ann.comments == 3
    assert ann.mean_tone == pytest.approx((0.5 - 0.2 - 0.4) / 3)
    # Ann answered Bob with disagreement in p1, Bob disagreed with her in p1, she with him in p2.
    assert ann.clashes == (("Bob", 3),)
    # Cy agreed with her in p1; Bob agreed with "ann" in p2.
    assert ann.allies == (("Bob", 1), ("Cy", 1))
    assert [(t.title, t.thread_id, t.camp, t.comments, t.host) for t in ann.by_thread] == [
        ("Post p1", "p1", "A", 2, True), ("Post p2", "p2", None, 1, False)]


def test_unknown_speaker_suggests_close_names(db):
    with pytest.raises(NameNotFound, match="Bob"):
        speaker_across_threads(db, "Bobb")


def test_rewriting_a_thread_replaces_its_old_version(db):
    changed = _scored("p1", [("c1", "Ann", None, None, 0.1)])
    with SqliteStore(db) as store:
        store.write(_record(changed))
        assert store.count("threads") == 2
        assert store.count("comments") == 1 + 3
        assert store.count("relations") == 2


def test_a_failed_write_leaves_no_half_thread(db):
    broken = _record(T1, source="other.xml")
    bad = ThreadRecord(broken.key, broken.source, broken.thread_id, broken.content_hash, broken.thread,
                       broken.speakers, broken.comments + (broken.comments[0],), broken.relations,
                       broken.camps)  # a duplicate comment id breaks the primary key mid-write
    with SqliteStore(db) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.write(bad)
        assert store.count("threads") == 2 and store.count("comments") == 7


def test_jsonl_round_trip(tmp_path):
    out = tmp_path / "out.jsonl"
    rec = _record(T1)
    with JsonlStore(out) as store:
        store.write(rec)
    assert list(read_jsonl(out)) == [rec]
    with JsonlStore(out) as store:
        assert store.keys() == {rec.key}


def test_read_api_refuses_what_is_not_a_store(tmp_path):
    with pytest.raises(InputError, match="no such store"):
        list_threads(tmp_path / "none.db")
    text = tmp_path / "notes.txt"
    text.write_text("hello")
    with pytest.raises(InputError, match="not an SQLite threads store"):
        list_threads(text)
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE x (a)").connection.commit()
    with pytest.raises(InputError, match="not a threads store"):
        list_threads(other)
    with pytest.raises(ExportError):
        SqliteStore(other)


def test_store_from_a_real_batch_matches_the_seed_thread(tmp_path):
    db = tmp_path / "seed.db"
    run_batch([SEED_THREAD], db, workers=1, progress=False)
    seed = pipeline.load(SEED_THREAD)
    expected = analyse_one(Task(str(SEED_THREAD), seed, content_hash(seed),
                                thread_key(str(SEED_THREAD), seed.id, content_hash(seed))))
    (row,) = list_threads(db)
    assert row.n_comments == len(seed.comments) == expected.thread["n_comments"]
    texts = [t for (t,) in sqlite3.connect(db).execute("SELECT text FROM comments ORDER BY position")]
    assert texts == [c.text for c in seed.comments]
    named = [s for s in seed.speakers if s.named]
    if named:  # the plain-text reader names speakers where the text shows them
        prof = speaker_across_threads(db, named[0].name)
        assert prof.threads == 1
        assert prof.comments == sum(1 for c in seed.comments if c.speaker == named[0].id)
