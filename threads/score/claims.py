"""Where each speaker stands on a claim, and which claims a thread argues about.

A comment bears on a claim when it shares enough of the claim's content words
(stop words dropped, Snowball-stemmed, weighted by how rare they are in the
thread). Its polarity comes from negation: a negator ("not", "never", "n't", ...)
earlier in the clause that holds the shared words, or a rejection word
("nonsense", "myth", "fallacy", ...) anywhere in it, turns "for" into "against";
a negated claim flips that again. Quotations of other people (the comment's
``quotes``, and double-quoted spans of six words or more) are not the commenter's
words and are left out. A reply then inherits a stance from the comment it answers:
agreeing with a comment that is for the claim is for it, rebutting it is against it,
weighted by the reply's strength; this chains down a reply tree, fading at each step.

Without claims from the user, :func:`propose_claims` takes the comments that drew
the most disagreement and turns each into a short claim: its sentence that best
matches both the rest of the comment and the rebuttals' words, trimmed.

Not supported: synonyms and paraphrase ("Islamic State" is not "ISIS" here),
sarcasm, conditionals, languages other than English (stemming and word lists are
English), stances expressed only by a quotation.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

import snowballstemmer

from threads.model import Comment, RelationLabel, Thread
from threads.score.balance import strength

__all__ = ["StanceLabel", "Claim", "Stance", "Lexicon", "propose_claims", "claim_evidence", "stances"]

RELATED_MIN = 0.5  # share of a claim's (weighted) words a comment must use to bear on it
EVIDENCE_MIN = 0.2  # |evidence| below this shows nothing
STANCE_MIN = 0.2  # |speaker score| below this is "unclear"
ASSERT_MIN = 0.5  # direct evidence from which a comment counts as a source of a user's claim
MAX_PROPOSED = 3
MAX_CLAIM_WORDS = 25
QUOTE_MIN_WORDS = 6

STOP = frozenset("""
a about above after again against all also am an and any are aren as at be because been before being
below between both but by can could did do does doing down during each else even ever every few for from
further get got had has have having he her here hers herself him himself his how i if in into is it its
itself just let like made make many may me might more most much must my myself now of off on once only or
other ought our ours ourselves out over own per quite rather really said same say says she should since so
some such than that the their theirs them themselves then there these they this those though through thus
to too under until up upon us very was we were what when where which while who whom whose why will with
would yes yet you your yours yourself yourselves one two also well still back way thing things think
know see seem seems going go want lot lots sure okay ok oh re ve ll d s t m
""".split())
NEGATORS = frozenset("not no never nothing nobody none neither nor without cannot hardly n't".split())
# words that reject what the clause says wherever they stand in it
REJECT = frozenset("""
nonsense myth myths fallacy falacy false untrue lie lies moronic absurd ridiculous rubbish bs baloney
propaganda agitprop debunked hogwash fantasy fairy delusion delusional
""".split())
# regret about a state of affairs wishes for its opposite: "a shame they did not strike" is for striking
REGRET = frozenset(
    "shame pity disappointing disappointed regret regrettable unfortunate unfortunately".split())
CONTRAST = frozenset("but however although though whereas".split())

_QUOTE_CHARS = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                              "\u00ab": '"', "\u00bb": '"'})
_QUOTE_PAIRS = tuple((chr(k), v) for k, v in _QUOTE_CHARS.items())


def _ascii_quotes(text: str) -> str:
    """``text.translate(_QUOTE_CHARS)``, done with one ``str.replace`` per mark present (much faster)."""
    if text.isascii():
        return text
    for mark, ascii_mark in _QUOTE_PAIRS:
        if mark in text:
            text = text.replace(mark, ascii_mark)
    return text


_DOTTED = re.compile(r"\b((?:[A-Za-z]\.){2,})")  # U.S. -> US
_TOKEN = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?")
_CLAUSE = re.compile(r"[;:,()\u2013\u2014]|\s-\s|\.\.\.")
# a sentence ends at . ! ? before a capital, never after an initial ("U.S. made", "J. Smith")
_SENTENCE = re.compile(r"(?<!\b[A-Z]\.)(?<=[.!?])[\"')\]]*\s+(?=[\"'(\[]?[A-Z0-9])|\n+")
_QUOTED = re.compile(r'"([^"\n]{10,})"')
_LEAD = re.compile(r"^(?:(?:and|but|so|well|yes|no|also|still|now|oh|ok|okay)\b[,]?\s+)+", re.I)

_STEMMER = snowballstemmer.stemmer("english")


class StanceLabel(StrEnum):
    """Where a speaker stands on a claim."""

    FOR = "for"
    AGAINST = "against"
    UNCLEAR = "unclear"


@dataclass(frozen=True, slots=True)
class Claim:
    """A claim the thread argues about: given by the user, or proposed from a disputed comment.

    ``sources`` are the comments that assert it (for a proposed claim: the comment it
    was taken from).
    """

    id: str
    text: str
    proposed: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Stance:
    """A speaker's stance on a claim; ``score`` in [-1, 1] (negative: against); ``comments`` show it."""

    speaker: str
    claim: str
    stance: StanceLabel
    score: float
    comments: tuple[str, ...] = ()


