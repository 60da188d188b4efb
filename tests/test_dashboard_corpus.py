"""The dashboard's Corpus tab on a real batch store, run headless with Streamlit's AppTest.

The store is built by ``threads.batch.run_batch`` from the seed thread, a saved
WordPress page and a WordPress export holding two posts; the tests compare what
the tab shows with what :mod:`threads.pipeline` reads from the same files.
"""

from __future__ import annotations

import dataclasses
import html
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.charts import plural
from tests.apptest import assert_clean, open_app
from tests.conftest import SEED_THREAD, corpus
from tests.handmade import MALICIOUS, analysed_thread
from threads import pipeline
from threads.batch import run_batch
from threads.model import to_dict
from threads.store import SqliteStore, list_threads


@pytest.fixture(scope="module")
def inputs() -> list[Path]:
    return [SEED_THREAD, corpus("html-wp-lemire", "lemire.me.json.html"),
            corpus("isso-import-fixtures", "wordpress.xml")]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, inputs: list[Path]) -> Path:
    out = tmp_path_factory.mktemp("corpus") / "corpus.sqlite"
    summary = run_batch(inputs, out, workers=1, progress=False)
    assert not summary.errors
    return out


@pytest.fixture(scope="module")
def expected(inputs: list[Path]) -> dict[tuple[str, str], int]:
    """(source file name, thread id) -> comments, as the readers see the inputs."""
    return {(p.name, t.id): len(t.comments) for p in inputs for t in pipeline.load_all(p) if t.comments}


def run(path: Path | None, monkeypatch: pytest.MonkeyPatch, state: dict | None = None,
        view: str | None = None) -> AppTest:
    """The app opened on ``path`` as ``threads dashboard PATH`` would open it."""
    return open_app(path, view, state, monkeypatch)


def table(at: AppTest):
    return next(d for d in at.dataframe if "source file" in d.value.columns and "speakers" in d.value.columns)


def test_a_store_on_the_command_line_opens_the_corpus_tab(store: Path, expected, monkeypatch) -> None:
    at = run(store, monkeypatch)
    assert_clean(at)
    assert at.radio(key="mode").value == "A batch store"
    assert at.text_input(key="store_path").value == str(store)
    assert [t.label for t in at.tabs][0] == "Corpus"
    df = table(at).value
    by_key = {r.key: r for r in list_threads(store)}
    shown = {(r["source file"], by_key[r["key"]].thread_id): r["comments"] for r in df.to_dict("records")}
    assert shown == expected  # four threads: the seed, the page, and the export's two posts
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Threads"] == "4" and metrics["Comments"] == str(sum(expected.values()))
    lemire = df[df["source file"] == "lemire.me.json.html"].iloc[0]
    assert lemire["title"] == "JSON parsing: simdjson vs. JSON for Modern C++"
    assert lemire["platform"] == "wordpress" and lemire["date"].startswith("2019-08-02")
    for r in list_threads(store):  # the share shown is the store's, as a percentage
        row = df[df["key"] == r.key].iloc[0]
        share = r.disagreement_share
        assert (row["disagreement"] != row["disagreement"]) if share is None else \
            row["disagreement"] == pytest.approx(100 * share, abs=0.05)


