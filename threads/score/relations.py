"""How a reply stands toward the comment it answers: agree, disagree or neutral.

:func:`classify` reads a (parent, reply) pair the way a careful reader does and
finds *cues*: explicit markers ("No,", "I disagree", "good point", "thank you"),
a quotation of the parent followed by a rebuttal, a factual contradiction (the
reply negates a predicate the parent asserted: "did not reach" against
"reached"), challenge questions ("How is it clear?"), sarcasm markers, insults
aimed at the parent's author, concessions ("It is true that ... but"), and a
plain answer to a question the parent asked. VADER's tone of the reply and the
sentiment the two comments share are weak cues.

The cues become numbers (:func:`features`). By default (:attr:`Method.COMBINED`)
cues strong enough to settle the matter decide through hand-set weights, and a
plain answer to a request for information is neutral; every other pair goes to a
small multinomial logistic regression whose weights ship in
``threads/data/relations_model.json``, fitted on the MaskMandate pairs of Lei &
Huang (2022) only (``scripts/train_relations.py``). :attr:`Method.MODEL` and
:attr:`Method.RULES` use one of the two alone. ``Relation.score`` is
P(agree) - P(disagree) for the model and the clipped cue sum for the rules;
``Relation.cues`` names the phrases that pushed toward the label.

Not supported: stance that needs world knowledge or the topic's camps (a reply
that attacks a third party the parent also dislikes reads as agreement only when
their sentiment lines up), long-range sarcasm and irony, languages other than
English, and replies that agree with one part of the parent and reject another
(one label per pair).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import operator
import re
import string
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from importlib import resources
from itertools import repeat
from pathlib import Path

from threads.encoding import decode
from threads.errors import InputError
from threads.model import Comment, Quote, Relation, RelationLabel, Thread, Tone, replace
from threads.score.incivility import incivility
from threads.score.tone import default_workers, normalize_quotes, own_words, pool_context, split_sentences
from threads.score.vader import analyzer

__all__ = [
    "Method",
    "classify",
    "features",
    "score_relations",
    "evaluate_pairs",
    "report_as_text",
    "EvalReport",
    "FEATURES",
]

log = logging.getLogger(__name__)


class Method(StrEnum):
    """How cues become a label."""

    COMBINED = "combined"  # the rules where explicit cues are decisive, else the model
    MODEL = "model"  # the shipped logistic regression over the cue features
    RULES = "rules"  # hand-set cue weights and thresholds


# --- cue lexicons --------------------------------------------------------------
# Each is a regex over lower-cased, ASCII-quoted text. Openers look only at the
# reply's first words: "No," that opens a reply is a rebuttal, "no" inside it is not.

def _rx(*alternatives: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


def _rx_by_letter(*alternatives: str) -> re.Pattern[str]:
    r"""The matches of ``_rx(*alternatives)``, found faster when few letters start the alternatives.

    Python's regex engine skips ahead to the positions where a match can start only when the
    pattern begins with a set of plain characters; ``_rx``'s look-behind comes first and
    hides them. Here the alternatives are grouped by first letter (in their order: at one
    position only those starting with its letter can match, so no match changes) and the
    look-behind moves after that letter: ``t(?<![\w']t)...`` asks of the character before
    the ``t`` what ``(?<![\w'])t...`` asks.
    """
    rests: dict[str, list[str]] = {}
    for alternative in alternatives:
        if not alternative[:1].isalpha():
            raise ValueError(f"{alternative!r}: every alternative must start with a letter")
        rests.setdefault(alternative[0], []).append(alternative[1:])
    branches = [rf"{c}(?<![\w']{c})(?:{'|'.join(r)})" for c, r in rests.items()]
    return re.compile("(?:" + "|".join(branches) + r")(?![\w'])")


class _Gated:
    """A cue regex behind a cheap test: every match contains one of ``keys`` as a substring.

    Most texts hold none of a family's key words, and ``in`` on a string is far cheaper
    than running a long alternation at every position; when no key occurs, the regex
    could not have matched, so the answer is the same.
    """

    __slots__ = ("pattern", "keys")

    def __init__(self, pattern: re.Pattern[str], *keys: str) -> None:
        self.pattern, self.keys = pattern, keys

    def may_match(self, text: str) -> bool:
        return any(map(text.__contains__, self.keys))  # "k in text" for each key, in C

    def search(self, text: str) -> re.Match[str] | None:
        return self.pattern.search(text) if self.may_match(text) else None

    def finditer(self, text: str) -> Iterable[re.Match[str]]:
        return self.pattern.finditer(text) if self.may_match(text) else ()

    def findall(self, text: str) -> list:
        return self.pattern.findall(text) if self.may_match(text) else []


_AGREE_OPEN = re.compile(
    r"^\W*(?:yes|yep|yup|yeah|ya|yea|exactly|agreed|agree|true|truth|so true|right|correct|absolutely|"
    r"indeed|precisely|definitely|totally|this|same|same here|me too|100%|\+1|bingo|preach|"
    r"amen|this is so true|well said|good point|great point|fair point|you're right|you are right|"
    r"ha+|haha\w*|lol|lmao)(?![\w'])")
_AGREE = _rx(
    r"i agree", r"i totally agree", r"agree with you", r"agreed", r"i concur", r"concur", r"so true",
    r"very true", r"that's true", r"this is true", r"well said", r"well put", r"spot on",
    r"couldn't agree", r"could not agree", r"you're right", r"you are right", r"you're correct",
    r"exactly", r"precisely", r"absolutely", r"this is the way", r"same here", r"me too",
    r"good point", r"great point", r"fair point", r"excellent point", r"valid point", r"good question",
    r"(?:good|great|fair|excellent|valid|intelligent|telling|interesting|important|salient)"
    r"(?: and \w+)? point", r"makes sense", r"i think so too", r"i feel the same", r"right on",
    r"you nailed it", r"nailed it", r"this\s*!", r"yes\s*!", r"underrated comment", r"facts",
    r"100%", r"i'm with you", r"i am with you", r"love this", r"love that", r"i love it",
)
# Keys: a word or sign that each alternative above must contain.
_AGREE = _Gated(_AGREE, "agree", "concur", "true", "said", "well put", "spot on", "right", "correct",
                "exactly", "precisely", "absolutely", "the way", "same here", "me too", "point",
                "question", "sense", "so too", "the same", "nailed", "!", "underrated", "facts",
                "100%", "with you", "love")
_THANKS_WORDS = (r"thank you", r"thanks", r"thank u", r"thx", r"ty", r"much appreciated",
                 r"appreciate it", r"appreciate (?:that|this|your)")
_THANKS = _Gated(_rx_by_letter(*_THANKS_WORDS), "thank", "thx", "ty", "appreciate")
_DISAGREE_OPEN = re.compile(
    r"^\W*(?:no|nope|nah|wrong|false|not true|nonsense|bullshit|bs|incorrect|actually|um+|uh+|"
    r"erm|except|sorry,? but|but|well,? actually|lol no|so you're saying|so you are saying|"
    r"says who|wait|what\?|huh|really\?|i disagree|not really|not quite|not at all|that's not|"
    r"that is not|you're wrong|you are wrong|how about|what about|how so|source)(?![\w'])")
_DISAGREE = _rx(
    r"i disagree", r"disagree", r"i don't agree", r"i do not agree", r"not true", r"untrue",
    r"that's not", r"that is not", r"that isn't", r"this is not", r"it's not", r"it is not",
    r"you're wrong", r"you are wrong", r"you're mistaken", r"you are mistaken", r"is wrong", r"are wrong",
    r"wrong", r"nonsense", r"false", r"incorrect", r"misinformation", r"disinformation",
    r"doesn't mean", r"does not mean", r"no evidence", r"not a lot of evidence", r"produced none",
    r"no proof", r"no source", r"source\?", r"citation needed", r"prove it", r"fallacy", r"falacy",
    r"strawman", r"straw man", r"bullshit", r"makes no sense", r"doesn't make sense",
    r"not how (?:it|this|that) works", r"you don't understand", r"you do not understand",
    r"you don't know", r"you have no idea", r"did not say", r"didn't say", r"never said",
    r"nobody said", r"no one said", r"that's a lie", r"you're lying", r"not the same", r"irrelevant",
    r"whataboutism", r"educate yourself", r"do your research", r"learn to read", r"on the contrary",
    r"not at all", r"quite the opposite", r"the opposite", r"ridiculous", r"absurd", r"laughable",
    r"conspiracy theor\w*", r"big difference", r"no more than that",
)
_DISAGREE = _Gated(_DISAGREE, "agree", "true", "not", "n't", "wrong", "mistaken", "nonsense", "false",
                   "incorrect", "information", "no evidence", "produced none", "no proof", "source",
                   "citation needed", "prove it", "fallacy", "falacy", "strawman", "straw man",
                   "bullshit", "sense", "no idea", "said", "lie", "lying", "irrelevant",
                   "whataboutism", "educate yourself", "do your research", "learn to read",
                   "contrary", "opposite", "ridiculous", "absurd", "laughable", "conspiracy",
                   "big difference", "no more than")
_CHALLENGE = re.compile(
    r"^\W*(?:how (?:is|are|does|do|did|can|could|would|exactly|so|come)|why (?:would|do|does|did|is|are|"
    r"should|not|the hell)|what makes you|what evidence|where(?:'s| is| are) (?:the|your) "
    r"(?:evidence|proof|source)|who (?:told|says|said)|since when|is there anything|"
    r"are (?:you|those|these) (?:just|really|serious|kidding|actually|even|sure)|are you|"
    r"do you (?:really|actually|even|seriously|honestly|think|not|realize|know|understand|have)|"
    r"did you (?:even|read|actually|really|not)|have you (?:ever|even|actually|considered|read)|"
    r"so you(?:'re| are)|isn't (?:it|that)|aren't you|don't you|wouldn't|shouldn't|can't you|"
    r"what (?:about|do you|does that|is wrong|the (?:hell|fuck))|you (?:do )?realize|"
    r"you think|seriously|really)\b[^?]*\?")
# Challenges that need not open the sentence: "... or are you just making it up?"
_CHALLENGE_ANYWHERE = re.compile(
    r"\bor (?:are|is|do|did|were) (?:you|they|those|these|that|this) (?:just|simply|really|only)\b[^?]*\?"
    r"|\bdo i understand (?:that|correctly|you)\b[^?]*\?|\bwhere did you (?:get|read|hear)\b[^?]*\?")
_CHALLENGE_ANYWHERE = _Gated(_CHALLENGE_ANYWHERE, "or ", "do i understand", "where did you")
_SARCASM = _rx(
    r"/s", r"yeah right", r"sure jan", r"oh really", r"ri+ght\.\.\.", r"good luck with that",
    r"nice try", r"cool story", r"oh please", r"bless your heart", r"i thought you were",
    r"genius", r"congrat\w*", r"what a surprise", r"shocking", r"who knew", r"oh wow", r"wow",
    r"lmao", r"lol", r"totally not", r"because that worked", r"keep telling yourself",
    r"imagine (?:thinking|believing|being)", r"ok boomer", r"okay buddy", r"sure buddy", r"sweetie",
)
_SARCASM = _Gated(_SARCASM, "/s", "yeah right", "sure jan", "oh really", "ght...", "good luck with that",
                  "nice try", "cool story", "oh please", "bless your heart", "i thought you were",
                  "genius", "congrat", "what a surprise", "shocking", "who knew", "wow", "lmao", "lol",
                  "totally not", "because that worked", "keep telling yourself", "imagine ",
                  "ok boomer", "okay buddy", "sure buddy", "sweetie")
_CONCESSION = re.compile(
    r"(?:it is true|it's true|true,|granted|sure,|yes,|yeah,|i agree|you're right|you are right|"
    r"fair enough|i understand|i get (?:it|that|what)|i see your point|i know|admittedly|"
    r"while|although|even though)[^.?!]{0,200}?\b(?:but|however|yet|though|still)\b")
_CONCESSION = _Gated(_CONCESSION, "but", "however", "yet", "though", "still")
_NEGATION = re.compile(r"(?<![\w'])(?:not|no|never|none|nobody|nothing|neither|nor|cannot|"
                       r"\w+n't)(?![\w'])")
_QUESTION_WORD = re.compile(r"^\W*(?:who|what|when|where|why|how|which|is|are|was|were|do|does|did|"
                            r"can|could|would|should|will|has|have|anyone|any)\b")
# A question that asks for information rather than scoring a point: a wh- or yes/no
# question or "does anyone know" (challenges are excluded by the caller); an answer to
# one is neutral unless it says otherwise.
_INFO_QUESTION = re.compile(
    r"^\W*(?:does|do|did|is|are|was|were|can|could|has|have|will|would|should)\b"
    r"|^\W*(?:anyone|anybody|someone|somebody)\b"
    r"|^\W*(?:who|what|when|where|which|how (?:many|much|long|often|do|does|did|can))\b"
    r"|\b(?:anyone|anybody|someone|somebody) (?:here )?(?:know|knows|have|has|seen|got|tried)\b")
_SECOND_PERSON_WORDS = ("you", "your", "you're", "youre", "yours", "yourself", "u", "ur")
_SECOND_PERSON = _rx_by_letter(*_SECOND_PERSON_WORDS)
_THIRD_GROUP_WORDS = ("they", "them", "their", "these people", "those people", "people like")
_THIRD_GROUP = _rx_by_letter(*_THIRD_GROUP_WORDS)
_LAUGH_WORDS = (r"lol", r"lmao", r"haha\w*", r"hahaha\w*", r"rofl", r"ha ha")
_LAUGH = _Gated(_rx_by_letter(*_LAUGH_WORDS), "lol", "lmao", "haha", "rofl", "ha ha")
_BECAUSE_OPEN = re.compile(r"^\W*(?:because|cause|'cause|cuz|since)\b")
_WORD = re.compile(r"[a-z][a-z']+")
_STOP = frozenset("""
a an the and or but if then so of to in on at by for with from as is are was were be been being am
it its it's this that these those there here they them their he she him her his hers we us our you your
i me my mine do does did done have has had having not no nor never can could would should will shall
may might must just very really also too more most much many some any all each other such than
what which who whom whose when where why how about into over under again further once only own same
i'm you're they're we're don't doesn't didn't isn't aren't wasn't weren't won't wouldn't can't couldn't
shouldn't that's there's what's let's get got go going like one even because out up down off well yes
""".split())


# --- features ------------------------------------------------------------------

#: Names of the numbers :func:`features` returns, in order (the model's columns).
FEATURES: tuple[str, ...] = (
    "agree_open", "agree", "thanks", "disagree_open", "disagree", "challenge", "questions",
    "only_question", "sarcasm", "insult_you", "insult_other", "concession", "quote_rebuttal",
    "quote_parent", "negation_flip", "parent_asks", "answer_to_question", "negations", "second_person",
    "third_group", "laugh", "exclaim", "reply_compound", "parent_compound", "same_sentiment",
    "overlap", "reply_len", "parent_len", "short_reply", "disagree_first", "marker_you",
    "marker_they", "info_question", "parent_you", "parent_insult_you", "parent_challenge",
    "because_open", "negative_you", "quote_endorse", "info_answer",
)
_FEATURE_INDEX = {name: k for k, name in enumerate(FEATURES)}


@dataclass(frozen=True, slots=True)
class Features:
    """Cue values for one pair and the phrases behind them (cue name -> phrases)."""

    values: tuple[float, ...]
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def as_dict(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


# A comment is split and scored as a reply and again as the parent of each of its replies;
# these caches (by text) make the second time a look-up. Both functions are pure.
_sentences = lru_cache(maxsize=4096)(lambda text: tuple(split_sentences(text)))
_incivility = lru_cache(maxsize=16384)(incivility)


# Words _NEGATION matches whole, other than the "...n't" forms (tested by suffix).
_NEGATION_WORDS = frozenset("not no never none nobody nothing neither nor cannot".split())


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    # Crude, deliberately: enough to match "reached"/"reach", "supported"/"supports".
    # Cached: the same few thousand words recur in every pair.
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _content_words(words: Iterable[str]) -> list[str]:
    return [w for w in words if w not in _STOP and len(w) > 2]


_NOTHING: frozenset[str] = frozenset()


@lru_cache(maxsize=4096)
def _negated_stems(sentence: str) -> tuple[frozenset[str], frozenset[str]]:
    """Stems of content words in ``sentence``: (negated within three words before, asserted)."""
    words = _WORD.findall(sentence)
    if "n't" not in sentence and _NEGATION_WORDS.isdisjoint(words):  # most sentences negate nothing
        return _NOTHING, frozenset(map(_stem, _content_words(words)))
    # A word is negated when a negation stands one to three words before it.
    negated_at: set[int] = set()
    for n, w in enumerate(words):
        if w in _NEGATION_WORDS or w.endswith("n't"):
            negated_at.update((n + 1, n + 2, n + 3))
    negated: set[str] = set()
    plain: set[str] = set()
    for k, w in enumerate(words):
        if w in _STOP or len(w) <= 2:
            continue
        (negated if k in negated_at else plain).add(_stem(w))
    return frozenset(negated), frozenset(plain)


def _sentence_stems(text_l: str) -> list[tuple[frozenset[str], frozenset[str]]]:
    """:func:`_negated_stems` of each sentence of the lower-cased ``text_l``.

    Sentences are pieces of the text split at white space, so together they hold its
    words: the union of these sets is the stems of all its content words.
    """
    return [_negated_stems(s) for s in _sentences(text_l)]


def _negation_flips(par: _Parent, reply_stems: Iterable[tuple[frozenset[str], frozenset[str]]]) -> list[str]:
    """Predicates the reply negates that the parent asserted, or the other way round."""
    only_neg, only_plain = par.only_negated, par.only_asserted
    flips: list[str] = []
    for n, p in reply_stems:
        flips.extend(sorted((n & only_plain) | (p & only_neg)))
    return flips


def _findall(pattern: re.Pattern[str] | _Gated, text: str) -> list[str]:
    # The cue regexes capture no group, so findall() gives the whole matches, without
    # building a match object for each.
    return [found.strip() for found in pattern.findall(text)]


_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_QUOTATION = re.compile(r'"([^"\n]{3,3000}?)"|^\s*>(.*)$', re.MULTILINE)


def _quoted_parent(reply_raw: str, parent_l: str, reply_quotes: Sequence[str]) -> bool:
    """Whether the reply quotes; ``parent_l`` is the parent in lower case."""
    if any(q.strip() for q in reply_quotes):
        return True
    if '"' not in reply_raw and ">" not in reply_raw:  # _QUOTATION needs one of them
        return False
    pn = None  # " " + the parent's words and digits, single spaces + " ": built only if needed
    for m in _QUOTATION.finditer(reply_raw):
        inner = _NON_ALNUM.sub(" ", (m.group(1) or m.group(2) or "").lower()).strip()
        if len(inner.split()) >= 2:
            if pn is None:
                pn = " " + _NON_ALNUM.sub(" ", parent_l) + " "
            if " " + inner + " " in pn:
                return True
    return False


@lru_cache(maxsize=16384)
def _compound(sentence: str) -> float:
    # Cached: a sentence the tone stage did not score (no Comment.tone, or quotations removed
    # differently) comes up again when its comment is a parent, and in classify() per pair.
    sia = analyzer()
    # VADER gives a word a valence only if the word (as split on white space, stripped of
    # punctuation when more than two characters remain) is in its lexicon, and a sentence
    # whose words all have none scores exactly 0.0. Many sentences are like that; checking
    # both forms of every word is a superset of VADER's own look-ups. Emoji, which VADER
    # first turns into words, are never ASCII.
    if sentence.isascii():
        lex = sia.lexicon
        if not any(w in lex or w.strip(string.punctuation) in lex for w in sentence.lower().split()):
            return 0.0
    return sia.polarity_scores(sentence)["compound"]


@dataclass(frozen=True, slots=True)
class _Parent:
    """Everything :func:`features` needs from the parent alone."""

    text: str  # quotes normalised
    lower: str
    words: int
    asks: float
    compound: float
    stems: frozenset[str]  # of its content words
    only_negated: frozenset[str]  # stems it negates and nowhere asserts
    only_asserted: frozenset[str]  # stems it asserts and nowhere negates
    you: float
    insult_you: float
    challenge: float
    info_question: bool


def _compounds(sentences: Sequence[str], tone: Tone | None) -> list[float]:
    """VADER's compound of each sentence, read from ``tone`` where it scored the same sentence.

    The tone stage stores the compound of every sentence of a comment's own words; the
    sentences split here are usually the same strings (they differ when quotation removal
    differs), and a compound depends on nothing but the sentence, so reading it saves
    running VADER again.
    """
    known = tone.sentences if tone is not None else ()
    out: list[float] = []
    for k, s in enumerate(sentences):
        out.append(known[k].compound if k < len(known) and known[k].text == s else _compound(s))
    return out


def _weighted(compounds: Sequence[float], lengths: Sequence[int], words: int) -> float:
    """Mean of sentence compounds weighted by sentence lengths in words, over ``words``."""
    return sum(map(operator.mul, compounds, lengths)) / max(words, 1)


@dataclass(frozen=True, slots=True)
class _TextCues:
    """What both roles of a comment read off a text: a reply's own words, a parent's whole text.

    Most comments quote no one, so the two are the same string, and a comment that is
    both a reply and a parent has them worked out once (see :func:`_score_groups`).
    """

    text: str  # quotes normalised
    lower: str
    words: int
    sentences: tuple[str, ...]
    sent_l: tuple[str, ...]  # each sentence in lower case
    lengths: tuple[int, ...]  # words per sentence
    compounds: tuple[float, ...]  # VADER compound per sentence
    stems: tuple[tuple[frozenset[str], frozenset[str]], ...]  # _sentence_stems(lower)
    lower_first: str  # the first sentence of ``lower`` split on its own ("" if none)
    you: tuple[bool, ...]  # per sentence: addresses someone as "you"
    challenge: tuple[re.Match[str] | None, ...]  # per sentence: _CHALLENGE's match
    you_count: int


def _text_cues(text: str, tone: Tone | None = None) -> _TextCues:
    """The :class:`_TextCues` of ``text`` (quotes already normalised); ``tone`` as in :func:`_compounds`."""
    lower = text.lower()
    sentences = _sentences(text)
    sent_l = tuple(s.lower() for s in sentences)
    lower_sentences = _sentences(lower)
    you_count = len(_SECOND_PERSON.findall(lower))
    # A sentence is a piece of the text between white space, so it says "you" only if the
    # text does: most texts never do, and then no sentence is searched.
    you = tuple(bool(_SECOND_PERSON.search(s)) for s in sent_l) if you_count else (False,) * len(sent_l)
    return _TextCues(
        text=text, lower=lower, words=len(text.split()), sentences=sentences, sent_l=sent_l,
        lengths=tuple(len(s.split()) for s in sentences), compounds=tuple(_compounds(sentences, tone)),
        stems=tuple(map(_negated_stems, lower_sentences)),
        lower_first=lower_sentences[0] if lower_sentences else "",
        you=you, challenge=tuple(map(_CHALLENGE.search, sent_l)), you_count=you_count,
    )


def _parent_of(cues: _TextCues) -> _Parent:
    """The parent-side cues of a comment whose whole text has the :class:`_TextCues` ``cues``."""
    p_sentences, p_sent_l = cues.sentences, cues.sent_l
    asks = float(bool(p_sentences) and (p_sentences[-1].rstrip().endswith("?")
                                        or any(s.rstrip().endswith("?") for s in p_sentences)))
    pc = _weighted(cues.compounds[:20], cues.lengths[:20], sum(cues.lengths[:20]))
    negated: set[str] = set()
    asserted: set[str] = set()
    for n, p in cues.stems:
        negated |= n
        asserted |= p
    insult_you = 0.0
    for s, you in zip(p_sentences[:20], cues.you[:20], strict=True):
        if you:
            insult_you += _incivility(s)[0]
    return _Parent(
        text=cues.text, lower=cues.lower,
        words=cues.words, asks=asks, compound=pc,
        stems=frozenset(negated | asserted),
        only_negated=frozenset(negated - asserted), only_asserted=frozenset(asserted - negated),
        you=min(cues.you_count, 5.0), insult_you=insult_you,
        challenge=float(any(cues.challenge[:20])),
        info_question=any(_INFO_QUESTION.search(s) for s in p_sent_l if s.rstrip().endswith("?")),
    )


@lru_cache(maxsize=2048)
def _parent(parent_text: str) -> _Parent:
    """The parent-side cues of ``parent_text``, for :func:`features`.

    Cached by text: one parent has many replies. A thread is scored parent by parent
    (:func:`score_relations`), which needs no cache.
    """
    return _parent_of(_text_cues(normalize_quotes(parent_text)))


def features(parent_text: str, reply_text: str, reply_quotes: Iterable[str] = ()) -> Features:
    """The cue values of a (parent, reply) pair, in :data:`FEATURES` order.

    Examples
    --------
    >>> f = features("The convoy reached its target.", "No, the convoy did not reach it.").as_dict()
    >>> f["disagree_open"], f["negation_flip"] > 0
    (1.0, True)
    """
    par = _parent(parent_text)
    raw = normalize_quotes(reply_text)
    quotes = [normalize_quotes(q) for q in reply_quotes]
    return _features(par, raw, quotes, _text_cues(own_words(raw, quotes, [par.text])))


def _features(par: _Parent, raw: str, quotes: list[str], cues: _TextCues) -> Features:
    """:func:`features` given the parent's cues, the reply and its quotes with ASCII quote
    marks, and the :class:`_TextCues` of the reply's own words."""
    own, own_l, sentences, sent_l = cues.text, cues.lower, cues.sentences, cues.sent_l
    phrases: dict[str, list[str]] = {}

    def hit(name: str, found: Iterable[str]) -> float:
        found = [f for f in found if f]
        if found:
            phrases.setdefault(name, []).extend(found)
        return float(len(found))

    head = own_l[:80]
    agree_open = hit("agree_open", _findall(_AGREE_OPEN, head))
    agree = hit("agree", _findall(_AGREE, own_l))
    thanks = hit("thanks", _findall(_THANKS, own_l))
    disagree_open = hit("disagree_open", _findall(_DISAGREE_OPEN, head))
    disagree = hit("disagree", _findall(_DISAGREE, own_l))
    # Sentences are pieces of the reply split at white space, so one holds a _DISAGREE
    # match only if the reply does: most replies have none, and then no sentence is searched.
    sentence_disagrees = ([_DISAGREE.pattern.search(sl) for sl in sent_l] if disagree
                          else [None] * len(sent_l))
    # A sentence is a piece of the reply, so it holds a key of _CHALLENGE_ANYWHERE only if the
    # reply does: most replies have none, and then only the sentence openings count.
    if _CHALLENGE_ANYWHERE.may_match(own_l):
        challenges = [m.group(0) for s, opening in zip(sent_l, cues.challenge, strict=True)
                      for m in [opening or _CHALLENGE_ANYWHERE.pattern.search(s)] if m]
    else:
        challenges = [m.group(0) for m in cues.challenge if m]
    challenge = hit("challenge", challenges)
    questions = float(sum(s.rstrip().endswith("?") for s in sentences))
    only_question = float(bool(sentences) and questions == len(sentences))
    sarcasm = hit("sarcasm", _findall(_SARCASM, own_l))
    insult_you = insult_other = 0.0
    # Whether a sentence holds a lexicon term, as incivility() of its lower-cased form would
    # say: the same words match either way, and only shouted words (kept in capitals among
    # the terms) need the capitals. Saves scoring every sentence twice.
    uncivil_words: list[bool] = []
    for s, you in zip(sentences, cues.you, strict=True):
        score, terms = _incivility(s)
        uncivil_words.append(any(not t.isupper() for t in terms))
        if not terms:
            continue
        if you:
            insult_you += score
            phrases.setdefault("insult_you", []).extend(terms)
        else:
            insult_other += score
    concession = hit("concession", _findall(_CONCESSION, own_l))
    quote_parent = float(_quoted_parent(raw, par.lower, quotes))
    # A rebuttal right after the quotation: the first own sentence disagrees or negates.
    first = sent_l[0] if sent_l else ""
    first_disagrees = sentence_disagrees[0] if sent_l else None
    quote_rebuttal = 0.0
    if quote_parent and (_DISAGREE_OPEN.search(first) or first_disagrees
                         or _NEGATION.search(first) or _CHALLENGE.search(first)):
        quote_rebuttal = hit("quote_rebuttal", [first])
    # The mirror image: a quotation followed by thanks or assent accepts what was quoted.
    quote_endorse = 0.0
    if quote_parent and not quote_rebuttal and (_THANKS.search(first) or _AGREE.search(first)
                                                or _AGREE_OPEN.search(first)):
        quote_endorse = hit("quote_endorse", [first])
    flips = _negation_flips(par, cues.stems)
    negation_flip = hit("negation_flip", [f"negates {w!r}" for w in flips[:3]])
    parent_asks = par.asks
    markers = agree + agree_open + thanks + disagree + disagree_open + challenge + sarcasm
    answer = float(parent_asks and not markers and not only_question)
    if answer:
        phrases.setdefault("answer_to_question", []).append("answers a question")
    words = cues.words
    rc = _weighted(cues.compounds, cues.lengths, words)
    pc = par.compound
    pw, rw = par.stems, set().union(*(n | p for n, p in cues.stems))
    overlap = len(pw & rw) / math.sqrt(max(len(pw), 1) * max(len(rw), 1))
    # Where a marker points matters: "you're wrong" rebuts the parent, "they're wrong"
    # usually sides with it against a third party.
    marker_you = marker_they = 0.0
    for sl, disagrees, uncivil, you in zip(sent_l, sentence_disagrees, uncivil_words, cues.you, strict=True):
        marked = bool(disagrees or uncivil)
        if marked and you:
            marker_you += 1
        elif marked and _THIRD_GROUP.search(sl):
            marker_they += 1
    # A sentence split again is itself, so when the first sentence of the reply is also the
    # first of its lower-cased text split on its own, its stems are at hand.
    first_stems = cues.stems[:1] if first == cues.lower_first else _sentence_stems(first)
    disagree_first = hit("disagree_first", [m.group(0) for m in [first_disagrees] if m]
                         + [f"negates {w!r}" for w in _negation_flips(par, first_stems)[:1]])
    info_question = float(questions > 0 and not challenge and not sarcasm)
    parent_you, parent_insult_you, parent_challenge = par.you, par.insult_you, par.challenge
    info_answer = 0.0
    if answer and not parent_challenge and par.info_question:
        info_answer = hit("info_answer", ["answers a request for information"])
    because_open = float(bool(_BECAUSE_OPEN.match(own_l)))
    you_count = cues.you_count
    negative_you = min(0.0, rc) * min(you_count, 3.0)
    values = (
        agree_open, agree, thanks, disagree_open, disagree, challenge, min(questions, 4.0),
        only_question, sarcasm, insult_you, insult_other, concession, quote_rebuttal, quote_parent,
        min(negation_flip, 3.0), parent_asks, answer,
        min(len(_NEGATION.findall(own_l)) / max(words, 1) * 10, 3),
        min(you_count, 5.0), min(len(_THIRD_GROUP.findall(own_l)), 5.0),
        float(bool(_LAUGH.search(own_l))), min(own.count("!"), 3.0), rc, pc, rc * pc, overlap,
        math.log1p(words), math.log1p(par.words), float(words <= 6), disagree_first,
        marker_you, marker_they, info_question, parent_you, parent_insult_you, parent_challenge,
        because_open, negative_you, quote_endorse, info_answer,
    )
    return Features(values, tuple((k, tuple(v)) for k, v in phrases.items()))


# --- classifiers -----------------------------------------------------------------

#: Hand-set weights for :attr:`Method.RULES` (positive = toward agreement).
RULE_WEIGHTS: dict[str, float] = {
    "agree_open": 0.6, "agree": 0.6, "thanks": 0.5, "disagree_open": -0.7, "disagree": -0.5,
    "challenge": -0.6, "sarcasm": -0.3, "insult_you": -1.0, "concession": -0.4,
    "quote_rebuttal": -0.6, "quote_endorse": 0.6, "negation_flip": -0.35, "reply_compound": 0.15,
    "same_sentiment": 0.3,
}
RULE_THRESHOLD = 0.25
#: In :attr:`Method.COMBINED`, a rule score at least this far from zero decides the label.
#: Chosen on MaskMandate with cross-validation: lower values let the rules overrule the
#: model where it is more often right (0.5 costs 1.5 points of accuracy, 0.9 costs 0.3),
#: and a high value still lets unmistakable cues ("No, ...", a quote then "Thank you")
#: decide on their own.
OVERRIDE = 0.9
_LABELS = (RelationLabel.DISAGREE, RelationLabel.NEUTRAL, RelationLabel.AGREE)


@dataclass(frozen=True, slots=True)
class LinearModel:
    """A multinomial logistic regression over :data:`FEATURES` (standardised inputs)."""

    classes: tuple[RelationLabel, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[tuple[float, ...], ...]
    intercept: tuple[float, ...]
    meta: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        # probabilities() multiplies with map(), which would silently stop at the shorter side.
        n = len(FEATURES)
        if len(self.mean) != n or len(self.scale) != n or any(len(r) != n for r in self.coef):
            raise ValueError(f"relations model: every row needs {n} values, one per feature")

    def _check(self, values: Sequence[float]) -> None:
        # The arithmetic below runs through map(), which would silently stop at the shorter side.
        if len(values) != len(self.mean):
            raise ValueError(f"relations model: expected {len(self.mean)} feature values, got {len(values)}")

    def probabilities(self, values: Sequence[float]) -> dict[RelationLabel, float]:
        self._check(values)
        # map() does the same float operations in the same order as a comprehension, faster.
        x = list(map(operator.truediv, map(operator.sub, values, self.mean), self.scale))
        logits = [b + sum(map(operator.mul, row, x))
                  for row, b in zip(self.coef, self.intercept, strict=True)]
        top = max(logits)
        exps = [math.exp(v - top) for v in logits]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}

    def contributions(self, values: Sequence[float], label: RelationLabel,
                      names: Iterable[str] = FEATURES) -> dict[str, float]:
        """How far each feature in ``names`` (all by default) pushes toward ``label``: w * (v - m) / s."""
        self._check(values)
        row, mean, scale = self.coef[self.classes.index(label)], self.mean, self.scale
        out: dict[str, float] = {}
        for name in names:
            k = _FEATURE_INDEX[name]
            out[name] = row[k] * (values[k] - mean[k]) / scale[k]
        return out

    def to_dict(self) -> dict:
        return {"features": list(FEATURES), "classes": [c.value for c in self.classes],
                "mean": list(self.mean), "scale": list(self.scale),
                "coef": [list(r) for r in self.coef], "intercept": list(self.intercept),
                "meta": dict(self.meta)}

    @classmethod
    def from_dict(cls, d: dict) -> LinearModel:
        if tuple(d["features"]) != FEATURES:
            raise ValueError("relations model was trained on other features; retrain it with "
                             "scripts/train_relations.py")
        return cls(tuple(RelationLabel(c) for c in d["classes"]), tuple(d["mean"]), tuple(d["scale"]),
                   tuple(tuple(r) for r in d["coef"]), tuple(d["intercept"]),
                   tuple((str(k), str(v)) for k, v in d.get("meta", {}).items()))


MODEL_FILE = "relations_model.json"


@lru_cache(maxsize=1)
def model() -> LinearModel | None:
    """The shipped model, or ``None`` when the data file is missing (rules are used then)."""
    res = resources.files("threads").joinpath("data", MODEL_FILE)
    if not res.is_file():
        log.warning("no %s: relations fall back to the rules", MODEL_FILE)
        return None
    return LinearModel.from_dict(json.loads(res.read_text(encoding="utf-8")))


def _clip(phrase: str, limit: int = 60) -> str:
    if len(phrase) <= limit:
        return phrase
    return phrase[:limit].rsplit(" ", 1)[0] + "..."


def _cue_list(f: Features, names: Iterable[str]) -> tuple[str, ...]:
    by_name = dict(f.phrases)
    out: list[str] = []
    for name in names:
        for phrase in by_name.get(name, ()):
            cue = f"{name}: {_clip(phrase)}"
            if cue not in out:
                out.append(cue)
    return tuple(out[:8])


_ANSWER = FEATURES.index("answer_to_question")
_INFO_ANSWER = FEATURES.index("info_answer")


@lru_cache(maxsize=1)
def _rule_terms(weights: tuple[tuple[str, float], ...]) -> tuple[tuple[int, ...], tuple[float, ...]]:
    # Feature indices and their weights, in FEATURES order: features without a weight add
    # exactly 0.0, so leaving them out of the sum changes no bit of it.
    w = dict(weights)
    ks = tuple(k for k, name in enumerate(FEATURES) if w.get(name, 0.0) != 0.0)
    return ks, tuple(w[FEATURES[k]] for k in ks)


@lru_cache(maxsize=4)
def _rule_names(weights: tuple[tuple[str, float], ...], sign: int) -> list[str]:
    return [k for k, w in sorted(weights, key=lambda kw: -kw[1] * sign) if w * sign > 0]


def _rules(f: Features) -> Relation:
    values = f.values
    weights = tuple(RULE_WEIGHTS.items())
    ks, ws = _rule_terms(weights)
    # w * min(v, 2.0) for each weighted feature, summed in FEATURES order, as map() calls
    total = sum(map(operator.mul, ws, map(min, map(values.__getitem__, ks), repeat(2.0))))
    if values[_ANSWER] and abs(total) < RULE_THRESHOLD * 2:
        total = 0.0
    if values[_INFO_ANSWER] and abs(total) < OVERRIDE:
        total = 0.0
    score = max(-1.0, min(1.0, total))
    if score >= RULE_THRESHOLD:
        label = RelationLabel.AGREE
    elif score <= -RULE_THRESHOLD:
        label = RelationLabel.DISAGREE
    else:
        label = RelationLabel.NEUTRAL
    sign = 1 if label is RelationLabel.AGREE else -1
    names = _rule_names(weights, sign)
    if label is RelationLabel.NEUTRAL:
        names = ["info_answer", "answer_to_question"]
    return Relation(label, round(score, 4), _cue_list(f, names))


def _model(f: Features, lm: LinearModel) -> Relation:
    probs = lm.probabilities(f.values)
    label = max(probs, key=probs.__getitem__)
    # The cues are the phrases of the features that pushed toward the label, largest push
    # first (ties in FEATURES order). Only features with phrases can name one, so only
    # their pushes are worked out.
    cued = sorted(map(_FEATURE_INDEX.__getitem__, dict(f.phrases)))
    contrib = lm.contributions(f.values, label, [FEATURES[k] for k in cued])
    names = [k for k, v in sorted(contrib.items(), key=lambda kv: -kv[1]) if v > 0]
    score = probs.get(RelationLabel.AGREE, 0.0) - probs.get(RelationLabel.DISAGREE, 0.0)
    return Relation(label, round(score, 4), _cue_list(f, names))


def classify(parent_text: str, reply_text: str, reply_quotes: Iterable[str | Quote] = (),
             method: Method = Method.COMBINED) -> Relation:
    """The stance of ``reply_text`` toward ``parent_text``.

    Parameters
    ----------
    parent_text : str
        The comment replied to.
    reply_text : str
        The reply, quotations included (they are cues; they are not its own words).
    reply_quotes : iterable of str or Quote
        Spans of the reply known to quote someone (``Comment.quotes``).
    method : Method
        :attr:`Method.COMBINED` (default: decisive rules, else the model),
        :attr:`Method.MODEL` or :attr:`Method.RULES`. Without the model's data file
        the rules decide.

    Returns
    -------
    Relation
        Label, score in [-1, 1] (positive = agreement) and the cues behind the label.

    Examples
    --------
    >>> classify("Masks work.", "I agree, good point.").label.value
    'agree'
    >>> classify("The convoy reached its target.", "No, it did not reach its target.").label.value
    'disagree'
    """
    quotes = [q.text if isinstance(q, Quote) else q for q in reply_quotes]
    return _decide(features(parent_text, reply_text, quotes), method)


def _decide(f: Features, method: Method) -> Relation:
    """The relation ``method`` reads off the cue values ``f`` (see :func:`classify`)."""
    lm = model() if method is not Method.RULES else None
    if lm is None:
        return _rules(f)
    if method is Method.COMBINED:
        ruled = _rules(f)
        # Decisive explicit cues, and a plain answer to a request for information
        # (neutral: informing is not agreeing), are the rules' call.
        if abs(ruled.score) >= OVERRIDE or f.values[_INFO_ANSWER]:
            return ruled
    return _model(f, lm)


# A parent's index in Thread.comments and the indices of its replies, in page order.
_Group = tuple[int, tuple[int, ...]]


def _reply_groups(comments: Sequence[Comment]) -> list[_Group]:
    """Every reply with a parent in ``comments``, grouped by parent, parents in tree order.

    Grouping lets each parent's cues be worked out once for all its replies. Tree order
    (depth first from each comment not yet reached, so cycles are covered too) puts a
    comment's own replies soon after the pair where it is the reply, mostly in the same
    worker's range, so the cues of its text found then are still at hand.
    """
    index = {c.id: k for k, c in enumerate(comments)}  # the last of equal ids, as comments_by_id
    children: dict[int, list[int]] = {}
    for k, c in enumerate(comments):
        if c.parent is not None and c.parent in index:
            children.setdefault(index[c.parent], []).append(k)
    groups: list[_Group] = []
    seen = [False] * len(comments)
    for start in range(len(comments)):
        if seen[start]:
            continue
        seen[start] = True
        stack = [start]
        while stack:
            k = stack.pop()
            replies = children.get(k)
            if replies:
                groups.append((k, tuple(replies)))
                for r in reversed(replies):
                    if not seen[r]:
                        seen[r] = True
                        stack.append(r)
    return groups


def _score_groups(comments: Sequence[Comment], groups: Sequence[_Group], method: Method) -> list[Relation]:
    """The relation of every reply in ``groups``, in their order."""
    to_come = {p for p, _replies in groups}  # parents whose replies are not scored yet
    # The cues of the own words of replies that are parents too, until their replies come.
    kept: dict[int, _TextCues] = {}
    out: list[Relation] = []
    for p, replies in groups:
        to_come.discard(p)
        parent = comments[p]
        text = normalize_quotes(parent.text)
        cues = kept.pop(p, None)
        if cues is None or cues.text != text:  # it was not a reply, or it quotes someone
            cues = _text_cues(text, parent.tone)
        par = _parent_of(cues)
        for r in replies:
            c = comments[r]
            raw = normalize_quotes(c.text)
            quotes = [normalize_quotes(q.text) for q in c.quotes]
            own = _text_cues(own_words(raw, quotes, [par.text]), c.tone)
            if r in to_come:
                kept[r] = own
            out.append(_decide(_features(par, raw, quotes, own), method))
    return out


# Set in each worker process by _init_worker: the thread's comments, its reply groups and
# the method, so a worker is sent index ranges into the groups (the comments are inherited,
# not pickled, where processes fork) and sends back plain tuples.
_JOB: tuple[Sequence[Comment], Sequence[_Group], Method] = ((), (), Method.COMBINED)
_LABEL_BY_VALUE = {label.value: label for label in RelationLabel}


def _init_worker(comments: Sequence[Comment], groups: Sequence[_Group], method: Method) -> None:
    global _JOB
    _JOB = (comments, groups, method)


def _worker_range(bounds: tuple[int, int]) -> list[tuple[str, float, tuple[str, ...]]]:
    comments, groups, method = _JOB
    start, stop = bounds
    return [(r.label.value, r.score, r.cues) for r in _score_groups(comments, groups[start:stop], method)]


def score_relations(thread: Thread, method: Method = Method.COMBINED, workers: int | None = None) -> Thread:
    """Set ``Comment.relation`` on every comment that has a parent in ``thread``.

    Top-level comments and comments whose parent is missing keep ``relation=None``.
    Sentences the tone stage already scored (``Comment.tone``) are not scored again.

    Parameters
    ----------
    thread : Thread
        Any thread.
    method : Method
        See :func:`classify`.
    workers : int, optional
        Worker processes; by default as :func:`~threads.score.tone.default_workers` says
        (all cores for more than a few thousand replies, else one).

    Examples
    --------
    >>> from threads.model import Comment, Thread
    >>> t = Thread(id="t", comments=(Comment("c1", "s1", "Is it raining?"),
    ...     Comment("c2", "s2", "Thank you, good point.", parent="c1")))
    >>> [c.relation and c.relation.label.value for c in score_relations(t).comments]
    [None, 'agree']
    """
    comments = list(thread.comments)
    groups = _reply_groups(comments)
    if not groups:
        return thread
    replies = [r for _p, rs in groups for r in rs]
    if workers is None:
        workers = default_workers(len(replies))
    if workers <= 1:
        relations = _score_groups(comments, groups, method)
    else:
        size = max(150, len(groups) // (workers * 8) + 1)
        log.info("classifying %d replies in %d processes", len(replies), workers)
        relations = []
        with ProcessPoolExecutor(max_workers=workers, mp_context=pool_context(), initializer=_init_worker,
                                 initargs=(thread.comments, groups, method)) as pool:
            ranges = [(k, min(len(groups), k + size)) for k in range(0, len(groups), size)]
            for part in pool.map(_worker_range, ranges):
                relations.extend(Relation(_LABEL_BY_VALUE[v], score, cues) for v, score, cues in part)
    for k, rel in zip(replies, relations, strict=True):
        comments[k] = replace(comments[k], relation=rel)
    return replace(thread, comments=tuple(comments))


# --- evaluation ----------------------------------------------------------------

#: Label codes of the (quote_text, response_text, relation) CSVs of Lei & Huang (2022).
CSV_LABELS = {"0": RelationLabel.DISAGREE, "1": RelationLabel.NEUTRAL, "2": RelationLabel.AGREE}


def read_pairs(path: str | Path) -> list[tuple[str, str, RelationLabel]]:
    """Labelled pairs from a CSV with ``quote_text``, ``response_text``, ``relation`` (0/1/2)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    text = decode(path.read_bytes(), str(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    need = {"quote_text", "response_text", "relation"}
    if reader.fieldnames is None or not need <= set(reader.fieldnames):
        raise InputError(f"{path}: expected CSV columns quote_text, response_text, relation; "
                         f"found {reader.fieldnames}")
    pairs = []
    for n, row in enumerate(reader, start=2):
        code = (row["relation"] or "").strip()
        if code not in CSV_LABELS:
            raise InputError(f"{path}, record ending line {n}: relation {code!r} is not 0, 1 or 2")
        pairs.append((row["quote_text"] or "", row["response_text"] or "", CSV_LABELS[code]))
    if not pairs:
        raise InputError(f"{path}: no labelled pairs")
    return pairs


@dataclass(frozen=True, slots=True)
class ClassScores:
    label: RelationLabel
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Accuracy, macro-F1, per-class scores and the confusion matrix (rows = truth)."""

    source: str
    method: Method
    pairs: int
    accuracy: float
    macro_f1: float
    classes: tuple[ClassScores, ...]
    confusion: tuple[tuple[int, ...], ...]
    labels: tuple[RelationLabel, ...] = field(default=_LABELS)

    def to_dict(self) -> dict:
        return {
            "source": self.source, "method": self.method.value, "pairs": self.pairs,
            "accuracy": round(self.accuracy, 4), "macro_f1": round(self.macro_f1, 4),
            "classes": {c.label.value: {"precision": round(c.precision, 4), "recall": round(c.recall, 4),
                                        "f1": round(c.f1, 4), "support": c.support}
                        for c in self.classes},
            "confusion": {"labels": [lab.value for lab in self.labels],
                          "rows_truth_cols_predicted": [list(r) for r in self.confusion]},
        }


def scores(truth: Sequence[RelationLabel], predicted: Sequence[RelationLabel], source: str = "",
           method: Method = Method.COMBINED) -> EvalReport:
    """An :class:`EvalReport` from parallel lists of true and predicted labels."""
    idx = {lab: k for k, lab in enumerate(_LABELS)}
    matrix = [[0] * len(_LABELS) for _ in _LABELS]
    for t, p in zip(truth, predicted, strict=True):
        matrix[idx[t]][idx[p]] += 1
    classes = []
    for lab, k in idx.items():
        tp = matrix[k][k]
        col = sum(row[k] for row in matrix)
        support = sum(matrix[k])
        precision = tp / col if col else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes.append(ClassScores(lab, precision, recall, f1, support))
    n = len(truth)
    accuracy = sum(matrix[k][k] for k in range(len(_LABELS))) / n if n else 0.0
    macro = sum(c.f1 for c in classes) / len(classes)
    return EvalReport(source, method, n, accuracy, macro, tuple(classes),
                      tuple(tuple(r) for r in matrix))


def evaluate_pairs(path: str | Path, method: Method = Method.COMBINED) -> EvalReport:
    """Classify every labelled pair in ``path`` and score the result.

    Parameters
    ----------
    path : str or Path
        CSV with ``quote_text``, ``response_text`` and ``relation`` (0 = disagree,
        1 = neutral, 2 = agree), in any encoding :func:`threads.encoding.decode` reads.
    method : Method
        The classifier to score.

    Raises
    ------
    InputError
        Missing file, wrong columns, or a label outside 0/1/2.
    """
    pairs = read_pairs(path)
    predicted = [classify(q, r, method=method).label for q, r, _ in pairs]
    return scores([t for _, _, t in pairs], predicted, source=str(path), method=method)


def report_as_text(report: EvalReport) -> str:
    """The report as a small table for people."""
    lines = [
        f"{report.source}: {report.pairs} pairs, method {report.method.value}",
        f"accuracy  {report.accuracy:.3f}",
        f"macro-F1  {report.macro_f1:.3f}",
        "",
        f"{'class':<10}{'precision':>10}{'recall':>10}{'F1':>10}{'support':>10}",
    ]
    for c in report.classes:
        lines.append(f"{c.label.value:<10}{c.precision:>10.3f}{c.recall:>10.3f}{c.f1:>10.3f}{c.support:>10}")
    lines += ["", "confusion (rows = truth, columns = predicted)",
              " " * 10 + "".join(f"{lab.value:>10}" for lab in report.labels)]
    for lab, row in zip(report.labels, report.confusion, strict=True):
        lines.append(f"{lab.value:<10}" + "".join(f"{v:>10}" for v in row))
    return "\n".join(lines)
