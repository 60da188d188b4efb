"""The threads dashboard: ``streamlit run dashboard/app.py -- [FILE]`` (or ``threads dashboard FILE``).

This module only wires things: the sidebar picks the input, :mod:`dashboard.data`
loads and analyses it (cached), and one tab per view renders it. Only the open
tab runs, so a big reply graph costs nothing while you read the thread.
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
from dashboard.views import claims, commenters, compare, exports, graph, overview, thread  # noqa: E402
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


def choose_source() -> data.Source | None:
    """Sidebar: a seed or the command-line file, or an upload (which wins while it is there)."""
    sb = st.sidebar
    sb.title("threads")
    sb.caption("Who disagreed with whom, and how fiercely.")
    given = command_line_file(sys.argv)
    files = data.seed_files()  # a ConvoKit folder given on the command line is listed too
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


def main() -> None:
    st.set_page_config(page_title="threads: who disagreed with whom", page_icon="💬", layout="wide")
    st.html(ui.CSS)
    source = choose_source()
    selection_box = st.sidebar.empty()
    if source is None:
        st.info("Pick a file in the sidebar or upload one.")
        return
    reset_on_new_source(source)
    try:
        post = choose_post(source)
        loaded = data.load(source, post)
    except ThreadsError as err:
        st.error(f"Cannot show this input. {err}")
        return
    except Exception as err:  # a reader bug must not show the user a traceback
        log.exception("loading %s failed", source.name)
        st.error(f"threads could not read {source.name}: {type(err).__name__}: {err}")
        return
    tabs = st.tabs([name for name, _ in VIEWS], key=ui.VIEW, on_change="rerun")
    for tab, (name, render) in zip(tabs, VIEWS, strict=True):
        if not tab.open:
            continue
        with tab:
            try:
                render(loaded)
            except ThreadsError as err:
                st.error(str(err))
            except Exception as err:
                log.exception("view %s failed on %s", name, source.name)
                st.error(f"The {name} view failed on this input: {type(err).__name__}: {err}")
    show_selection(selection_box, loaded)


main()
