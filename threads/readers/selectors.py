"""Where each blogging platform puts the parts of a comment: CSS selectors kept as data.

The logic that uses these tables lives in :mod:`threads.readers.html`; adding a
platform (or a theme that moves things) means adding a row here, not code there.
Selectors are CSS as soupsieve reads it. A :data:`Pick` is ``(selector, attribute)``:
the attribute's value, or the element's text when the attribute is ``None``.

The rows were written against real saved pages: WordPress (lemire.me, foxyfolksy.com,
netzpolitik.org; the default ``html5`` and ``xhtml`` comment markup of ``wp_list_comments``),
Blogger (the threaded ``comment-thread`` markup of blogspot templates) and Typepad
(``div.comment`` with a ``Posted by:`` footer, the markup of Typepad's classic themes).

Not covered: Blogger's pre-2012 flat ``dl#comments-block`` (a comment there is a
``dt``/``dd`` pair of siblings, not an element), Disqus or Facebook comment
widgets (their comments are loaded by JavaScript and are not in a saved page), and
Typepad's reply links (Typepad shows replies flat; the page gives no parent).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Pick", "PageSelectors", "PlatformSelectors", "PAGE", "PLATFORMS", "GENERIC"]

Pick = tuple[str, "str | None"]


@dataclass(frozen=True, slots=True)
class PageSelectors:
    """The post a comment section belongs to: first non-empty pick wins."""

    title: tuple[Pick, ...]
    url: tuple[Pick, ...]
    published: tuple[Pick, ...]
    site: tuple[Pick, ...]
    post_author: tuple[Pick, ...]  # the post author's display name
    post_author_login: tuple[Pick, ...]  # an author-page link, login taken by ``login_pattern``
    login_pattern: str  # regex, group 1 = the login in an author-page URL
    post_id: tuple[Pick, ...]


@dataclass(frozen=True, slots=True)
class PlatformSelectors:
    """One platform's comment markup.

    Every selector inside a comment is matched against that comment's own parts
    only: an element that belongs to a nested reply is never taken for its parent's.
    """

    platform: str
    comment: str  # every comment's container element
    author: tuple[Pick, ...]  # the commenter's name
    author_patterns: tuple[str, ...]  # regexes (group 1 = name) for names inside a label ("Posted by: X |")
    text: tuple[str, ...]  # the comment body; an empty string means the container itself
    drop: str  # inside the body: never the commenter's words (reply links, avatars, "says:", dates)
    date: tuple[Pick, ...]  # the comment's date
    date_epoch_ms: str | None  # regex (group 1 = milliseconds since 1970) on a date pick's value
    id_attr: str  # attribute holding the comment's id
    id_pattern: str  # regex, group 1 = the source id kept in Comment.source_id
    children: str | None  # the element holding a comment's replies (None: replies are not nested)
    parent_attr: str | None  # attribute naming the parent's id, for markup that lists replies flat
    depth_class: str | None  # regex on a class, group 1 = the nesting depth the page claims (1 = top level)
    host_marker: str | None  # matches the comment (or one of its own parts) when the post author wrote it
    host_login_prefix: str | None  # class prefix + login of the commenter (WordPress comment-author-<login>)
    title: tuple[Pick, ...]  # the post title as this platform marks it (tried before PAGE.title)


PAGE = PageSelectors(
    title=(
        ("meta[property='og:title']", "content"),
        ("meta[name='twitter:title']", "content"),
        ("title", None),
    ),
    url=(
        ("link[rel~='canonical']", "href"),
        ("meta[property='og:url']", "content"),
    ),
    published=(
        ("meta[property='article:published_time']", "content"),
        ("meta[itemprop='datePublished']", "content"),
        ("article time.entry-date.published", "datetime"),
        ("time.entry-date.published", "datetime"),
        ("abbr.published", "title"),
        (".date-header", None),
    ),
    site=(("meta[property='og:site_name']", "content"),),
    post_author=(
        ("meta[name='author']", "content"),
        ("meta[itemprop='author']", "content"),
        ("article .byline a[rel~='author']", None),
        (".post-author .fn", None),
        (".post-author-name", None),
    ),
    post_author_login=(
        ("article .byline a[rel~='author']", "href"),
        ("article .entry-meta a[rel~='author']", "href"),
        (".byline a[rel~='author']", "href"),
        ("a[rel~='author']", "href"),
    ),
    login_pattern=r"/author/([^/?#]+)",
    post_id=(
        ("input[name='comment_post_ID']", "value"),
        ("meta[itemprop='postId']", "content"),
    ),
)

_DATE_TEXT = ".comment-metadata, .comment-meta, .commentmetadata, time"

WORDPRESS = PlatformSelectors(
    platform="wordpress",
    comment="li.comment, div.comment, article.comment",
    author=(
        (".comment-author .fn", None),
        (".comment-author cite", None),
        (".comment-author-name", None),
        (".comment-author", None),
    ),
    # the whole .comment-author block reads "Ann says:" (or "sagt:", "dit :") where no .fn is marked
    author_patterns=(r"^(.+?)\s+(?:says|sagt|schreibt|dit|dice|scrive|zegt|skriver)\s*:?$",),
    text=(".comment-content", ".comment-text", ".comment-body", ""),
    drop=(".comment-author, .comment-meta, .comment-metadata, .commentmetadata, .reply, "
          ".comment-reply-link, .says, .avatar, .comment-awaiting-moderation, .edit-link, "
          ".sharedaddy, ol.children, ul.children, div.children"),
    date=(("time", "datetime"), (".comment-metadata a", None), (".commentmetadata a", None)),
    date_epoch_ms=None,
    id_attr="id",
    id_pattern=r"^(?:li-|div-)?comment-(\d+)$",
    children="ol.children, ul.children, div.children",
    parent_attr=None,
    depth_class=r"^depth-(\d+)$",
    host_marker=".bypostauthor",
    host_login_prefix="comment-author-",
    title=(("h1.entry-title", None), ("h1.post-title", None)),
)

BLOGGER = PlatformSelectors(
    platform="blogger",
    comment="li.comment",
    author=(("cite.user", None), (".comment-header .user", None)),
    author_patterns=(),
    text=(".comment-content",),
    drop=".comment-actions, .comment-reply, .item-control, .datetime, .avatar-image-container",
    date=((".datetime a", "href"), (".datetime", None)),
    date_epoch_ms=r"showComment=(\d{12,14})",
    id_attr="id",
    id_pattern=r"^(c\d+)$",
    children="div.comment-replies, .inline-thread",
    parent_attr=None,
    depth_class=None,
    host_marker=".blog-author",
    host_login_prefix=None,
    title=(("h1.post-title", None), ("h3.post-title", None), (".post-title.entry-title", None)),
)

TYPEPAD = PlatformSelectors(
    platform="typepad",
    comment="div.comment",
    author=(
        (".comment-header .comment-author", None),
        (".comment-footer", None),
        (".comment-header", None),
        (".comment-avatar img", "alt"),
    ),
    author_patterns=(r"Posted by:\s*(.+?)\s*(?:\||$)", r"^(.+?)\s+(?:said|says|wrote)\b"),
    text=(".comment-content", ".comment-body"),
    drop=".comment-footer, .comment-header, .comment-avatar, .comment-reply-link, .reply",
    date=((".comment-footer a[href*='#comment-']", None), ("abbr.published", "title")),
    date_epoch_ms=None,
    id_attr="id",
    id_pattern=r"^(?:comment-|c)([0-9a-f]{6,}|\d+)$",
    children=None,
    parent_attr=None,
    depth_class=None,
    host_marker=None,  # classic Typepad markup does not mark the blog author's comments
    host_login_prefix=None,
    title=(("h3.entry-header", None), ("h2.entry-header", None), (".entry-header a", None)),
)

# Tried in this order; on a tie in matched comments the earlier row wins.
PLATFORMS: tuple[PlatformSelectors, ...] = (WORDPRESS, BLOGGER, TYPEPAD)


@dataclass(frozen=True, slots=True)
class GenericHints:
    """Words that mark parts of a comment section in markup no row above describes."""

    region: str  # regex on id/class: the comment section
    chrome: str  # regex on id/class: page furniture that is never the comment section
    authorish: str  # regex on class/itemprop: an element naming the commenter
    noise: str  # regex on class: parts of a comment that are not its words
    reply_words: str  # regex on a link's or button's whole text: reply controls


GENERIC = GenericHints(
    # at the start of an id/class word ("comment-list", "comments"; not "vc_responsive")
    region=r"(?:^|[\s-])(?:comment|kommentar|comentario|commentaire|repl(?:y|ies)|discussion|responses|"
           r"reactions)",
    chrome=r"sidebar|widget|colophon|site-footer|site-header|menu|\bnav|breadcrumb|related|recent|"
           r"respond|comment-form|commentform|share|social|cookie|newsletter|advert|\bads?\b",
    authorish=r"author|user|name|\bfn\b|byline|poster|nick|commenter",
    noise=r"date|time|meta|permalink|action|reply|avatar|rating|vote|share|edit|delete|toggle|"
          r"footer|says|like|report|flag",
    reply_words=r"(?i)^\s*(reply|antworten|répondre|responder|rispondi|antwoorden|svara|odpowiedz|"
                r"report|like|share|permalink|link|#)\s*$",
)
