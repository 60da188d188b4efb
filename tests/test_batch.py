"""Batch analysis: inputs expanded, every thread analysed once, bad inputs isolated, engines agree."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from threads import pipeline
from threads.batch import Spooled, analyse_one, expand_file, expand_inputs, run_batch
from threads.cli import main
from threads.errors import ExportError, ParseError, ThreadsError
from threads.formats import Format
from threads.model import Comment, Speaker, Thread, to_dict
from threads.readers import reader_for
from threads.store import SqliteStore, list_threads, read_jsonl

from .conftest import SEED_THREAD, SEEDS, corpus

ARTICLE_SEEDS = sorted(p for p in SEEDS.glob("*.txt") if p != SEED_THREAD)


def _needs(fmt: Format) -> None:
    if reader_for(fmt) is None:
        pytest.skip(f"no {fmt.value} reader in this installation")


def _rows(db: Path, sql: str) -> list[tuple]:
    with SqliteStore(db, create=False) as store:
        return store.conn.execute(sql).fetchall()


def _multi_post_export(tmp_path: Path) -> Path:
    """Three threads in one threads/1 JSON Lines file: two with comments, one without."""
    a = Thread(id="post-a", title="A", speakers=(Speaker("s1", "Ann"), Speaker("s2", "Bob")),
               comments=(Comment("c1", "s1", "I think this plan is wrong."),
                         Comment("c2", "s2", "No, it is a good plan.", parent="c1"),
                         Comment("c3", "s1", "You are right, Bob.", parent="c2")))
    b = Thread(id="post-b", title="B", speakers=(Speaker("s1", "Bob"),),
               comments=(Comment("c1", "s1", "First!"),))
    empty = Thread(id="post-c", title="C (no comments)")
    path = tmp_path / "blog.jsonl"
    path.write_text("".join(json.dumps(to_dict(t)) + "\n" for t in (a, b, empty)), encoding="utf-8")
    return path


def test_expand_inputs_walks_folders_and_globs(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("x")
    (tmp_path / ".hidden").write_text("x")
    files, errors = expand_inputs([SEEDS, str(SEEDS / "00[01]_*.txt"), tmp_path, tmp_path / "missing",
                                   str(tmp_path / "*.nothing")])
    names = [f.name for f in files]
    assert names[:5] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert len(names) == len(set(names)) == 6  # the glob repeats two seeds: listed once
    assert names[-1] == "x.txt" and ".hidden" not in names
    assert [e.message for e in errors] == ["no such file or folder", "no file matches this pattern"]


def test_multi_post_export_yields_every_thread_with_comments(tmp_path):
    found = expand_file(str(_multi_post_export(tmp_path)))
    assert [t.thread.id for t in found.tasks] == ["post-a", "post-b"]
    assert found.empty == 1
    assert len({t.key for t in found.tasks}) == 2


def test_a_spooled_thread_waits_on_disk_and_comes_back_the_same(tmp_path):
    export = _multi_post_export(tmp_path)
    spool = tmp_path / "spool"
    spool.mkdir()
    in_memory = expand_file(str(export))
    spooled = expand_file(str(export), spool)
    assert all(isinstance(t.thread, Spooled) for t in spooled.tasks)
    assert len(list(spool.iterdir())) == len(spooled.tasks) == 2
    for plain, ref in zip(in_memory.tasks, spooled.tasks, strict=True):
        assert ref.key == plain.key and ref.size == plain.size and ref.thread.id == plain.thread.id
        assert ref.load() == plain.thread
        assert analyse_one(ref) == analyse_one(plain)
    # A spool file that went away is a per-thread error with the thread named, not a crash.
    Path(spooled.tasks[0].thread.path).unlink()
    with pytest.raises(ThreadsError, match="post-a cannot be read back"):
        analyse_one(spooled.tasks[0])


def test_a_spool_that_cannot_be_written_is_named_in_the_error(tmp_path):
    with pytest.raises(ThreadsError, match="cannot write thread post-a to the spool folder"):
        expand_file(str(_multi_post_export(tmp_path)), tmp_path / "no-such-folder")


def _spools(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".threads-batch-")]


def test_the_spool_folder_is_gone_after_every_run(tmp_path):
    # Parsed threads wait in a hidden folder beside the output; no run leaves it behind:
    # a full run, a run with bad inputs, a resumed run (every thread skipped), a dry one.
    db = tmp_path / "out.db"
    export = _multi_post_export(tmp_path)
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    first = run_batch([export, png, SEED_THREAD], db, workers=2, progress=False)
    assert first.analysed == 3 and len(first.errors) == 1
    assert _spools(tmp_path) == []
    again = run_batch([export, SEED_THREAD], db, workers=1, progress=False)
    assert again.skipped == 3 and _spools(tmp_path) == []
    run_batch([tmp_path / "gone.txt"], db, progress=False)
    assert _spools(tmp_path) == []


def test_analyse_one_is_pure_and_records_the_structure(tmp_path):
    task = expand_file(str(_multi_post_export(tmp_path))).tasks[0]
    rec = analyse_one(task)
    assert rec == analyse_one(task)
    assert rec.thread["n_comments"] == 3 and rec.thread["n_speakers"] == 2
    assert rec.thread["n_replies"] == 2 and rec.thread["depth"] == 2
    assert [(r["source_speaker"], r["target_speaker"]) for r in rec.relations] == [("s2", "s1"),
                                                                                   ("s1", "s2")]
    assert {s["name"]: s["n_comments"] for s in rec.speakers} == {"Ann": 2, "Bob": 1}
    assert [c["text"] for c in rec.comments][1] == "No, it is a good plan."


def test_batch_over_seeds_and_an_export_fills_the_store(tmp_path):
    db = tmp_path / "out.db"
    export = _multi_post_export(tmp_path)
    summary = run_batch([SEEDS, export], db, workers=2, progress=False)
    seed = pipeline.load(SEED_THREAD)
    assert summary.files == 6
    rows = {(Path(r.source).name, r.thread_id): r for r in list_threads(db)}
    assert ("blog.jsonl", "post-a") in rows and ("blog.jsonl", "post-b") in rows
    assert ("blog.jsonl", "post-c") not in rows  # no comments: nothing to analyse
    assert rows[(SEED_THREAD.name, seed.id)].n_comments == len(seed.comments)
    # The store holds exactly the comments and speakers of the threads it lists.
    assert _rows(db, "SELECT count(*) FROM comments")[0][0] == sum(r.n_comments for r in rows.values())
    assert _rows(db, "SELECT count(*) FROM speakers")[0][0] == sum(r.n_speakers for r in rows.values())
    assert _rows(db, "SELECT count(*) FROM relations")[0][0] == sum(r.n_replies for r in rows.values())
    assert summary.analysed == len(rows) and summary.skipped == 0
    assert summary.comments == sum(r.n_comments for r in rows.values())
    # Article seeds hold no comments: reported per file, never fatal.
    errored = {Path(e.source).name for e in summary.errors}
    for article in ARTICLE_SEEDS:
        assert (article.name in errored) != any(Path(r.source).name == article.name for r in rows.values())
    assert "analysed" in summary.as_text() and "out.db" in summary.as_text()


def test_article_seeds_are_per_file_errors(tmp_path):
    try:
        next(t for t in pipeline.load_all(ARTICLE_SEEDS[0]) if t.comments)
    except (StopIteration, ParseError):
        pass
    else:
        pytest.skip("the plain-text reader in this installation finds comments in articles")
    summary = run_batch([*ARTICLE_SEEDS, SEED_THREAD], tmp_path / "out.db", workers=1, progress=False)
    assert summary.analysed == 1
    assert sorted(Path(e.source).name for e in summary.errors) == [p.name for p in ARTICLE_SEEDS]
    assert all("no comments" in e.message for e in summary.errors)


def test_second_run_skips_what_is_stored_and_redoes_a_changed_thread(tmp_path):
    db = tmp_path / "out.db"
    src = tmp_path / "thread.txt"
    shutil.copy(SEED_THREAD, src)
    export = _multi_post_export(tmp_path)
    first = run_batch([src, export], db, workers=1, progress=False)
    assert first.analysed == 3 and first.skipped == 0
    second = run_batch([src, export], db, workers=1, progress=False)
    assert second.analysed == 0 and second.skipped == 3
    assert len(list_threads(db)) == 3
    # A thread whose content changed is analysed again and replaces its old version.
    src.write_text(SEED_THREAD.read_text(encoding="utf-8") + "\n\n\nOne more comment at the end.\n",
                   encoding="utf-8")
    third = run_batch([src, export], db, workers=1, progress=False)
    assert third.analysed == 1 and third.skipped == 2
    assert len(list_threads(db)) == 3


def test_binary_and_missing_inputs_are_reported_not_fatal(tmp_path):
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    summary = run_batch([png, empty, tmp_path / "gone.html", SEED_THREAD], tmp_path / "out.db",
                        workers=2, progress=False)
    assert summary.analysed == 1
    msgs = {Path(e.source).name: e.message for e in summary.errors}
    assert set(msgs) == {"picture.png", "empty.txt", "gone.html"}
    assert "binary" in msgs["picture.png"] and "empty" in msgs["empty.txt"]


def test_jsonl_output_holds_one_record_per_thread(tmp_path):
    out = tmp_path / "out.jsonl"
    export = _multi_post_export(tmp_path)
    summary = run_batch([export, SEED_THREAD], out, jsonl=True, workers=1, progress=False)
    recs = list(read_jsonl(out))
    assert len(recs) == summary.analysed == 2 + 1
    assert {r.thread_id for r in recs} >= {"post-a", "post-b"}
    first = next(r for r in recs if r.thread_id == "post-a")
    assert first.thread["n_comments"] == len(first.comments) == 3
    again = run_batch([export, SEED_THREAD], out, jsonl=True, workers=1, progress=False)
    assert again.skipped == 3 and len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_a_users_file_is_never_overwritten(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("my notes\n")
    with pytest.raises(ExportError, match="not a threads store"):
        run_batch([SEED_THREAD], notes, progress=False)
    with pytest.raises(ExportError, match="not a threads batch file"):
        run_batch([SEED_THREAD], notes, jsonl=True, progress=False)
    assert notes.read_text() == "my notes\n"


def test_bad_options_raise_threads_errors(tmp_path):
    with pytest.raises(ThreadsError, match="unknown engine"):
        run_batch([SEED_THREAD], tmp_path / "o.db", engine="spark", progress=False)
    with pytest.raises(ThreadsError, match="--scheduler needs --engine dask"):
        run_batch([SEED_THREAD], tmp_path / "o.db", scheduler="tcp://127.0.0.1:1", progress=False)


@pytest.mark.parametrize("parts, fmt", [
    (("wxr-mythz-blog", "wordpress-export.xml"), Format.WXR),
    (("wxr-wp-theme-unit-test", "theme-unit-test-data.xml"), Format.WXR),
    (("disqus-tl3shi-blog", "disqus.xml"), Format.DISQUS),
    (("hn-algolia-thread", "hn-item-49220339.json"), Format.HN),
])
def test_batch_over_a_corpus_export_stores_every_thread(tmp_path, parts, fmt):
    path = corpus(*parts)
    _needs(fmt)
    expected = [t for t in pipeline.load_all(path) if t.comments]
    db = tmp_path / "out.db"
    summary = run_batch([path], db, workers=2, progress=False)
    assert summary.errors == ()
    assert summary.analysed == summary.threads_found == len(expected)
    rows = list_threads(db)
    assert sorted(r.n_comments for r in rows) == sorted(len(t.comments) for t in expected)
    assert _rows(db, "SELECT count(*) FROM comments")[0][0] == sum(len(t.comments) for t in expected)


def test_cli_batch_prints_a_summary(tmp_path, capsys):
    db = tmp_path / "out.db"
    assert main(["batch", str(SEED_THREAD), "-o", str(db), "--no-progress", "--workers", "1"]) == 0
    err = capsys.readouterr().err
    assert "1 analysed" in err and str(db) in err
    assert main(["batch", str(SEED_THREAD), "-o", str(db), "--no-progress"]) == 0
    assert "1 already in the store" in capsys.readouterr().err


@pytest.mark.slow
def test_dask_engine_gives_the_local_engines_results(tmp_path):
    distributed = pytest.importorskip("distributed")
    export = _multi_post_export(tmp_path)
    inputs = [SEEDS, export, tmp_path / "missing.txt"]
    local = run_batch(inputs, tmp_path / "local.jsonl", jsonl=True, workers=2, progress=False)
    with distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        dask = run_batch(inputs, tmp_path / "dask.jsonl", jsonl=True, engine="dask",
                         scheduler=cluster.scheduler_address, progress=False)
    assert dask.workers == 2
    assert (dask.analysed, dask.threads_found, dask.comments) == (local.analysed, local.threads_found,
                                                                  local.comments)
    assert sorted(e.as_text() for e in dask.errors) == sorted(e.as_text() for e in local.errors)
    by_key = {r.key: r for r in read_jsonl(tmp_path / "local.jsonl")}
    dask_recs = list(read_jsonl(tmp_path / "dask.jsonl"))
    assert len(dask_recs) == len(by_key) and all(r == by_key[r.key] for r in dask_recs)


def test_resume_holds_across_separate_runs_of_the_command(tmp_path):
    # Each run is a new interpreter with its own string hashing: the keys must not depend on it.
    import os
    import subprocess
    import sys

    db = tmp_path / "out.db"
    cmd = [sys.executable, "-m", "threads", "batch", str(SEED_THREAD), "-o", str(db), "--no-progress",
           "--workers", "1"]
    root = Path(__file__).resolve().parent.parent
    errs = []
    for seed in ("1", "2"):
        env = dict(os.environ, PYTHONHASHSEED=seed, PYTHONPATH=str(root))
        proc = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=root, check=True)
        errs.append(proc.stderr)
    assert "1 analysed" in errs[0]
    assert "0 analysed, 1 already in the store" in errs[1]


@pytest.mark.slow
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_stopped_batch_cleans_up_and_the_next_run_resumes(tmp_path, signame):
    # `kill` (SIGTERM) and Ctrl-C (SIGINT) in the middle of a run: the threads stored so far
    # stay, the spool folder goes, the exit status says which signal, and a new run goes on.
    import os
    import signal
    import subprocess
    import sys
    import time

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for k in range(40):  # the seed under 40 names: 40 threads to store one after another
        shutil.copy(SEED_THREAD, inputs / f"copy-{k:02}.txt")
    db = tmp_path / "out.db"
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=str(root))
    cmd = [sys.executable, "-m", "threads", "batch", str(inputs), "-o", str(db), "--no-progress",
           "--workers", "2"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True, env=env, cwd=root)
    deadline = time.monotonic() + 120
    stored = 0
    while stored == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
        if db.exists():
            try:
                stored = _rows(db, "SELECT count(*) FROM threads")[0][0]
            except Exception:  # the store is being created
                stored = 0
    assert proc.poll() is None, "the batch ended before it could be stopped"
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 128 + getattr(signal, signame), err
    assert "batch stopped" in err and "Traceback" not in err
    assert _spools(tmp_path) == []
    kept = len(list_threads(db))
    assert 1 <= kept < 40
    again = run_batch([inputs], db, workers=2, progress=False)
    assert again.skipped == kept and again.analysed == 40 - kept


def test_cli_batch_runs_from_a_thread_other_than_the_main_one(tmp_path):
    # Only the main thread may set the SIGTERM handler; an embedder's worker thread still runs batches.
    import threading

    codes: list[int] = []
    db = tmp_path / "out.db"
    t = threading.Thread(target=lambda: codes.append(
        main(["batch", str(SEED_THREAD), "-o", str(db), "--no-progress", "--workers", "1"])))
    t.start()
    t.join()
    assert codes == [0] and len(list_threads(db)) == 1