# --- words -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Tok:
    key: str | None  # the content-word key, None for a stop word
    neg: bool  # a negator
    reject: bool  # a rejection word
    regret: bool = False  # a regret word, or a marker that one came earlier in the sentence


_STOPPED = _Tok(None, False, False)
_NEGATOR = _Tok(None, True, False)
_REJECTION = _Tok(None, False, True)
_REGRET = _Tok(None, False, False, True)
_CONTRAST = _Tok(None, False, False)  # never stored: starts a new clause


@lru_cache(maxsize=100_000)
def _classify(raw: str) -> _Tok:
    """The token for one word as written (cached: stemming costs about 0.3 ms a word)."""
    low = raw.lower()
    if low.endswith("n't") or low in ("cannot", "can't", "won't"):
        return _NEGATOR
    low = low.split("'")[0]
    if low in CONTRAST:
        return _CONTRAST
    if low in NEGATORS:
        return _NEGATOR
    if low in REJECT:
        return _REJECTION
    if low in REGRET:
        return _REGRET
    if raw.isupper() and 2 <= len(raw) <= 3 and low in STOP:
        return _Tok(raw, False, False)  # "US", "IS": not the pronoun or the verb
    if low in STOP or len(low) < 3:
        return _STOPPED
    return _Tok(_STEMMER.stemWord(low), False, False)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[_Tok, ...], ...]:
    """Clauses of tokens. Acronyms that spell a stop word (US, IS, IT) stay as content words.

    A clause that follows a regret word in the same sentence starts with a regret marker.
    """
    text = _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", _ascii_quotes(text))
    out: list[tuple[_Tok, ...]] = []
    for sentence in _SENTENCE.split(text):
        regret = False
        for clause in _CLAUSE.split(sentence or ""):
            toks: list[_Tok] = [_REGRET] if regret else []
            for raw in _TOKEN.findall(clause):
                tok = _classify(raw)
                if tok is _CONTRAST:
                    if any(t is not _STOPPED and t is not _REGRET for t in toks):
                        out.append(tuple(toks))  # a contrast starts a new clause
                        toks = [_REGRET] if regret else []
                    continue
                if tok is _REGRET:
                    regret = True
                toks.append(tok)
            if toks:
                out.append(tuple(toks))
    return tuple(out)


def content_words(text: str) -> set[str]:
    """The stemmed content words of ``text``."""
    return {t.key for clause in _tokens(text) for t in clause if t.key is not None}


def own_words(comment: Comment) -> str:
    """The comment's text without the quotations it contains."""
    text = _ascii_quotes(comment.text)
    for q in comment.quotes:
        if q.text:
            text = text.replace(_ascii_quotes(q.text), " ")
    return _QUOTED.sub(lambda m: m.group(0) if len(m.group(1).split()) < QUOTE_MIN_WORDS else " ", text)


