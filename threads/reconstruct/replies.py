"""Choose what each comment answers, from the evidence a careful reader uses.

In order of strength:

1. **Quotation** of an earlier comment (fuzzy: people misquote).
2. **Salutation** to a known commenter: their latest comment before this one.
3. **The host's answers**: the comment they were written into (the one just
   before), unless the content says otherwise: an answer that opens "To the person
   who wrote ..." speaks to someone outside the thread (top level); one that asks
   about "those quotations" answers the nearest comment that has quotations; one
   that shares far more with another recent comment answers that one.
4. **A salutation to the host** (by title or initials) answers the post itself,
   unless the comment says it replies to the host's comment or plainly takes up
   one of the host's comments.
5. **An answer to someone who addressed them**: a named commenter's next comment
   after being addressed answers that comment.
6. **A rejoinder** ("I thought ...?", "No,", "But ...") answers the comment just
   before it.
7. **Content similarity**: shares unusual words with a recent comment (the latest
   comment of that exchange is preferred: people answer the end of a conversation).
8. Otherwise the comment is **top level**.

Every choice records its evidence and a confidence. Links always point to an
earlier comment, so they can never form a cycle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threads.model import EvidenceKind
from threads.reconstruct.speakers import HOST_KEY, Draft
from threads.reconstruct.textutil import TfIdf, sentences

WINDOW = 15  # how far back content similarity looks, in comments
SIMILAR = 0.16  # cosine above which shared content counts as a reply link
REJOINDER = re.compile(
    r"^\s*(?:i thought\b|no[,.!]|nope\b|not so\b|wrong\b|nonsense\b|actually\b|really\?|but\b|"
    r"sorry,? but\b|agreed\b|exactly\b|indeed\b|well said\b|good point\b|thanks?\b|thank you\b|"
    r"i disagree\b|i agree\b|on the contrary\b|that's not\b|that is not\b|"
    # interjections that only make sense as an answer to what was just said
    r"yep\b|yup\b|yes[,.!]|yeah\b|lol\b|haha\b|true[,.!]|right[,.!]|sure[,.!]|eh\b|ah\b|oh\b|hmm\b|"
    r"wow\b|well[,.]|ok(?:ay)?[,.!]|fair\b|same\b|this\.|this!|\+1\b|>)",
    re.IGNORECASE,
)
# Second person in the opening sentence of a comment that names no one: it speaks to
# whoever wrote the comment above it.
SECOND_PERSON = re.compile(r"\b(?:you|your|you're|you've|you'd|yours)\b", re.IGNORECASE)

EXPLICIT_REPLY = re.compile(
    r"\b(?:as a |in )?repl(?:y|ied|ying) to (?:your|his|her|their) (?:comment|post)\b", re.IGNORECASE)
ABOUT_QUOTES = re.compile(r"\b(?:those|these|the|your|such)\s+(?:actual\s+)?(?:quot(?:es|ations))\b",
                          re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Link:
    parent: int | None
    kind: EvidenceKind
    detail: str
    confidence: float


def _latest_by(drafts: list[Draft], key: str, before: int) -> int | None:
    for c in range(before - 1, -1, -1):
        if drafts[c].author == key:
            return c
    return None


def _has_quotation_marks(d: Draft) -> bool:
    return bool(re.search(r"[\"“][^\"“”]{6,}[\"”]", d.text))


def _best_similar(tfidf: TfIdf, drafts: list[Draft], x: int, exclude_author: str | None,
                  window: int = WINDOW) -> tuple[int | None, float]:
    best, best_score = None, 0.0
    for c in range(x - 1, max(-1, x - 1 - window), -1):
        if drafts[c].author is not None and drafts[c].author == exclude_author:
            continue
        score = tfidf.cosine(x, c) / (1.0 + 0.03 * (x - 1 - c))
        if score > best_score:
            best, best_score = c, score
    return best, best_score


def _end_of_exchange(tfidf: TfIdf, drafts: list[Draft], parents: list[int | None], x: int, c: int,
                     score: float) -> int:
    """If ``c`` was answered later and that answer also fits ``x``, answer the answer."""
    best = c
    for y in range(c + 1, x):
        if parents[y] == best and drafts[y].author != drafts[x].author \
                and tfidf.cosine(x, y) >= 0.5 * score:
            best = y
    return best


def _host_answer(tfidf: TfIdf, drafts: list[Draft], x: int) -> Link:
    d = drafts[x]
    if d.unaddressed:
        return Link(None, EvidenceKind.UNADDRESSED,
                    "speaks to someone whose comment is not on the page", 0.7)
    prev = next((c for c in range(x - 1, -1, -1) if drafts[c].author != HOST_KEY), None)
    if prev is None:
        return Link(None, EvidenceKind.TOP_LEVEL, "the host's first words on the page", 0.6)
    if ABOUT_QUOTES.search(d.text) and not _has_quotation_marks(drafts[prev]):
        for c in range(prev - 1, max(-1, prev - WINDOW), -1):
            if drafts[c].author != HOST_KEY and _has_quotation_marks(drafts[c]):
                return Link(c, EvidenceKind.QUOTE,
                            f"asks about quotations; comment {c + 1} is the nearest that has them", 0.7)
    best, best_score = _best_similar(tfidf, drafts, x, HOST_KEY, window=6)
    prev_score = tfidf.cosine(x, prev)
    clearly_other = best_score >= SIMILAR and best_score > 2.5 * max(prev_score, 0.02)
    if best is not None and best != prev and clearly_other:
        shared = ", ".join(tfidf.shared(x, best, 4))
        return Link(best, EvidenceKind.SIMILARITY,
                    f"written after comment {prev + 1} but takes up comment {best + 1} ({shared})", 0.6)
    how = "written into" if not d.after_block_start or d.gap >= 3 else "follows"
    return Link(prev, EvidenceKind.HOST_INLINE, f"the host's answer {how} comment {prev + 1}",
                0.8 if how == "written into" else 0.7)


def link(drafts: list[Draft]) -> list[Link]:
    """One :class:`Link` per draft, in page order."""
    tfidf = TfIdf([d.text for d in drafts])
    links: list[Link] = []
    parents: list[int | None] = []
    for x, _d in enumerate(drafts):
        lk = _choose(tfidf, drafts, parents, x)
        links.append(lk)
        parents.append(lk.parent)
    return links


def _choose(tfidf: TfIdf, drafts: list[Draft], parents: list[int | None], x: int) -> Link:
    d = drafts[x]
    # 1. quotation of an earlier comment (not the commenter's own)
    for span, src, score in d.quotes:
        if src is not None and src < x and (d.author is None or drafts[src].author != d.author):
            return Link(src, EvidenceKind.QUOTE, f'quotes comment {src + 1}: "{_clip(span.text)}"',
                        round(0.75 + 0.2 * (score - 85) / 15, 2))
    # 2. salutation to a known commenter
    for key in d.addressees:
        if key == HOST_KEY:
            continue
        c = _latest_by(drafts, key, x)
        if c is not None and _quotes_words_not_in_thread(d):
            return Link(None, EvidenceKind.TOP_LEVEL,
                        f"addresses {key!r} about words of theirs that are in no comment (the post)", 0.6)
        if c is not None:
            return Link(c, EvidenceKind.SALUTATION, f"addresses {key!r}; their latest comment is {c + 1}",
                        0.85)
    # 3. the host's answers
    if d.author == HOST_KEY:
        return _host_answer(tfidf, drafts, x)
    # 4. salutation to the host
    if HOST_KEY in d.addressees:
        host_c = _latest_by(drafts, HOST_KEY, x)
        if host_c is not None and EXPLICIT_REPLY.search(d.text):
            return Link(host_c, EvidenceKind.EXPLICIT_REPLY,
                        f"says it replies to the host's comment; the host's latest is {host_c + 1}", 0.6)
        if host_c is not None and tfidf.cosine(x, host_c) >= 2 * SIMILAR:
            return Link(host_c, EvidenceKind.SIMILARITY,
                        f"addresses the host and takes up their comment {host_c + 1}", 0.6)
        return Link(None, EvidenceKind.TOP_LEVEL, "addresses the host, who wrote the post", 0.65)
    # 5. an answer to someone who addressed this commenter
    if d.author is not None:
        for c in range(x - 1, max(-1, x - 1 - WINDOW), -1):
            if d.author in drafts[c].addressees and drafts[c].author != d.author:
                answered = any(parents[y] == c and drafts[y].author == d.author for y in range(c + 1, x))
                if not answered:
                    return Link(c, EvidenceKind.SALUTATION,
                                f"answers comment {c + 1}, which addressed them", 0.65)
                break
    # 6. a rejoinder to the comment just before
    body = d.paragraphs[0] if d.paragraphs else ""
    prev_other = x > 0 and (drafts[x - 1].author is None or drafts[x - 1].author != d.author)
    if prev_other and d.salutation is None and not d.unaddressed:
        first = (sentences(body)[:1] or [body])[0]
        why = None
        if REJOINDER.match(body):
            why = "opens with a rejoinder"
        elif SECOND_PERSON.search(first) and drafts[x - 1].author != HOST_KEY:
            why = "speaks to 'you' in its first sentence"
        if why:
            return Link(x - 1, EvidenceKind.DISCOURSE, f'{why}: "{_clip(first)}"', 0.55)
    # 7. content similarity
    best, score = _best_similar(tfidf, drafts, x, d.author)
    if best is not None and score >= SIMILAR:
        target = _end_of_exchange(tfidf, drafts, parents, x, best, score)
        shared = ", ".join(tfidf.shared(x, target, 4) or tfidf.shared(x, best, 4))
        conf = round(min(0.7, 0.35 + score), 2)
        return Link(target, EvidenceKind.SIMILARITY, f"shares {shared} with comment {target + 1}", conf)
    return Link(None, EvidenceKind.TOP_LEVEL, "no salutation, quotation or shared content ties it to an "
                "earlier comment", 0.6)


YOU_WROTE = re.compile(r"\byou (?:wrote|said|say|write|claim|claimed|state|stated)\b", re.IGNORECASE)


def _quotes_words_not_in_thread(d: Draft) -> bool:
    """Quotes its addressee ("you wrote ...") with words found in no comment: the post itself."""
    return bool(YOU_WROTE.search(d.text)) and any(
        src is None and len(span.text.split()) >= 6 for span, src, _ in d.quotes) and not any(
        src is not None for _, src, _ in d.quotes)


def _clip(text: str, n: int = 60) -> str:
    t = " ".join(text.split())
    return t if len(t) <= n else t[: n - 1] + "…"
