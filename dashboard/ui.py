"""Small rendering pieces shared by the views: escaped comment cards, badges, evidence.

User text (comment words, names, evidence details) is untrusted. It reaches the
page only through :func:`html.escape` inside ``st.html`` (which runs no
Markdown), through :func:`md` (Markdown and HTML escaped) in labels, or through
widgets and tables that show plain text.
"""

from __future__ import annotations

import html
import re

import streamlit as st

from dashboard.charts import RELATION_COLORS, camp_colors
from threads.model import Comment, EvidenceTarget, Thread

SELECTED = "selected_speaker"  # session-state key: the speaker id selected anywhere
FOCUS = "focus_comment"  # session-state key: the comment the Thread view opens at
VIEW = "view"  # session-state key of the tabs
EPOCH = "_graph_epoch"  # bumped when the selection changes outside the graph


def select(speaker_id: str | None, focus: str | None = None) -> None:
    """Select a speaker (and a comment to open) from anywhere but the graph itself."""
    for key, value in ((SELECTED, speaker_id), (FOCUS, focus)):
        if value is None:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value
    st.session_state[EPOCH] = st.session_state.get(EPOCH, 0) + 1

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")

CSS = """
<style>
.th-card{border-left:4px solid #d0d4da;padding:6px 10px;margin:4px 0;background:#fafbfc;border-radius:4px}
.th-card.th-focus{background:#fff7e0;border-left-color:#e0a800}
.th-card.th-sel{background:#eef4ff}
.th-head{font-size:0.86rem;color:#444;margin-bottom:3px}
.th-head b{color:#111}
.th-body{font-size:0.92rem;white-space:pre-wrap;overflow-wrap:anywhere;color:#222}
.th-badge{display:inline-block;border-radius:9px;padding:0 7px;margin-left:5px;font-size:0.75rem;color:#fff}
.th-meta{color:#777;font-size:0.75rem;margin-left:6px}
.th-ev{border-collapse:collapse;font-size:0.82rem;width:100%}
.th-ev th,.th-ev td{border-bottom:1px solid #e6e8eb;padding:3px 8px;text-align:left;vertical-align:top}
.th-ev th{color:#555;font-weight:600}
</style>
"""


def md(text: str) -> str:
    """``text`` safe inside Markdown: HTML and every Markdown/Streamlit directive character escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text.replace("\n", " "))


def badge(label: str, color: str) -> str:
    return f'<span class="th-badge" style="background:{color}">{html.escape(label)}</span>'


def tone_badge(c: Comment) -> str:
    if c.tone is None:
        return ""
    v = c.tone.compound
    color = "#2e9d4f" if v >= 0.05 else "#d1343d" if v <= -0.05 else "#8a9099"
    out = badge(f"tone {v:+.2f}", color)
    if c.tone.incivility > 0:
        out += badge(f"incivility {c.tone.incivility:.2f}", "#7b2d8e")
    return out


def relation_key(c: Comment) -> str:
    if c.parent is None or c.relation is None:
        return "top-level"
    return c.relation.label.value


def relation_badge(c: Comment) -> str:
    key = relation_key(c)
    if key == "top-level":
        return badge("top-level", RELATION_COLORS[key])
    score = c.relation.score if c.relation else 0.0
    return badge(f"{key} {score:+.2f}", RELATION_COLORS[key])


def comment_html(thread: Thread, c: Comment, depth: int = 0, focus: bool = False,
                 selected: bool = False) -> str:
    """A comment as an escaped HTML card: who, to whom, badges, then the words."""
    sp = thread.speakers_by_id().get(c.speaker)
    who = html.escape(sp.name if sp else c.speaker) + (" (host)" if sp and sp.host else "")
    to = ""
    if c.parent is not None:
        try:
            parent = thread.comment(c.parent)
            to = " → " + html.escape(thread.speaker(parent.speaker).name)
        except KeyError:
            to = " → " + html.escape(c.parent)
    camp = ""
    if sp and sp.camp:
        camp = badge(f"camp {sp.camp}", camp_colors([x.camp for x in thread.speakers if x.camp])[sp.camp])
    words = c.text
    if c.salutation:
        words = f"{c.salutation} {words}"
    if c.signature:
        words = f"{words}\n— {c.signature}"
    klass = "th-card" + (" th-focus" if focus else "") + (" th-sel" if selected and not focus else "")
    return (f'<div class="{klass}" style="margin-left:{min(depth, 8) * 22}px">'
            f'<div class="th-head"><b>{who}</b>{to}<span class="th-meta">#{html.escape(c.id)}</span>'
            f'{relation_badge(c)}{tone_badge(c)}{camp}</div>'
            f'<div class="th-body">{html.escape(words)}</div></div>')


def evidence_rows(thread: Thread, c: Comment) -> list[dict[str, object]]:
    """The reasons behind a comment's speaker, parent and addressees, as table rows."""
    rows: list[dict[str, object]] = []
    for target in (EvidenceTarget.SPEAKER, EvidenceTarget.PARENT, EvidenceTarget.ADDRESSEE):
        for e in c.evidence_for(target):
            rows.append({"about": target.value, "how": e.kind.value.replace("_", " "),
                         "confidence": round(e.confidence, 2), "detail": e.detail})
    return rows


def evidence_table(rows: list[dict[str, object]]) -> str:
    head = "".join(f"<th>{html.escape(k)}</th>" for k in rows[0])
    body = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r.values()) + "</tr>"
                   for r in rows)
    return f'<table class="th-ev"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def show_comment(thread: Thread, c: Comment, depth: int = 0, focus: bool = False,
                 selected: bool = False, key: str = "") -> None:
    """A comment card plus an expander with the evidence behind its speaker and parent."""
    st.html(comment_html(thread, c, depth, focus, selected))
    pad = min(depth, 8)
    cols = st.columns([pad + 0.01, 40 - pad]) if pad else [None, st.container()]
    with cols[1]:
        with st.expander("Why this speaker and this parent?", expanded=focus):
            rows = evidence_rows(thread, c)
            if rows:  # a plain table: a data grid per comment is slow to draw on a long page
                st.html(evidence_table(rows))
            else:
                st.caption("The input gave no evidence for this comment.")
            if c.relation is not None and c.relation.cues:
                st.caption("Relation cues: " + md(", ".join(c.relation.cues)))
            if c.tone is not None and c.tone.incivility_terms:
                st.caption("Incivility: " + md(", ".join(c.tone.incivility_terms)))
            if c.quotes:
                st.caption("Quotes: " + md(" | ".join(q.text for q in c.quotes)))
            if c.parent is not None and c.parent in thread.comments_by_id():
                parent = thread.comment(c.parent)
                st.html(f'<div class="th-body" style="color:#555">In reply to '
                        f'{html.escape(thread.speaker(parent.speaker).name)} '
                        f'(#{html.escape(parent.id)}): “{html.escape(parent.text[:400])}'
                        f'{"…" if len(parent.text) > 400 else ""}”</div>')


def speaker_label(thread: Thread, sid: str) -> str:
    try:
        s = thread.speaker(sid)
    except KeyError:
        return sid
    return s.name + (" (host)" if s.host else "")