def test_a_commenter_is_followed_across_threads(store: Path, inputs, monkeypatch) -> None:
    page = pipeline.load(inputs[1])
    host = next(s for s in page.speakers if s.host)
    wrote = sum(1 for c in page.comments if c.speaker == host.id)
    at = run(store, monkeypatch)
    assert f"{host.name} ({plural(wrote, 'comment')}, 1 thread)" in at.selectbox(key="corpus_speaker").options
    at.selectbox(key="corpus_speaker").set_value(host.name)
    at.run()
    assert_clean(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Their comments"] == str(wrote) and metrics["Threads they wrote in"] == "1"
    profile = next(d.value for d in at.dataframe if "camp" in d.value.columns)
    assert profile["thread"].tolist() == [page.title] and profile["host"].tolist() == [True]
    bars = [json.loads(e.proto.spec) for e in at.get("echarts_chart")]
    assert bars and bars[0]["series"][0]["data"][0]["value"] == wrote
    # a typed name wins over the list, in any case
    at.text_input(key="corpus_speaker_name").input(host.name.upper())
    at.run()
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Their comments"] == str(wrote)


def test_an_unknown_commenter_gets_close_names(store: Path, inputs, monkeypatch) -> None:
    host = next(s for s in pipeline.load(inputs[1]).speakers if s.host)
    at = run(store, monkeypatch, state={"corpus_speaker_name": host.name[:-1]})
    assert not at.exception and not at.error
    assert any("no speaker named" in w.value and host.name in w.value for w in at.warning)


@pytest.mark.parametrize("how", ["picker", "table"])
def test_a_thread_opens_in_the_thread_views(how: str, store: Path, inputs, monkeypatch) -> None:
    page = pipeline.load(inputs[1])
    row = next(r for r in list_threads(store) if Path(r.source).name == inputs[1].name)
    at = run(store, monkeypatch)
    if how == "picker":
        at.selectbox(key="corpus_pick").set_value(row.key)
    else:
        index = table(at).value["key"].tolist().index(row.key)
        at.session_state["corpus_table"] = {"selection": {"rows": [index], "columns": [], "cells": []}}
    at.run()
    assert at.selectbox(key="corpus_pick").value == row.key
    at.button(key="corpus_open_button").click()
    at.run()
    assert_clean(at)
    assert at.session_state["view"] == "Overview"
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Comments"] == str(len(page.comments))
    assert any(page.title in h.value.replace("\\", "") for h in at.header)
    at.session_state["view"] = "Thread"
    at.run()
    assert_clean(at)
    bodies = " ".join(" ".join(h.proto.body.split()) for h in at.get("html"))
    assert html.escape(" ".join(page.comments[0].text.split()[:6])) in bodies


def test_the_second_post_of_an_export_opens_by_its_id(store: Path, inputs, monkeypatch) -> None:
    rows = sorted((r for r in list_threads(store) if Path(r.source).name == "wordpress.xml"),
                  key=lambda r: r.n_comments)
    small = rows[0]  # not the post with most comments, which a plain load would pick
    at = run(store, monkeypatch, state={"corpus_open": small.key}, view="Overview")
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Comments"] == str(small.n_comments)


def test_a_moved_source_file_gives_a_message(tmp_path: Path, inputs, monkeypatch) -> None:
    copy = tmp_path / inputs[1].name
    shutil.copy(inputs[1], copy)
    db = tmp_path / "moved.sqlite"
    run_batch([copy], db, workers=1, progress=False)
    copy.unlink()
    (row,) = list_threads(db)
    at = run(db, monkeypatch)
    assert not at.exception
    assert at.button(key="corpus_open_button").disabled
    assert any("not there any more" in w.value for w in at.warning)
    at = run(db, monkeypatch, state={"corpus_open": row.key}, view="Overview")
    assert not at.exception
    assert len(at.error) == 1 and "not there any more" in at.error[0].value
    assert "Traceback" not in at.error[0].value


def _text_renamed(tmp_path: Path) -> Path:
    path = tmp_path / "notes.sqlite"
    path.write_text("These are notes, not a database.\n", encoding="utf-8")
    return path


def _empty_store(tmp_path: Path) -> Path:
    path = tmp_path / "empty.sqlite"
    SqliteStore(path).close()
    return path


def _other_database(tmp_path: Path) -> Path:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (a)")
    return path


@pytest.mark.parametrize(("make", "message"), [
    (_text_renamed, "not an SQLite threads store"),
    (_empty_store, "holds no threads yet"),
    (_other_database, "not a threads store"),
])
def test_a_bad_store_gives_one_clear_message(make, message: str, tmp_path: Path, monkeypatch) -> None:
    path = make(tmp_path)
    # typed into the sidebar (a text file is not recognised as a store on the command line)
    at = run(None, monkeypatch, state={"mode": "A batch store", "store_path": str(path)})
    assert not at.exception
    assert len(at.error) == 1 and message in at.error[0].value, [e.value for e in at.error]
    assert "Traceback" not in at.error[0].value
    assert not at.tabs


def test_a_missing_store_path_says_so(tmp_path: Path, monkeypatch) -> None:
    at = run(None, monkeypatch, state={"mode": "A batch store"})
    assert not at.exception and not at.error and any("batch store" in i.value for i in at.info)
    at.text_input(key="store_path").input(str(tmp_path / "nowhere.sqlite"))
    at.run()
    assert len(at.error) == 1 and "no such store" in at.error[0].value


def test_an_uploaded_store_is_listed(store: Path, expected, monkeypatch) -> None:
    at = run(None, monkeypatch, state={"mode": "A batch store"})
    at.file_uploader(key="store_upload").upload("mine.sqlite", store.read_bytes(), "application/x-sqlite3")
    at.run()
    assert_clean(at)
    assert sorted(table(at).value["comments"]) == sorted(expected.values())
    assert any(h.value == "mine\\.sqlite" for h in at.header)


def test_a_store_uploaded_as_a_thread_says_where_it_goes(store: Path, monkeypatch) -> None:
    at = run(None, monkeypatch)
    at.file_uploader(key="upload").upload("corpus.sqlite", store.read_bytes(), "application/octet-stream")
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "A batch store" in at.error[0].value


def test_markup_in_a_stored_thread_shows_as_text(tmp_path: Path, monkeypatch) -> None:
    thread = dataclasses.replace(analysed_thread(), title=MALICIOUS)
    src = tmp_path / "markup.json"
    src.write_text(json.dumps(to_dict(thread)), encoding="utf-8")
    db = tmp_path / "markup.sqlite"
    run_batch([src], db, workers=1, progress=False)
    at = run(db, monkeypatch, state={"corpus_speaker_name": "<b>Mallory</b>"})
    assert_clean(at)
    assert {m.label: m.value for m in at.metric}["Their comments"] == "1"
    out = " ".join(h.proto.body for h in at.get("html")) + " ".join(m.value for m in at.markdown)
    out += " ".join(c.value for c in at.caption)
    for spec in (json.loads(e.proto.spec) for e in at.get("echarts_chart")):
        out += " ".join(d["tooltip"]["formatter"] for s in spec["series"] for d in s["data"])
    for raw in ("<script", "<img", "<b>Mallory"):
        assert raw not in out, raw
    assert "&lt;script&gt;" in out  # the title, escaped inside the chart's tooltip
    assert MALICIOUS in table(at).value["title"].tolist()  # a table shows it as plain text
