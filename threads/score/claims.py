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
import operator
import re
from collections import Counter
from collections.abc import Callable, Iterable, KeysView, Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from itertools import chain, compress

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
_DOTTED_HINT = re.compile(r"\.[A-Za-z]\.")  # in every _DOTTED match; searched much faster
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


def _prepared(text: str) -> str:
    """``text`` as the tokenisers read it: ASCII quotes, and dotted acronyms closed up (U.S. -> US)."""
    text = _ascii_quotes(text)
    if not _DOTTED_HINT.search(text):  # the common case: nothing to close up
        return text
    return _DOTTED.sub(lambda m: m.group(1).replace(".", "") + " ", text)


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[_Tok, ...], ...]:
    """Clauses of tokens. Acronyms that spell a stop word (US, IS, IT) stay as content words.

    A clause that follows a regret word in the same sentence starts with a regret marker.
    """
    out: list[tuple[_Tok, ...]] = []
    for sentence in _SENTENCE.split(_prepared(text)):
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


def _word_keys(text: str, keys: dict[str, str | None]) -> tuple[str, ...]:
    """The distinct content-word keys of ``text`` in order of first use, without splitting clauses.

    The same words, in the same order, as the keys of :func:`_tokens` (sentence and
    clause breaks never fall inside a word, and a contrast word has no key), at a
    fraction of the cost: one regular expression scan and C-level lookups.
    ``keys`` maps each word as written to its key (``None`` for a stop word); words
    not in it yet are classified and added, so each distinct word is stemmed once.
    """
    raws = _TOKEN.findall(_prepared(text))
    try:
        found = dict.fromkeys(map(keys.__getitem__, raws))
    except KeyError:  # a word not seen before
        for raw in set(raws).difference(keys):
            keys[raw] = _classify(raw).key
        found = dict.fromkeys(map(keys.__getitem__, raws))
    found.pop(None, None)
    return tuple(found)


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

    Built with :meth:`of_thread`, it also keeps each comment's words, so a thread is
    read once however many claims are scored. Only a comment's distinct words are
    found up front (cheap); its clauses, which only a comment that shares most of a
    claim's words needs, are tokenised on first use.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        self._keys: dict[str, str | None] = {}  # word as written -> its key, for this lexicon's texts
        self._texts: dict[str, str] = {}  # comment id -> own words (of_thread only)
        self._words: dict[str, tuple[str, ...]] = {}  # comment id -> distinct keys, in order of use
        self._tokens: dict[str, tuple[tuple[_Tok, ...], ...]] = {}  # comment id -> clauses, once needed
        self._count([_word_keys(t, self._keys) for t in texts])

    @classmethod
    def of_thread(cls, thread: Thread) -> Lexicon:
        lex = cls(())
        lex._texts = {c.id: own_words(c) for c in thread.comments}
        lex._words = {cid: _word_keys(text, lex._keys) for cid, text in lex._texts.items()}
        lex._count(list(lex._words.values()))
        return lex

    def _count(self, docs: list[tuple[str, ...]]) -> None:
        self.n = len(docs)
        self.df: dict[str, int] = Counter(chain.from_iterable(docs))

    def users(self, words: Iterable[str]) -> set[str]:
        """Ids of the comments (of :meth:`of_thread`'s thread) that use any of ``words``.

        A scan of every comment's words, run in C: cheaper for the few claims of a
        thread than keeping a word -> comments index of every word.
        """
        wanted = set(words)
        shares = map(operator.not_, map(wanted.isdisjoint, self._words.values()))
        return set(compress(self._words, shares))

    def weight(self, word: str) -> float:
        return math.log((self.n + 1) / (self.df.get(word, 0) + 1)) + 1.0

    def knows(self, comment: Comment) -> bool:
        """Whether the lexicon holds the words of a comment with ``comment``'s id."""
        return comment.id in self._words

    def known(self) -> KeysView[str]:
        """Ids of the comments whose words the lexicon holds."""
        return self._words.keys()

    def words(self, comment: Comment) -> tuple[str, ...]:
        """The distinct content-word keys of the comment's own words, in order of first use."""
        words = self._words.get(comment.id)
        return _word_keys(own_words(comment), {}) if words is None else words

    def tokens(self, comment: Comment) -> tuple[tuple[_Tok, ...], ...]:
        """The comment's own words, tokenised."""
        toks = self._tokens.get(comment.id)
        if toks is None:
            text = self._texts.get(comment.id)
            if text is None:
                return _tokens(own_words(comment))
            toks = self._tokens[comment.id] = _tokens(text)
        return toks


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


class _Probe:
    """A claim's words, weights and polarity, worked out once for every comment read against it."""

    __slots__ = ("lex", "words", "total", "denied")

    def __init__(self, claim: str, lex: Lexicon) -> None:
        ctoks = _tokens(claim)
        self.lex = lex
        self.words = {t.key for clause in ctoks for t in clause if t.key is not None}
        self.total = sum(lex.weight(w) for w in self.words)
        cpos, cneg = _polarity(ctoks, self.words, lex) if self.words else (0.0, 0.0)
        self.denied = cneg > cpos  # the claim itself denies something: denying it too is agreeing

    def evidence(self, words: Iterable[str], tokens: Callable[[], tuple[tuple[_Tok, ...], ...]]) -> float:
        """How a text bears on the claim by its own words: in [-1, 1], 0 when unrelated.

        ``words`` are the text's distinct content words in order of first use (so the
        words it shares with the claim are summed in the order the text uses them);
        ``tokens`` gives its clauses, asked for only when the text is related enough.
        """
        if not self.words:
            return 0.0
        lex = self.lex
        used = {w for w in words if w in self.words}
        related = sum(lex.weight(w) for w in used) / self.total
        if related < RELATED_MIN:
            return 0.0
        pos, neg = _polarity(tokens(), self.words, lex)
        sign = (pos - neg) / (pos + neg) if pos + neg else 0.0
        if self.denied:
            sign = -sign
        return max(-1.0, min(1.0, related * sign))

    def comment_evidence(self, comment: Comment) -> float:
        """:meth:`evidence` of the comment's own words (tokenised by the lexicon when it knows them)."""
        lex = self.lex
        return self.evidence(lex.words(comment), lambda: lex.tokens(comment))


