"""The threads dashboard: ``streamlit run dashboard/app.py -- [FILE]`` (or ``threads dashboard FILE``).

This module only wires things: the sidebar picks the input, :mod:`dashboard.data`
loads and analyses it (cached), and one tab per view renders it. Only the open
tab runs, so a big reply graph costs nothing while you read the thread.

FILE may be a batch store (recognised by its SQLite header): then a Corpus tab
lists its threads and the thread tabs show the one opened from there.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run dashboard/app.py` from a plain checkout
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from dashboard import data, ui  # noqa: E402
from dashboard.views import (  # noqa: E402
    claims,
    commenters,
    compare,
    corpus,
    exports,
    graph,
    overview,
    thread,
)
from threads import store as tstore  # noqa: E402
from threads.errors import ThreadsError  # noqa: E402

log = logging.getLogger("dashboard")

VIEWS = (
    ("Overview", overview.render),
    ("Reply graph", graph.render),
    ("Thread", thread.render),
    ("Commenters", commenters.render),
    ("Compare", compare.render),
    ("Claims", claims.render),
    ("Data", exports.render),
)


def command_line_file(argv: list[str]) -> Path | None:
    """The FILE given after ``--`` to ``streamlit run dashboard/app.py``, if any."""
    if len(argv) < 2 or Path(argv[0]).resolve() != Path(__file__).resolve():
        return None  # not started by `streamlit run` on this script (e.g. under a test runner)
    return Path(argv[1]).expanduser().resolve()


MODES = ("One thread", "A batch store")


def choose_mode(given: Path | None) -> str:
    """Sidebar: read one thread, or a batch store (preselected when the command line gave one)."""
    st.session_state.setdefault("mode", MODES[1] if data.is_store(given) else MODES[0])
    return st.sidebar.radio("Open", MODES, key="mode", horizontal=True,
                            help="A batch store is what `threads batch INPUTS -o STORE.sqlite` writes.")


def choose_store(given: Path | None) -> data.Store | None:
    """Sidebar: the store's path (the command-line store preselected), or an uploaded store."""
    sb = st.sidebar
    st.session_state.setdefault("store_path", str(given) if data.is_store(given) else "")
    typed = sb.text_input("Store path", key="store_path", placeholder="/path/to/corpus.sqlite",
                          help="An SQLite file written by threads batch.")
    upload = sb.file_uploader("Or upload a store", type=["sqlite", "sqlite3", "db"], key="store_upload")
    if upload is not None:
        sb.caption("Showing the uploaded store; remove it to go back to the path.")
        return data.store_from_bytes(upload.name, upload.getvalue())
    typed = (typed or "").strip()
    if not typed:
        return None
    return data.store_at(Path(typed).expanduser())


def choose_source(given: Path | None) -> data.Source | None:
    """Sidebar: a seed or the command-line file, or an upload (which wins while it is there)."""
    sb = st.sidebar
    files = data.seed_files()  # a ConvoKit folder given on the command line is listed too
    if data.is_store(given):
        given = None  # a store opens in the other mode
    if given is not None and given not in files:
        files.insert(0, given)
    default = given if given is not None else data.SEED_THREAD
    index = files.index(default) if default in files else 0
    upload = sb.file_uploader("Upload a comment page, export or copied text", key="upload",
                              help="Saved HTML page, WordPress WXR, Disqus or Blogger export, "
                                   "Movable Type export, Hacker News JSON, threads JSON or plain text.")
    if upload is not None:
        sb.caption("Showing the uploaded file; remove it to go back to the list.")
        return data.source_from_bytes(upload.name, upload.getvalue())
    with sb.expander("Or paste text copied off a page"):
        with st.form("paste_form", border=False):
            st.text_area("Comment section as text", key="paste_text", height=160,
                         label_visibility="collapsed",
                         placeholder="Select the comments on the page, copy, and paste here.")
            st.form_submit_button("Read the pasted text")
    pasted = (st.session_state.get("paste_text") or "").strip()
    if pasted:
        sb.caption("Showing the pasted text; empty the box to go back to the list.")
        return data.source_from_bytes("pasted text", pasted.encode("utf-8"), fmt="text")
    if not files:
        return None
    path = sb.selectbox("Or open a file", files, index=index, key="seed",
                        format_func=lambda p: p.name)
    if given is not None and path == given:
        sb.caption("Opened from the command line.")
    try:
        return data.source_from_path(path)
    except OSError as err:
        sb.error(f"Cannot read {path.name}: {err.strerror or err}")
        return None


def choose_post(source: data.Source) -> str | None:
    """Sidebar: the thread to show when the input holds several (an export of a whole blog)."""
    found = data.load_threads(source.digest, source.name, source.data, source.fmt, source.folder)
    if len(found) < 2:
        return found[0].id
    labels = {t.id: f"{t.title or t.id} ({len(t.comments)} comments)" for t in found}
    return st.sidebar.selectbox(f"Post ({len(found)} with comments)", list(labels),
                                format_func=labels.get, key=f"post_{source.digest[:12]}")


def reset_on_new_source(source: data.Source) -> None:
    previous = st.session_state.get("_source")
    if previous is not None and previous != source.digest:
        for key in ("_graph_click", "_table_click"):
            st.session_state.pop(key, None)
        ui.select(None)
    st.session_state["_source"] = source.digest


