"""How people are named on a comment page: author lines, signatures, salutations.

Everything here looks at one paragraph at a time and knows no one in advance;
deciding who is who across the page is :mod:`threads.reconstruct.speakers`' job.

Not supported: salutations in the middle of a paragraph ("..., as Ann said,"),
and author lines longer than six words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from threads.reconstruct.textutil import STOPWORDS

# Forms of address that name the blog's author without naming them.
TITLES = frozenset("""
colonel col general gen major maj captain capt admiral commander professor prof doctor dr doc sir madam
madame ma'am judge senator ambassador father rabbi reverend rev pastor teacher master boss chief
mr. mrs. ms. herr frau monsieur
""".split())
# Name particles that may stay lower-case inside a name ("Sofia in Lisbon", "Ludwig van Beethoven").
PARTICLES = frozenset("in of the de da di del der den van von la le al el bin ibn y and from at on".split())
# One-line paragraphs that are short replies, never names.
NOT_NAMES = frozenset("""
thanks thank thx agreed agree exactly indeed yes no nope yep wow lol ok okay right true false amen bravo
nonsense rubbish correct wrong sure hmm ha haha update edit ps p.s. nice great excellent interesting
""".split())

POSTED_BY = re.compile(r"^\s*(?:posted|written|comment)\s+by\s*:?\s*(?P<name>[^|\n]{1,60}?)\s*(?:\||$)",
                       re.IGNORECASE)
SAYS = re.compile(r"^\s*(?P<name>[^\n]{1,50}?)\s+(?:says|said|wrote|writes|sagt|schreibt|dit|dice)\s*:?\s*$",
                  re.IGNORECASE)
# "Name -", "Name —", "Name,", "Name:" alone on a line, or "@Name".
SALUTATION_LINE = re.compile(r"^\s*@?(?P<names>[^\n]{1,60}?)\s*(?:[-–—:,]+|\s-)\s*$")
# "Name - text" / "@Name text" at the start of a line.
SALUTATION_INLINE = re.compile(
    r"^\s*@?(?P<names>[A-Za-z][\w.'’]*(?:\s+[\w.'’]+){0,3}?)\s*(?:\s[-–—]\s|,\s|:\s)")
# "Hi Gemma,", "Dear Ann and Bob!", "Thanks Bebs -": a greeting that names the addressee.
GREETING = re.compile(
    r"^\s*(?i:hi|hello|hey|hiya|dear|thanks|thank you|thx|many thanks|congrats|good morning|"
    r"hallo|hi there|liebe|lieber|moin|servus|bonjour|salut|hola|ciao)\s*,?\s+"
    r"@?(?P<names>[A-Z][\w.'’\-]*(?:\s+(?:and|&|und)\s+[A-Z][\w.'’\-]*|\s+[A-Z][\w.'’\-]*){0,3})"
    r"\s*(?:[,!:.\-–—]|$)")
AT_MENTION = re.compile(r"^\s*@(?P<names>[\w.\-]{1,30})\b")
MT_MARKER = re.compile(r"^\s*[>＞]\s*(?P<names>[^\n]{1,40}?)\s*(?:さん|様|san)?\s*$")
UNNAMED_ADDRESS = re.compile(
    r"^\s*(?:to\s+(?:the|that|those|whoever|anyone|everyone)\b[^.]*?\b(?:who|that)\b"
    r"|to\s+(?:the\s+)?(?:person|commenter|poster|reader)s?\b"
    r"|whoever\s+(?:wrote|sent|said)\b)",
    re.IGNORECASE,
)
NAME_SPLIT = re.compile(r"\s*(?:,|&|\band\b|\+|/)\s*", re.IGNORECASE)
BYLINE = re.compile(r"^\s*(?:by|from|submitted by|von|par|por)\s+\S", re.IGNORECASE)
SENTENCE_END = re.compile(r"[.!?;:…]['\"”’)]*\s*$")
QUOTE_CHARS = "\"“”«»„"


@dataclass(frozen=True, slots=True)
class Salutation:
    """Who a comment opens by addressing, and the text that did it."""

    names: tuple[str, ...]
    text: str  # the salutation as written, kept out of the comment's words
    own_line: bool  # a paragraph of its own ("Colonel -") rather than "Name - text"


def is_namelike_token(tok: str) -> bool:
    """Capitalised, camel-cased, a name particle, or a short lower-case handle ("b", "mike")."""
    t = tok.strip(".'’")
    if not t:
        return False
    if t.lower() in PARTICLES or t[0].isupper() or any(ch.isupper() for ch in t[1:]):
        return True
    return t.isalnum() and len(t) <= 15


def looks_like_name(text: str) -> bool:
    """Could this one-line paragraph be a commenter's display name?

    >>> looks_like_name("The Quiet Observer"), looks_like_name("Thanks!"), looks_like_name("What's next?")
    (True, False, False)
    """
    s = text.strip()
    if not s or "\n" in s or len(s) > 40:
        return False
    if SENTENCE_END.search(s) or s[0] in QUOTE_CHARS or s[-1] in QUOTE_CHARS + ",-–—":
        return False
    if re.search(r"\d{4}|\(|\)|https?:|www\.|[!?;]", s):
        return False
    toks = s.split()
    if not 1 <= len(toks) <= 6:
        return False
    if s.lower() in NOT_NAMES or toks[0].lower() in NOT_NAMES:
        return False
    if BYLINE.match(s):
        return False
    if any(t.lower() == "and" for t in toks) or "&" in s:
        return False  # "A and B" is a salutation to two people, not one author
    lowered = [t.lower() for t in toks]
    if all(t in STOPWORDS or t in PARTICLES for t in lowered):
        return False
    if len(toks) == 1:
        return bool(re.fullmatch(r"[\w.\-’']{1,25}", s)) and s.lower() not in STOPWORDS
    content = [t for t in toks if t.lower() not in PARTICLES]
    if not content or not all(t[0].isupper() or t[0].isdigit() for t in content):
        return False
    # a short capitalised line with a verb-like stop word reads as a sentence fragment
    return not any(t in {"is", "are", "was", "were", "be", "not", "i", "you", "it"} for t in lowered)


def posted_by(text: str) -> str | None:
    """The name in a "Posted by: Name | date" footer or a "Name says:" header."""
    m = POSTED_BY.match(text) or SAYS.match(text)
    if m and "\n" not in text.strip():
        name = m.group("name").strip()
        return name or None
    return None


GREETING_WORD = re.compile(r"^(?:hi|hello|hey|hiya|dear|thanks|thank you|thx|hallo|liebe|lieber|moin|"
                           r"servus|bonjour|salut|hola|ciao)\b[\s,]*", re.IGNORECASE)


def _split_names(raw: str) -> tuple[str, ...]:
    raw = GREETING_WORD.sub("", raw.strip())  # "Hi Ann," names Ann
    parts = [p.strip(" @.") for p in NAME_SPLIT.split(raw) if p.strip(" @.")]
    return tuple(parts)


def _names_plausible(names: tuple[str, ...]) -> bool:
    if not names or len(names) > 4:
        return False
    for n in names:
        toks = n.split()
        if not 1 <= len(toks) <= 4 or len(n) > 30:
            return False
        if n.lower() in NOT_NAMES or (len(toks) == 1 and n.lower() in STOPWORDS and n.lower() not in TITLES):
            return False
        if not all(is_namelike_token(t) for t in toks):
            return False
        content = [t for t in toks if t.lower() not in PARTICLES]
        if not content:
            return False
    return True


def salutation(first_paragraph: str) -> Salutation | None:
    """The salutation a comment opens with, if any.

    >>> salutation("Colonel -").names, salutation("MR and q").names
    (('Colonel',), ('MR', 'q'))
    >>> salutation("Sofia in Lisbon,\\n").names
    ('Sofia in Lisbon',)
    >>> salutation("However, I think not.") is None
    True
    """
    first_line = first_paragraph.strip().split("\n", 1)[0]
    whole = first_paragraph.strip()
    m = MT_MARKER.match(first_line)
    if m and first_line.lstrip()[0] in ">＞":
        names = _split_names(m.group("names"))
        if names:
            return Salutation(names, first_line.strip(), True)
    if "\n" not in whole:
        m = SALUTATION_LINE.match(whole)
        if m:
            names = _split_names(m.group("names"))
            if _names_plausible(names):
                return Salutation(names, whole, True)
        # "MR and q" alone on a line: a salutation to several people
        if re.search(r"\s(?:and|&)\s", whole) and not SENTENCE_END.search(whole):
            names = _split_names(whole)
            if len(names) >= 2 and _names_plausible(names) and all(len(n.split()) <= 3 for n in names):
                return Salutation(names, whole, True)
    m = AT_MENTION.match(first_line)
    if m:
        return Salutation((m.group("names"),), "@" + m.group("names"), False)
    m = GREETING.match(first_line)
    if m:
        names = _split_names(m.group("names"))
        if _names_plausible(names):
            # the greeting stays in the text: "Thanks Ann, good point" is part of what was said
            return Salutation(names, "", False)
    return None


def inline_salutation(line: str) -> Salutation | None:
    """A salutation opening a line of running text ("Ann - I posted this ...").

    The caller must check the names against people known on the page: "However, ..."
    matches the pattern too.
    """
    m = SALUTATION_INLINE.match(line)
    if not m:
        return None
    names = _split_names(m.group("names"))
    if not _names_plausible(names):
        return None
    return Salutation(names, m.group(0).strip(), False)


def addresses_unnamed(text: str) -> bool:
    """Opens by addressing someone not named ("To the person who wrote ...")."""
    return bool(UNNAMED_ADDRESS.match(text))


SIGNATURE = re.compile(
    r"(?:^|(?<=[.!?\"”)\]])\s+|\n\s*[-–—~]*\s*|\s[-–—~]+\s*)"
    r"(?P<sig>[A-Za-z]{1,3}|[A-Z]\.\s?[A-Z]\.?(?:\s?[A-Z]\.?)?)\s*$"
)
COMMON_SHORT = frozenset("""
a i it is me so to be by do go he if in my no of on or up us we am an as at ok too now yes yet not was
are but can did get got had has her him his how its let may nor off one our out own say see she the two
who why you all any few new old per via etc lol imo tia ps lmao omg btw
""".split())


def signature(paragraph: str) -> str | None:
    """A short signature closing ``paragraph`` (initials after the last sentence), if any.

    >>> signature("I would expect that this went through that process. jk")
    'jk'
    >>> signature("That senator knows nothing. JK")
    'JK'
    >>> signature("It was a good point.") is None
    True
    """
    text = paragraph.rstrip()
    m = SIGNATURE.search(text)
    if not m:
        return None
    sig = m.group("sig")
    key = normalise_signature(sig)
    if not key or key in COMMON_SHORT:
        return None
    if m.start() == 0 and "\n" not in text:
        return None  # a paragraph that is nothing but two letters is a name line or a reply, not a signature
    return sig


def normalise_signature(sig: str) -> str:
    return re.sub(r"[\s.]", "", sig).lower()


def strip_signature(paragraph: str, sig: str) -> str:
    """``paragraph`` without its closing signature ``sig``."""
    text = paragraph.rstrip()
    m = SIGNATURE.search(text)
    if m and normalise_signature(m.group("sig")) == normalise_signature(sig):
        return text[: m.start()].rstrip(" -–—~\n")
    return text


def is_title(name: str) -> bool:
    return name.strip(" .").lower() in TITLES or name.strip().lower() in TITLES
