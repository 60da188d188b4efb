"""Plain-text renderings of a thread for people (``threads parse --text``)."""

from __future__ import annotations

import textwrap

from threads.model import Comment, EvidenceTarget, Thread


def tree_order(thread: Thread) -> list[Comment]:
    """Comments depth-first: each followed by its replies, siblings in page order."""
    return thread.tree_order()


def thread_as_text(thread: Thread, width: int = 100) -> str:
    """An indented tree: speaker, parent, evidence, then the words."""
    speakers = thread.speakers_by_id()
    depth = thread.depths()
    head = [thread.title or "(untitled thread)"]
    facts = [f for f in (thread.published, thread.platform, thread.url) if f]
    if facts:
        head.append(" · ".join(facts))
    host = speakers.get(thread.host) if thread.host else None
    head.append(f"{len(thread.comments)} comments by {len(thread.speakers)} speakers"
                + (f"; host: {host.name}" if host else ""))
    lines = head + [""]
    for c in tree_order(thread):
        pad = "    " * depth[c.id]
        sp = speakers.get(c.speaker)
        who = sp.name if sp else c.speaker
        if sp and sp.host:
            who += " (host)"
        target = f" -> {c.parent}" if c.parent else ""
        if c.addressees:
            names = ", ".join(speakers[a].name if a in speakers else a for a in c.addressees)
            target += f" [to {names}]"
        lines.append(f"{pad}[{c.id}] {who}{target}")
        for e in c.evidence:
            if e.about is EvidenceTarget.ADDRESSEE:
                continue
            lines.append(f"{pad}  · {e.about.value}: {e.kind.value} ({e.confidence:.2f}) {e.detail}")
        if c.relation is not None:
            lines.append(f"{pad}  · relation: {c.relation.label.value} {c.relation.score:+.2f}")
        body = c.text if c.salutation is None else f"{c.salutation} | {c.text}"
        for para in body.split("\n"):
            wrapped = textwrap.wrap(para, width=max(40, width - len(pad) - 4)) or [""]
            lines.extend(f"{pad}    {w}" for w in wrapped)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