class Lexicon:
    """Word weights for one thread (smoothed inverse document frequency over its comments).

    Built with :meth:`of_thread`, it also keeps each comment's tokens, so a thread is
    tokenised once however many claims are scored.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._tokens: dict[str, tuple[tuple[_Tok, ...], ...]] = {}
        # word -> ids of the comments using it (of_thread only): a claim is weighed
        # only against the comments that share a word with it
        self._users: dict[str, list[str]] = {}
        self._count([_tokens(t) for t in texts])

    @classmethod
    def of_thread(cls, thread: Thread) -> Lexicon:
        lex = cls(())
        lex._tokens = {c.id: _tokens(own_words(c)) for c in thread.comments}
        lex._count(list(lex._tokens.values()), list(lex._tokens))
        return lex

    def _count(self, docs: list[tuple[tuple[_Tok, ...], ...]], ids: list[str] | None = None) -> None:
        self.n = len(docs)
        self.df: dict[str, int] = {}
        users = self._users
        for k, d in enumerate(docs):
            for w in {t.key for clause in d for t in clause if t.key is not None}:
                self.df[w] = self.df.get(w, 0) + 1
                if ids is not None:
                    users.setdefault(w, []).append(ids[k])

    def users(self, words: Iterable[str]) -> set[str]:
        """Ids of the comments (of :meth:`of_thread`'s thread) that use any of ``words``."""
        return {cid for w in words for cid in self._users.get(w, ())}

    def weight(self, word: str) -> float:
        return math.log((self.n + 1) / (self.df.get(word, 0) + 1)) + 1.0

    def knows(self, comment: Comment) -> bool:
        """Whether the lexicon holds the tokens of a comment with ``comment``'s id."""
        return comment.id in self._tokens

    def tokens(self, comment: Comment) -> tuple[tuple[_Tok, ...], ...]:
        """The comment's own words, tokenised."""
        toks = self._tokens.get(comment.id)
        return _tokens(own_words(comment)) if toks is None else toks


# --- evidence --------------------------------------------------------------------------------


def _polarity(tokens: tuple[tuple[_Tok, ...], ...], words: set[str], lex: Lexicon) -> tuple[float, float]:
    """Weight of ``words`` used affirmatively and negatively in ``tokens``."""
    pos = neg = 0.0
    for clause in tokens:
        hit = 0.0
        negated = any(t.reject for t in clause)
        seen_neg = False
        for t in clause:
            seen_neg = seen_neg or t.neg
            if t.key is not None and t.key in words:
                hit += lex.weight(t.key)
                negated = negated or seen_neg
        if hit:
            if any(t.regret for t in clause):
                negated = not negated
            if negated:
                neg += hit
            else:
                pos += hit
    return pos, neg


def direct_evidence(text: str, claim: str, lex: Lexicon) -> float:
    """How ``text`` bears on ``claim`` by its own words: in [-1, 1], 0 when unrelated."""
    return _direct(_tokens(text), claim, lex)


def _direct(toks: tuple[tuple[_Tok, ...], ...], claim: str, lex: Lexicon) -> float:
    ctoks = _tokens(claim)
    cwords = {t.key for clause in ctoks for t in clause if t.key is not None}
    if not cwords:
        return 0.0
    used = {t.key for clause in toks for t in clause if t.key in cwords}
    total = sum(lex.weight(w) for w in cwords)
    related = sum(lex.weight(w) for w in used) / total
    if related < RELATED_MIN:
        return 0.0
    pos, neg = _polarity(toks, cwords, lex)
    cpos, cneg = _polarity(ctoks, cwords, lex)
    sign = (pos - neg) / (pos + neg) if pos + neg else 0.0
    if cneg > cpos:  # the claim itself denies something: denying it too is agreeing
        sign = -sign
    return max(-1.0, min(1.0, related * sign))


def claim_evidence(thread: Thread, claim: Claim, lex: Lexicon) -> dict[str, float]:
    """Evidence of every comment on ``claim``, in [-1, 1]: its own words plus what it inherits.

    A reply inherits ``strength * evidence(parent)`` when it agrees with its parent and
    the opposite when it disagrees, so rebutting a comment that asserts the claim is
    evidence against it.
    """
    by_id = thread.comments_by_id()
    own: dict[str, float] = {}
    # A comment tokenised by the lexicon that shares no word with the claim relates to
    # none of it, so _direct would give it 0.0: only the others are scored.
    bearing = lex.users(content_words(claim.text))
    for c in thread.comments:
        if c.id in claim.sources and claim.proposed:
            own[c.id] = 1.0
        elif c.id in bearing or not lex.knows(c):
            own[c.id] = _direct(lex.tokens(c), claim.text, lex)
        else:
            own[c.id] = 0.0
    # parents before children (iteratively: reply chains can be deeper than Python's stack)
    children: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    for c in thread.comments:
        if c.parent is not None and c.parent in by_id and c.parent != c.id:
            children.setdefault(c.parent, []).append(c)
        else:
            roots.append(c)
    memo: dict[str, float] = {}
    queue = list(reversed(roots))
    while queue:
        c = queue.pop()
        if c.id in memo:
            continue
        e = own[c.id]
        parent = by_id.get(c.parent) if c.parent is not None else None
        label = c.relation.label if c.relation is not None else RelationLabel.NEUTRAL
        if parent is not None and parent.id in memo and label is not RelationLabel.NEUTRAL \
                and parent.speaker != c.speaker and abs(memo[parent.id]) >= EVIDENCE_MIN:
            sign = 1.0 if label is RelationLabel.AGREE else -1.0
            e += sign * strength(c) * memo[parent.id]
        memo[c.id] = max(-1.0, min(1.0, e))
        queue.extend(reversed(children.get(c.id, [])))
    for c in thread.comments:  # comments in a reply cycle: their own words only
        memo.setdefault(c.id, max(-1.0, min(1.0, own[c.id])))
    return memo


def stances(thread: Thread, claims: Sequence[Claim], lex: Lexicon) -> tuple[Stance, ...]:
    """Every speaker's stance on every claim, speakers in thread order, then claims in order."""
    per_claim = [claim_evidence(thread, k, lex) for k in claims]
    by_speaker: dict[str, list[str]] = {}
    for c in thread.comments:
        by_speaker.setdefault(c.speaker, []).append(c.id)
    out: list[Stance] = []
    for s in thread.speakers:
        mine = by_speaker.get(s.id, [])
        for k, ev in zip(claims, per_claim, strict=True):
            shown = tuple(cid for cid in mine if abs(ev[cid]) >= EVIDENCE_MIN)
            score = max(-1.0, min(1.0, sum((ev[cid] for cid in shown), 0.0)))
            label = (StanceLabel.FOR if score >= STANCE_MIN else
                     StanceLabel.AGAINST if score <= -STANCE_MIN else StanceLabel.UNCLEAR)
            out.append(Stance(s.id, k.id, label, round(score, 4), shown))
    return tuple(out)


def user_claims(thread: Thread, texts: Sequence[str], lex: Lexicon) -> tuple[Claim, ...]:
    """Claims given by the user; their sources are the comments that assert them in so many words."""
    out = []
    for i, text in enumerate(texts):
        text = " ".join(text.split())
        if not text:
            continue
        bearing = lex.users(content_words(text))  # the others relate to none of it: 0.0
        sources = tuple(c.id for c in thread.comments if (c.id in bearing or not lex.knows(c))
                        and _direct(lex.tokens(c), text, lex) >= ASSERT_MIN)
        out.append(Claim(f"k{i + 1}", text, False, sources))
    return tuple(out)


# --- proposing claims -------------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def trim_claim(sentence: str, max_words: int = MAX_CLAIM_WORDS) -> str:
    """A sentence made into a short claim: lead-in words dropped, cut at a clause boundary."""
    s = _LEAD.sub("", " ".join(sentence.split())).strip(" -\"'")
    words = s.split()
    if len(words) > max_words:
        cut = " ".join(words[:max_words])
        stop = max(cut.rfind(p) for p in (",", ";", ":", " - "))
        s = cut[:stop] if stop >= len(cut) // 3 else cut
        s = s.rstrip(" ,;:-") + "…"
    return s[:1].upper() + s[1:] if s else s


_EMPTIED_QUOTE = re.compile(r"[\"“”]\s*[\"“”]")


def _central(comment: Comment, rebuttals: Sequence[Comment], lex: Lexicon) -> str | None:
    sents = [s for s in sentences(own_words(comment)) if len(content_words(s)) >= 3]
    # a sentence whose quotation was taken out ('The message to them: " ".') is a stub, not a claim
    sents = [s for s in sents if not _EMPTIED_QUOTE.search(s)] or sents
    if not sents:
        return None
    against = set().union(*(content_words(own_words(r)) for r in rebuttals)) if rebuttals else set()
    words = [content_words(s) for s in sents]

    def score(i: int) -> float:
        others = set().union(*(w for j, w in enumerate(words) if j != i)) if len(words) > 1 else set()
        # what the rebuttals talk about counts double: that is what is in dispute
        s = sum(lex.weight(w) * (2.0 * (w in against) + (w in others)) for w in words[i])
        s /= math.sqrt(len(words[i]))
        return s * (0.5 if sents[i].rstrip().endswith("?") else 1.0)  # a question claims little

    best = max(range(len(sents)), key=lambda i: (round(score(i), 9), -i))
    return trim_claim(sents[best])


def disagreement_drawn(thread: Thread) -> dict[str, float]:
    """Summed strength of the disagreeing replies each comment drew."""
    drawn: dict[str, float] = {}
    by_id = thread.comments_by_id()
    for c in thread.comments:
        if c.parent in by_id and c.relation is not None and c.relation.label is RelationLabel.DISAGREE \
                and by_id[c.parent].speaker != c.speaker:
            drawn[c.parent] = drawn.get(c.parent, 0.0) + strength(c)
    return drawn


def propose_claims(thread: Thread, lex: Lexicon, limit: int = MAX_PROPOSED) -> tuple[Claim, ...]:
    """The thread's main contested claims, taken from the comments that drew the most disagreement."""
    drawn = disagreement_drawn(thread)
    order = {c.id: i for i, c in enumerate(thread.comments)}
    by_id = thread.comments_by_id()
    children = thread.children()
    out: list[Claim] = []
    for cid in sorted(drawn, key=lambda k: (-round(drawn[k], 9), order[k])):
        rebuttals = [r for r in children.get(cid, []) if r.relation is not None
                     and r.relation.label is RelationLabel.DISAGREE]
        text = _central(by_id[cid], rebuttals, lex)
        if text and all(text != k.text for k in out):
            out.append(Claim(f"k{len(out) + 1}", text, True, (cid,)))
        if len(out) >= limit:
            break
    return tuple(out)
