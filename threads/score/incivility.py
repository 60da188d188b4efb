"""Incivility: name-calling, contempt, profanity and shouting in a comment's own words.

:func:`incivility` returns a score in [0, 1] and the terms that triggered it. The
word list lives in ``threads/data/incivility.txt`` (categories with weights and the
reasons for them). A hit counts more when it is aimed at a person or their group
(a second-person word, a third-person pronoun or a capitalised name just before it,
or "you" right after it as in "idiot, you...") and less when it is aimed at an idea
("the moronic idea", "that notion is just stupid"). Shouting is an all-caps word of
four letters or more that is not a known acronym.

Not supported, and so missed: sarcasm and faint praise ("I thought you were one of
the sane people here"), dog whistles and coded slurs, identity slurs (not listed on
purpose), misspelt or masked swearing ("f*ck", "a$$"), insults built from ordinary
words ("you have the reasoning of a goldfish"), and every language but English.
Quoted words are the caller's business: score the commenter's own words only.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

__all__ = ["incivility", "Lexicon", "lexicon"]

# How much a hit's weight is scaled by whom it is aimed at.
PERSON_BOOST = 1.6
GROUP_BOOST = 1.3
IDEA_DAMPING = 0.6
SHOUT_WEIGHT = 0.08
SHOUT_MAX_WORDS = 4

_SECOND_PERSON = frozenset(
    "you your you're youre yours yourself yourselves you've you'd you'll ya u ur".split())
_THIRD_PERSON = frozenset("he she they him her them his their these those people guy guys folks".split())
_FIRST_PERSON = frozenset("i i'm im me my myself".split())
_IDEA_NOUNS = frozenset(
    "idea ideas notion notions argument arguments theory theories claim claims belief beliefs "
    "policy policies point points comment comments statement statements take logic reasoning "
    "thing things decision decisions rule rules law laws mandate mandates question questions "
    "article post plan proposal premise assumption narrative story excuse analogy".split())
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_NAME_STOP = frozenset(
    "I The A An This That These Those It He She They We You And But Or So If When Then "
    "What Why How Who Is Are Was Were Do Does Did Not No Yes Well Now".split())


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Compiled incivility lexicon: one regex per category and the acronym list."""

    categories: tuple[tuple[str, float, re.Pattern[str]], ...]
    acronyms: frozenset[str]


def _term_pattern(term: str) -> str:
    parts = []
    for word in term.split():
        prefix = word.endswith("*")
        word = word.rstrip("*")
        esc = re.escape(word).replace("'", "['’]")
        parts.append(esc + (r"[\w'’-]*" if prefix else ""))
    return r"\s+".join(parts)


def _parse(text: str) -> Lexicon:
    sections: dict[tuple[str, float], list[str]] = {}
    current: tuple[str, float] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            name, weight = line[1:-1].split()
            current = (name, float(weight))
            sections.setdefault(current, [])
            continue
        if current is None:
            raise ValueError(f"incivility lexicon: term {line!r} before any [category weight] header")
        sections[current].append(line)
    acronyms: frozenset[str] = frozenset()
    cats = []
    for (name, weight), terms in sections.items():
        if name == "acronym":
            acronyms = frozenset(t.upper() for t in terms)
            continue
        # Longest first so "piece of shit" wins over "shit".
        alternation = "|".join(_term_pattern(t) for t in sorted(set(terms), key=len, reverse=True))
        cats.append((name, weight, re.compile(rf"(?<![\w'’-])(?:{alternation})(?![\w'’-])",
                                              re.IGNORECASE)))
    return Lexicon(tuple(cats), acronyms)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The packaged lexicon (``threads/data/incivility.txt``), read once."""
    text = resources.files("threads").joinpath("data", "incivility.txt").read_text(encoding="utf-8")
    return _parse(text)


def _target(tokens: list[str], lowers: list[str], start: int, end: int) -> float:
    """Scale for a hit spanning tokens [start, end): person > group > unknown > idea."""
    before = lowers[max(0, start - 4):start]
    after = lowers[end:end + 2]
    if any(w in _SECOND_PERSON for w in before) or (after and after[0] in _SECOND_PERSON):
        return PERSON_BOOST
    if after and after[0] in _IDEA_NOUNS or any(w in _IDEA_NOUNS for w in lowers[max(0, start - 3):start]):
        return IDEA_DAMPING
    if any(w in _FIRST_PERSON for w in lowers[max(0, start - 3):start]):
        return IDEA_DAMPING  # self-deprecation ("I'm an idiot for ...") hurts no one else
    if any(w in _THIRD_PERSON for w in before):
        return GROUP_BOOST
    # A name just before the insult ("Smith is a dumbbell"): capitalised, not sentence-initial
    # function word.
    for k in range(max(0, start - 3), start):
        tok = tokens[k]
        if tok[:1].isupper() and not tok.isupper() and tok not in _NAME_STOP:
            return PERSON_BOOST
    return 1.0


def _shouting(tokens: list[str], acronyms: frozenset[str]) -> list[str]:
    words = [t for t in tokens if t.isalpha()]
    shouted = [t for t in words if len(t) >= 4 and t.isupper() and t.upper() not in acronyms]
    # A comment typed entirely in capitals is shouting even if each word is short.
    if len(words) >= 4 and all(w.isupper() for w in words):
        shouted = [w for w in words if len(w) >= 2 and w not in acronyms]
    return shouted


def incivility(text: str, lex: Lexicon | None = None) -> tuple[float, tuple[str, ...]]:
    """Score how uncivil ``text`` is, in [0, 1], with the terms that triggered it.

    Parameters
    ----------
    text : str
        The commenter's own words (quotes of others removed).
    lex : Lexicon, optional
        A lexicon other than the packaged one.

    Returns
    -------
    (float, tuple of str)
        The score and the triggering terms in order of appearance (lower case,
        except shouted words, which keep their capitals).

    Examples
    --------
    >>> incivility("Thanks, that is a fair point.")
    (0.0, ())
    >>> score, terms = incivility("You are an idiot.")
    >>> terms, score > 0.5
    (('idiot',), True)
    """
    lex = lex or lexicon()
    matches = list(_WORD.finditer(text))
    if not matches:
        return 0.0, ()
    tokens = [m.group() for m in matches]
    lowers = [t.lower().replace("’", "'") for t in tokens]
    starts = [m.start() for m in matches]
    hits: list[tuple[int, str, float]] = []
    taken: list[tuple[int, int]] = []
    for _name, weight, pattern in lex.categories:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # "bullshit" is listed twice; count a span once
            taken.append((m.start(), m.end()))
            first = bisect.bisect_right(starts, m.start()) - 1
            last = bisect.bisect_left(starts, m.end())
            scale = _target(tokens, lowers, max(first, 0), max(last, first + 1))
            hits.append((m.start(), " ".join(m.group().lower().split()), min(0.95, weight * scale)))
    listed = {term for _pos, term, _w in hits}
    shouted = [w for w in _shouting(tokens, lex.acronyms) if w.lower() not in listed]
    for word in shouted[:SHOUT_MAX_WORDS]:
        hits.append((text.find(word), word, SHOUT_WEIGHT))
    if not hits:
        return 0.0, ()
    hits.sort()
    keep = 1.0
    terms: list[str] = []
    for _pos, term, w in hits:
        keep *= 1.0 - w
        if term not in terms:
            terms.append(term)
    return round(1.0 - keep, 4), tuple(terms)