def direct_evidence(text: str, claim: str, lex: Lexicon) -> float:
    """How ``text`` bears on ``claim`` by its own words: in [-1, 1], 0 when unrelated."""
    return _Probe(claim, lex).evidence(_word_keys(text, {}), lambda: _tokens(text))


# One step of passing evidence down the reply trees: the comment's id, and the id of the
# parent it inherits from (None: it inherits nothing) with the factor it inherits by.
_Step = tuple[str, str | None, float]


def _inheritance(thread: Thread) -> list[_Step]:
    """Every comment once, parents before children, with what it inherits from its parent.

    The walk and the parent links depend on the thread only, so they are worked out
    once and replayed for each claim (:func:`_evidence`). A reply inherits when it
    agrees or disagrees with a parent by someone else; comments in a reply cycle come
    last, in thread order, inheriting nothing.
    """
    by_id = thread.comments_by_id()
    children: dict[str, list[Comment]] = {}
    roots: list[Comment] = []
    for c in thread.comments:
        if c.parent is not None and c.parent in by_id and c.parent != c.id:
            children.setdefault(c.parent, []).append(c)
        else:
            roots.append(c)
    steps: list[_Step] = []
    done: set[str] = set()
    # iteratively: reply chains can be deeper than Python's stack
    queue = list(reversed(roots))
    while queue:
        c = queue.pop()
        if c.id in done:
            continue
        parent = by_id.get(c.parent) if c.parent is not None else None
        label = c.relation.label if c.relation is not None else RelationLabel.NEUTRAL
        if parent is not None and parent.id in done and label is not RelationLabel.NEUTRAL \
                and parent.speaker != c.speaker:
            sign = 1.0 if label is RelationLabel.AGREE else -1.0
            steps.append((c.id, parent.id, sign * strength(c)))
        else:
            steps.append((c.id, None, 0.0))
        done.add(c.id)
        queue.extend(reversed(children.get(c.id, [])))
    for c in thread.comments:  # comments in a reply cycle: their own words only
        if c.id not in done:
            done.add(c.id)
            steps.append((c.id, None, 0.0))
    return steps


def _evidence(thread: Thread, claim: Claim, lex: Lexicon, steps: list[_Step]) -> dict[str, float]:
    """:func:`claim_evidence`, with the walk of :func:`_inheritance` given."""
    by_id = thread.comments_by_id()
    own = dict.fromkeys(by_id, 0.0)
    # A comment known to the lexicon that shares no word with the claim relates to
    # none of it, so its evidence would be 0.0: only the others are scored.
    scored = (lex.users(content_words(claim.text)) & own.keys()) | (own.keys() - lex.known())
    if claim.proposed:
        scored -= set(claim.sources)
    probe = _Probe(claim.text, lex)
    for cid in scored:
        own[cid] = probe.comment_evidence(by_id[cid])
    if claim.proposed:
        for cid in claim.sources:
            if cid in own:
                own[cid] = 1.0
    memo: dict[str, float] = {}
    for cid, parent, factor in steps:
        e = own[cid]
        if parent is not None:
            inherited = memo[parent]
            if abs(inherited) >= EVIDENCE_MIN:
                e += factor * inherited
        memo[cid] = e if -1.0 <= e <= 1.0 else max(-1.0, min(1.0, e))
    return memo


def claim_evidence(thread: Thread, claim: Claim, lex: Lexicon) -> dict[str, float]:
    """Evidence of every comment on ``claim``, in [-1, 1]: its own words plus what it inherits.

    A reply inherits ``strength * evidence(parent)`` when it agrees with its parent and
    the opposite when it disagrees, so rebutting a comment that asserts the claim is
    evidence against it.
    """
    return _evidence(thread, claim, lex, _inheritance(thread))


def stances(thread: Thread, claims: Sequence[Claim], lex: Lexicon) -> tuple[Stance, ...]:
    """Every speaker's stance on every claim, speakers in thread order, then claims in order."""
    steps = _inheritance(thread)
    per_claim = [_evidence(thread, k, lex, steps) for k in claims]
    # the comments that show a stance on each claim: few, so most speakers show none
    showing = [{cid for cid, e in ev.items() if abs(e) >= EVIDENCE_MIN} for ev in per_claim]
    by_speaker: dict[str, list[str]] = {}
    for c in thread.comments:
        by_speaker.setdefault(c.speaker, []).append(c.id)
    out: list[Stance] = []
    for s in thread.speakers:
        mine = by_speaker.get(s.id, [])
        for k, ev, strong in zip(claims, per_claim, showing, strict=True):
            shown = () if strong.isdisjoint(mine) else tuple(cid for cid in mine if cid in strong)
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
        probe = _Probe(text, lex)
        sources = tuple(c.id for c in thread.comments if (c.id in bearing or not lex.knows(c))
                        and probe.comment_evidence(c) >= ASSERT_MIN)
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