def clear_selection() -> None:
    ui.select(None)


def show_selection(box, loaded: data.Loaded) -> None:
    sid = st.session_state.get(ui.SELECTED)
    if sid is None or sid not in loaded.thread.speakers_by_id():
        box.caption("Click a commenter in the reply graph (or a row in Commenters) to select them.")
        return
    with box.container():
        st.markdown(f"**Selected:** {ui.md(ui.speaker_label(loaded.thread, sid))}")
        st.button("Clear selection", on_click=clear_selection, key="clear_selection")


def render_views(loaded: data.Loaded | None, tabs, views, missing: str = "", failed: bool = False) -> None:
    """Each open tab's view; with no thread loaded, ``missing`` instead (an error if ``failed``)."""
    for tab, (name, render) in zip(tabs, views, strict=True):
        if not tab.open:
            continue
        with tab:
            if loaded is None:
                (st.error if failed else st.info)(missing)
                continue
            try:
                render(loaded)
            except ThreadsError as err:
                st.error(str(err))
            except Exception as err:
                log.exception("view %s failed on %s", name, loaded.source.name)
                st.error(f"The {name} view failed on this input: {type(err).__name__}: {err}")


def load_source(source: data.Source, post: str | None = None) -> tuple[data.Loaded | None, str]:
    """Load and analyse ``source`` (the post picker asked first unless ``post`` is given):
    the loaded thread, or None and a message saying why not."""
    reset_on_new_source(source)
    try:
        if post is None:
            post = choose_post(source)
        loaded = data.load(source, post)
    except ThreadsError as err:
        return None, f"Cannot show this input. {err}"
    except Exception as err:  # a reader bug must not show the user a traceback
        log.exception("loading %s failed", source.name)
        return None, f"threads could not read {source.name}: {type(err).__name__}: {err}"
    if post is not None and loaded.thread.id != post:
        return None, (f"{source.name} no longer holds the thread {post!r} the store names; "
                      "run the batch again to update the store.")
    return loaded, ""


def corpus_main(store: data.Store | None) -> None:
    """The store's Corpus tab, then the thread tabs on the thread opened from it."""
    if store is None:
        st.info("Type the path of a batch store in the sidebar, or upload one. "
                "Make one with `threads batch INPUTS -o STORE.sqlite`.")
        return
    previous = st.session_state.get("_store")
    if previous is not None and previous != str(store.path):  # another store: its keys mean nothing here
        st.session_state.pop(corpus.OPEN, None)
    st.session_state["_store"] = str(store.path)
    try:
        rows = data.store_threads(str(store.path), store.stamp)
    except ThreadsError as err:
        st.error(f"Cannot open this store. {str(err).replace(str(store.path), store.name)}")
        return
    except Exception as err:  # e.g. a damaged SQLite file: a message, not a traceback
        log.exception("reading the store %s failed", store.path)
        st.error(f"Cannot open the store {store.name}: {type(err).__name__}: {err}")
        return
    if not rows:
        st.error(f"The store {store.name} holds no threads yet: fill it with "
                 f"`threads batch INPUTS -o {store.name}`.")
        return
    by_key = {r.key: r for r in rows}
    row = by_key.get(st.session_state.get(corpus.OPEN))
    loaded = None
    missing = "Open a thread from the Corpus tab: select it in the table, then “Open in the thread tabs”."
    failed = False
    if row is not None:
        st.sidebar.caption(f"Thread tabs show: {ui.md(data.thread_label(row))}")
        try:
            source = data.source_from_path(tstore.source_path(row))
        except (ThreadsError, OSError) as err:
            missing, failed = f"Cannot open {data.thread_label(row)}: {err}", True
        else:
            loaded, why = load_source(source, row.thread_id)
            if loaded is None:
                missing, failed = why, True
    names = ["Corpus"] + [name for name, _ in VIEWS]
    tabs = st.tabs(names, key=ui.VIEW, on_change="rerun")
    if tabs[0].open:
        with tabs[0]:
            corpus.render(store, rows)
    render_views(loaded, tabs[1:], VIEWS, missing, failed)
    if loaded is not None:
        show_selection(st.sidebar.empty(), loaded)


def main() -> None:
    st.set_page_config(page_title="threads: who disagreed with whom", page_icon="💬", layout="wide")
    st.html(ui.CSS)
    sb = st.sidebar
    sb.title("threads")
    sb.caption("Who disagreed with whom, and how fiercely.")
    given = command_line_file(sys.argv)
    if choose_mode(given) == MODES[1]:
        corpus_main(choose_store(given))
        return
    source = choose_source(given)
    selection_box = st.sidebar.empty()
    if source is None:
        st.info("Pick a file in the sidebar or upload one.")
        return
    if source.data.startswith(tstore.SQLITE_HEADER):
        st.error(f"{source.name} is a batch store, not a thread: choose “A batch store” at the top "
                 "of the sidebar to open it.")
        return
    loaded, why = load_source(source)
    if loaded is None:
        st.error(why)
        return
    tabs = st.tabs([name for name, _ in VIEWS], key=ui.VIEW, on_change="rerun")
    render_views(loaded, tabs, VIEWS)
    show_selection(selection_box, loaded)

main()
