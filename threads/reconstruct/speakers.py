"""Cut a flattened page into comments and say who wrote each, as a careful reader does.

The reader's reasoning, in order:

1. **The host's signature.** A short token (initials) that closes many
   paragraphs after their last sentence is the blog author's signature; each
   paragraph it closes ends one of the host's comments.
2. **Comment boundaries.** Two or more blank lines separate comments (one, on
   pages that never use two); so do the host's signatures and author lines.
3. **Author lines.** A one-line paragraph that reads as a display name ("The
   Quiet Observer", "Sofia in Lisbon") is an author line, unless it follows a
   quotation (then it attributes the quote: "Dana Smith (R-CA) June 2017") or is a
   salutation ("Ann -", "Ann,", "A and B"). Whether author lines head or close
   their comments is decided for the page as a whole by votes: a line right after
   a host-signed paragraph cannot close that paragraph; a later reply that
   addresses the name and quotes the text after (or before) the line says which.
4. **The host inside other people's comments.** A signed passage that follows a
   commenter's text in the same block is split off as the host's own comment.
5. **Names first seen in salutations.** "b -" addressed to no one seen so far
   names the author of the comment it answers: the earlier unnamed comment that
   shares the most distinctive content with it (rare words, place names, even
   misspelled), leaving aside comments written in the addresser's own habits.
6. **Everyone else** gets a stable anonymous speaker: never a name the page does
   not support.

Not supported: telling apart two anonymous commenters who are the same person
(each unnamed comment gets its own anonymous speaker).
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from threads.model import EvidenceKind
from threads.reconstruct import names as nm
from threads.reconstruct.quotes import QuoteIndex, Span, quoted_spans, strip_spans
from threads.reconstruct.segment import Page, Paragraph
from threads.reconstruct.textutil import TfIdf, full_initials, initials, sentences, stem, words

log = logging.getLogger(__name__)

HOST_KEY = "@host"
NAME_WINDOW = 60  # how far back a salutation's new name looks for the comment it answers


@dataclass
class Draft:
    """A comment under reconstruction (mutable working state, never leaves this package)."""

    paragraphs: list[str]
    gap: int  # blank lines before it
    line: int
    author: str | None = None  # speaker key: HOST_KEY, a display name, or None (anonymous)
    author_how: EvidenceKind = EvidenceKind.ANONYMOUS
    author_detail: str = ""
    author_conf: float = 0.5
    signature: str | None = None
    salutation: nm.Salutation | None = None
    inline_salutations: list[nm.Salutation] = field(default_factory=list)
    addressees: list[str] = field(default_factory=list)  # speaker keys
    quotes: list[tuple[Span, int | None, float]] = field(default_factory=list)
    after_block_start: bool = True  # starts a block (not split off inside one)
    split_from: int | None = None  # index of the draft it was split out of (host inline)
    unaddressed: bool = False
    _nouns: tuple[str, set[str]] | None = None

    @property
    def text(self) -> str:
        return "\n".join(p for p in self.paragraphs if p.strip())

    def proper_nouns(self) -> set[str]:
        key = self.text
        if self._nouns is None or self._nouns[0] != key:
            self._nouns = (key, _proper_nouns(key))
        return self._nouns[1]


@dataclass
class Unit:
    kind: str  # "text" | "name"
    paragraphs: list[Paragraph]
    block: int
    name: str | None = None
    explicit: bool = False  # "Posted by:" / "says:" (convention known)
    footer: bool = False


# --- 1. the host's signature -------------------------------------------------------


def find_host_signature(paragraphs: tuple[Paragraph, ...]) -> str | None:
    """The signature closing the most paragraphs, if it closes at least two."""
    counts: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for p in paragraphs:
        sig = nm.signature(p.text)
        if sig:
            key = nm.normalise_signature(sig)
            counts[key] += 1
            forms.setdefault(key, Counter())[sig] += 1
    if not counts:
        return None
    key, n = counts.most_common(1)[0]
    if n < 2:
        return None
    return forms[key].most_common(1)[0][0]


# --- 2-3. units: blocks cut at signatures and author lines --------------------------


def _split_bare_headers(page: Page) -> tuple[Paragraph, ...]:
    """Author lines written directly above the words ("Ann\nI think ..."), split off.

    Only when the page does it at least twice: one comment that opens with a short
    capitalised line is not enough to take that line for a name.
    """
    paras = page.paragraphs
    hits = [i for i, p in enumerate(paras)
            if p.gap >= page.block_gap and "\n" in p.text
            and nm.looks_like_name(p.text.split("\n", 1)[0])
            and nm.salutation(p.text.split("\n", 1)[0]) is None]
    if len(hits) < 2:
        return paras
    out: list[Paragraph] = []
    for i, p in enumerate(paras):
        if i in hits:
            head, rest = p.text.split("\n", 1)
            out.append(Paragraph(head, p.gap, p.line))
            out.append(Paragraph(rest, 0, p.line + 1))
        else:
            out.append(p)
    return tuple(out)


def _units(page: Page, host_sig: str | None) -> list[Unit]:
    units: list[Unit] = []
    block = -1
    paras = _split_bare_headers(page)
    for i, p in enumerate(paras):
        new_block = p.gap >= page.block_gap
        if new_block:
            block += 1
        explicit = nm.posted_by(p.text)
        prev_is_quote = i > 0 and _is_quotation(paras[i - 1].text) and not new_block
        if explicit:
            footer = bool(nm.POSTED_BY.match(p.text))
            units.append(Unit("name", [p], block, explicit, explicit=True, footer=footer))
            continue
        if nm.looks_like_name(p.text) and not prev_is_quote and nm.salutation(p.text) is None \
                and i + 1 < len(paras) and not (host_sig and _is_sig_key(p.text, host_sig)):
            units.append(Unit("name", [p], block, p.text.strip()))
            continue
        last = units[-1] if units else None
        starts = (new_block or last is None or last.kind == "name" or last.block != block
                  or (host_sig is not None and _signed(last.paragraphs[-1].text, host_sig)))
        if starts:
            units.append(Unit("text", [p], block))
        else:
            last.paragraphs.append(p)
    return units


def _is_sig_key(text: str, host_sig: str) -> bool:
    return nm.normalise_signature(text) == nm.normalise_signature(host_sig)


def _signed(text: str, host_sig: str) -> bool:
    sig = nm.signature(text)
    return sig is not None and nm.normalise_signature(sig) == nm.normalise_signature(host_sig)


def _is_quotation(text: str) -> bool:
    s = text.strip()
    return len(s) > 20 and s[0] in nm.QUOTE_CHARS and s[-1] in nm.QUOTE_CHARS + ".?!"


# --- 3. author-line convention -------------------------------------------------------


def _vote_convention(units: list[Unit], host_sig: str | None, sample: int = 60) -> bool:
    """True when author lines head their comments (the usual case), False when they close them.

    The convention is the page's, so the first ``sample`` author lines are enough to decide it.
    """
    header, footer = 0, 0
    texts = [" ".join(p.text for p in u.paragraphs) for u in units]
    addressing: dict[str, list[int]] = {}  # what a later unit calls someone -> those units
    for k, u in enumerate(units):
        if u.kind != "text":
            continue
        first = u.paragraphs[0].text
        sal = nm.salutation(first) or nm.inline_salutation(first.split("\n", 1)[0])
        for said in sal.names if sal else ():
            addressing.setdefault(said.strip().lower(), []).append(k)
    names_seen = 0
    for k, u in enumerate(units):
        if u.kind != "name":
            continue
        names_seen += 1
        if names_seen > sample:
            break
        if u.explicit:
            header, footer = (header, footer + 3) if u.footer else (header + 3, footer)
            continue
        prev = units[k - 1] if k > 0 and units[k - 1].kind == "text" else None
        nxt = units[k + 1] if k + 1 < len(units) and units[k + 1].kind == "text" else None
        if prev is not None and host_sig and _signed(prev.paragraphs[-1].text, host_sig):
            header += 2  # a name after a host-signed passage cannot be that passage's author
        if nxt is not None and host_sig and _signed(nxt.paragraphs[-1].text, host_sig) \
                and len(nxt.paragraphs) == 1:
            footer += 1
        # a later unit that addresses this name and quotes the text next to the line
        name = u.name or ""
        keys = {name.lower(), initials(name).lower(), full_initials(name).lower(), name.lower().split()[0]}
        later = sorted({j for key in keys if key for j in addressing.get(key, ()) if j > k + 1})
        for j in later[:5]:
            body = " ".join(p.text for p in units[j].paragraphs)
            for span in quoted_spans(body):
                if nxt is not None and fuzz.partial_ratio(span.text.lower(), texts[k + 1].lower()) >= 85:
                    header += 3
                elif prev is not None and fuzz.partial_ratio(span.text.lower(), texts[k - 1].lower()) >= 85:
                    footer += 3
    log.debug("author-line votes: header %d, footer %d", header, footer)
    return header >= footer


def _same_name(said: str, name: str) -> bool:
    s, n = said.strip().lower(), name.strip().lower()
    if not s or not n:
        return False
    return s == n or s.upper() in {initials(name), full_initials(name)} and len(s) >= 2 \
        or (len(s) >= 4 and n.split()[0] == s)


def _drafts_from_units(units: list[Unit], header: bool) -> list[Draft]:
    drafts: list[Draft] = []
    pending_name: Unit | None = None
    prev_block = -1
    for k, u in enumerate(units):
        if u.kind == "name":
            if header or (u.explicit and not u.footer):
                pending_name = u
            elif drafts and not (u.explicit is False and drafts[-1].author == HOST_KEY):
                _name_draft(drafts[-1], u)
            continue
        d = Draft([p.text for p in u.paragraphs], u.paragraphs[0].gap, u.paragraphs[0].line)
        d.after_block_start = u.block != prev_block or (k > 0 and units[k - 1].kind == "name")
        prev_block = u.block
        if pending_name is not None:
            _name_draft(d, pending_name)
            pending_name = None
        drafts.append(d)
    return drafts


def _name_draft(d: Draft, u: Unit) -> None:
    d.author = u.name
    d.author_how = EvidenceKind.NAME_LINE
    where = "footer" if u.footer else "author line"
    d.author_detail = f"{where} {u.name!r} (line {u.paragraphs[0].line})"
    d.author_conf = 0.95 if u.explicit else 0.85


# --- 4. the host's comments ----------------------------------------------------------


def _mark_host(drafts: list[Draft], host_sig: str | None, host_aliases: set[str]) -> list[Draft]:
    if host_sig is None:
        return drafts
    out: list[Draft] = []
    for d in drafts:
        if not _signed(d.paragraphs[-1], host_sig):
            out.append(d)
            continue
        first = d.paragraphs[0]
        sal = nm.salutation(first)
        to_host = sal is not None and any(_is_host_name(n, host_aliases) for n in sal.names)
        if len(d.paragraphs) > 1 and (to_host or (d.author is not None and d.author != HOST_KEY)):
            # someone else's comment with the host's answer written into it: split the answer off
            commenter = Draft(d.paragraphs[:-1], d.gap, d.line, d.author, d.author_how, d.author_detail,
                              d.author_conf, after_block_start=d.after_block_start)
            answer = Draft([d.paragraphs[-1]], 0, d.line, after_block_start=False)
            answer.split_from = len(out)
            out.append(commenter)
            d = answer
        elif d.author is not None and d.author != HOST_KEY:
            # an author line over a one-paragraph signed comment: the line is the host's display name
            host_aliases.add(d.author.lower())
        d.paragraphs[-1] = nm.strip_signature(d.paragraphs[-1], host_sig)
        d.signature = host_sig
        d.author = HOST_KEY
        d.author_how = EvidenceKind.SIGNATURE
        d.author_detail = f"closes with the host's signature {host_sig!r}"
        d.author_conf = 0.95
        out.append(d)
    return out


def _is_host_name(name: str, host_aliases: set[str]) -> bool:
    n = name.strip().lower()
    return n in host_aliases or nm.is_title(n)


# --- 5. salutations, quotations, names first seen in salutations ---------------------


class Registry:
    """The people known so far, by display name, with their aliases."""

    def __init__(self, host_sig: str | None) -> None:
        self.host_aliases: set[str] = set()
        if host_sig:
            self.host_aliases |= {host_sig.lower(), nm.normalise_signature(host_sig)}
        self.names: dict[str, set[str]] = {}  # display name -> aliases (lower-case)
        self.host_name: str | None = None  # the host's display name, when the page shows it

    def add(self, name: str) -> None:
        self.names.setdefault(name, {name.lower()})

    def alias(self, key: str, alias: str) -> None:
        if key == HOST_KEY:
            self.host_aliases.add(alias.lower())
        else:
            self.names.setdefault(key, {key.lower()}).add(alias.lower())

    def resolve(self, said: str) -> str | None:
        """The speaker key ``said`` refers to, or None."""
        s = said.strip().strip("@").strip()
        low = s.lower()
        if not low:
            return None
        if low in self.host_aliases or nm.normalise_signature(s) in self.host_aliases:
            return HOST_KEY
        for name, aliases in self.names.items():
            if low in aliases:
                return name
        if nm.is_title(low):
            return HOST_KEY
        if 2 <= len(s) <= 4 and s.isalpha():
            hits = [n for n in self.names if s.upper() in {initials(n), full_initials(n)}
                    and len(n.split()) >= 2]
            if len(hits) == 1:
                return hits[0]
        if len(low) >= 4:
            hits = [n for n in self.names if n.lower().split()[0] == low]
            if len(hits) == 1:
                return hits[0]
            scored = [(fuzz.ratio(low, n.lower()), n) for n in self.names if len(n) >= 4]
            scored = [x for x in scored if x[0] >= 88]
            if len(scored) == 1:
                return scored[0][1]
        return None


def _salutations(drafts: list[Draft], reg: Registry) -> None:
    """Pull opening salutations out of the text; find inline ones to known people."""
    for d in drafts:
        first = d.paragraphs[0]
        sal = nm.salutation(first)
        if sal is not None:
            d.salutation = sal
            if sal.text:  # a greeting ("Hi Ann, ...") has an empty text: it stays in the words
                rest = first.strip()[len(sal.text):].strip() if not sal.own_line else ""
                d.paragraphs = ([rest] if rest else []) + d.paragraphs[1:] or [""]
        if nm.addresses_unnamed(d.paragraphs[0] if d.paragraphs else ""):
            d.unaddressed = True
        for para in d.paragraphs:
            for line in para.split("\n"):
                inl = nm.inline_salutation(line)
                if inl is not None and all(reg.resolve(n) is not None for n in inl.names):
                    d.inline_salutations.append(inl)


def _quotes(drafts: list[Draft], ids: list[str]) -> None:
    index = QuoteIndex()
    for k, d in enumerate(drafts):
        for span in quoted_spans(d.text):
            hit = index.find(span.text)
            if hit is not None:
                d.quotes.append((span, int(hit[0]), hit[1]))
            else:
                d.quotes.append((span, None, 0.0))
        index.add(str(k), d.text)


def _habit(d: Draft) -> str | None:
    """A writing habit that tends to mark one author: how they open a comment."""
    if d.salutation is None or not d.salutation.own_line:
        return None
    tail = d.salutation.text.rstrip()[-1]
    return {"-": "dash-line", "–": "dash-line", "—": "dash-line", ",": "comma-line",
            ":": "colon-line"}.get(tail)


def _proper_nouns(text: str) -> set[str]:
    toks = re.findall(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]{3,}\b", text)
    return {t.lower() for t in toks}


def _answer_score(tfidf: TfIdf, drafts: list[Draft], x: int, c: int) -> float:
    """How well comment ``x`` reads as an answer to earlier comment ``c``."""
    score = 0.5 * (tfidf.coverage(x, c) + tfidf.cosine(x, c))
    # place names and other rare proper nouns, allowing for transliteration ("Gaddafi"/"Gadhafi")
    px, pc = drafts[x].proper_nouns(), drafts[c].proper_nouns()
    for a in px:
        for b in pc:
            if a == b:
                if tfidf.df.get(stem(a), 0) <= 2:  # a name only these two comments use
                    score += 0.1
            elif a[0] == b[0] and fuzz.ratio(_skeleton(a), _skeleton(b)) >= 70:
                score += 0.15
    # an open question answered
    if any(s.endswith("?") for s in sentences(drafts[c].text)) and "?" not in drafts[x].text[:200]:
        score += 0.03
    return score


def _skeleton(word: str) -> str:
    return word[0] + re.sub(r"[aeiouy]", "", word[1:])


def _name_from_salutation(drafts: list[Draft], reg: Registry, tfidf: TfIdf) -> None:
    """A name first seen in a salutation identifies the author of the comment it answers.

    Every comment that addresses the new name is heard: the candidate is the
    earlier unnamed comment that best fits as what they all answer.
    """
    addressed: dict[str, list[int]] = {}
    for x, d in enumerate(drafts):
        for sal in ([d.salutation] if d.salutation else []) + d.inline_salutations:
            for said in sal.names:
                if reg.resolve(said) is None:
                    addressed.setdefault(said, []).append(x)
    for said, xs in sorted(addressed.items(), key=lambda kv: kv[1][0]):
        if reg.resolve(said) is not None:  # an alias of a name resolved a moment ago
            continue
        first = xs[0]
        best, best_score = None, 0.0
        for c in range(first - 1, max(-1, first - 1 - NAME_WINDOW), -1):
            cand = drafts[c]
            if cand.author is not None:
                continue
            score = 0.0
            for x in xs:
                s = _answer_score(tfidf, drafts, x, c)
                habit = _habit(drafts[x])
                if habit is not None and _habit(cand) == habit:
                    s *= 0.3  # written in the addresser's own habits: likely their own comment
                score += s / (1.0 + 0.02 * (x - c))  # nearer is likelier, gently
            score /= len(xs)
            if score > best_score:
                best, best_score = c, score
        reg.add(said)
        if best is not None and best_score >= 0.05:
            cand = drafts[best]
            cand.author = said
            cand.author_how = EvidenceKind.LATER_SALUTATION
            by = ", ".join(str(x + 1) for x in xs)
            shared = ", ".join(tfidf.shared(xs[0], best, 4))
            cand.author_detail = (f"addressed as {said!r} by comment {by}, which answers this one"
                                  + (f" (shared: {shared})" if shared else ""))
            cand.author_conf = round(min(0.8, 0.4 + best_score), 2)


def _addressees(drafts: list[Draft], reg: Registry) -> None:
    for d in drafts:
        sals = ([d.salutation] if d.salutation else []) + d.inline_salutations
        for sal in sals:
            for said in sal.names:
                key = reg.resolve(said)
                if key is not None and key != d.author and key not in d.addressees:
                    d.addressees.append(key)
                    if key != said and said.lower() not in {a for a in reg.host_aliases}:
                        reg.alias(key, said)


def _host_by_activity(drafts: list[Draft], reg: Registry) -> None:
    """Without a signature, the host is the named commenter who writes far more than anyone.

    On a blog the author answers question after question; a commenter with at least
    a fifth of all comments and twice as many as the next is taken for the host.
    """
    counts = Counter(d.author for d in drafts if d.author is not None and d.author != HOST_KEY)
    if not counts:
        return
    ranked = counts.most_common(2)
    name, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    if n >= 3 and n >= 0.2 * len(drafts) and n >= 2 * runner_up:
        reg.host_name = name
        reg.host_aliases.add(name.lower())
        reg.names.pop(name, None)
        for d in drafts:
            if d.author == name:
                d.author = HOST_KEY
                d.author_detail += f"; {name!r} wrote {n} of {len(drafts)} comments: the host"


def comment_cues(page: Page, drafts: list[Draft], host_sig: str | None) -> int:
    """How strongly the text reads as a comment section rather than an article.

    Counts what only comment pages have: a host's signature, author lines,
    salutations, quotations of earlier paragraphs, comment-page notices, and
    comments separated by double blank lines.
    """
    meta = dict(page.meta)
    cues = 2 if host_sig else 0
    cues += 2 if meta.get("comments_closed") or meta.get("comment_notice") else 0
    cues += 1 if page.block_gap >= 2 else 0
    cues += min(3, sum(1 for d in drafts if d.author_how in (EvidenceKind.NAME_LINE,)))
    cues += min(3, sum(1 for d in drafts if d.salutation is not None))
    cues += min(1, sum(1 for d in drafts for q in d.quotes if q[1] is not None))
    return cues


def attribute(page: Page) -> tuple[list[Draft], Registry, str | None]:
    """Comments with their authors, addressees and quotations, in page order."""
    host_sig = find_host_signature(page.paragraphs)
    units = _units(page, host_sig)
    header = _vote_convention(units, host_sig)
    drafts = _drafts_from_units(units, header)
    reg = Registry(host_sig)
    drafts = _mark_host(drafts, host_sig, reg.host_aliases)
    drafts = [d for d in drafts if d.text.strip() or d.salutation]
    for d in drafts:
        if d.author is not None and d.author != HOST_KEY:
            reg.add(d.author)
    if host_sig is None:
        _host_by_activity(drafts, reg)
    _salutations(drafts, reg)
    for d in drafts:  # titles used as salutations name the host ("Colonel -")
        if d.salutation:
            for n in d.salutation.names:
                if nm.is_title(n) and reg.resolve(n) == HOST_KEY:
                    reg.alias(HOST_KEY, n)
    _quotes(drafts, [str(i) for i in range(len(drafts))])
    # names are resolved on each comment's own words: a quotation of someone else says nothing
    # about whom the quoting comment answers beyond what the quote link already says
    own = TfIdf([strip_spans(d.text, [q[0] for q in d.quotes]) for d in drafts])
    _name_from_salutation(drafts, reg, own)
    _addressees(drafts, reg)
    return drafts, reg, host_sig


def words_of(d: Draft) -> list[str]:
    return words(d.text)
