"""The shortcut for simply marked-up comment bodies gives what libxml2's parser gives.

:func:`threads.readers._markup.html_to_text` skips the HTML parser for bodies
with only paragraphs, line breaks and inline tags. Here the shortcut is compared
with the parser on every comment body of the real exports in the shared corpora
(WordPress theme unit test data and mythz blog, isso fixtures, tl3shi Disqus,
Blogger sample, TypePad excerpt; see each folder's SOURCE.txt), on hand-written
tricky cases and on generated fragments.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import corpus
from threads import pipeline
from threads.readers import _markup, atom, disqus, mt, wxr

EXPORTS = [
    ("wxr-wp-theme-unit-test", "theme-unit-test-data.xml"),
    ("wxr-mythz-blog", "wordpress-export.xml"),
    ("isso-import-fixtures", "wordpress.xml"),
    ("isso-import-fixtures", "disqus.xml"),
    ("disqus-tl3shi-blog", "disqus.xml"),
    ("atom-blogger-export-sample", "blogger-sample2.xml"),
    ("mt-typepad-chisou-blog", "typepad-export-entries-357-715.txt"),
]


def _same_as_parser(fragment: str) -> bool:
    """True when the shortcut declines ``fragment`` or agrees with the parser on it.

    Also checks that the one-match test for plain paragraphs accepts nothing the
    walk over the tags would refuse.
    """
    if _markup._PARAGRAPHS.fullmatch(fragment) and not _markup._simply_nested(fragment):
        return False
    simple = _markup._simple_text(fragment)
    return simple is None or (_markup.clean_lines(simple), ()) == _markup._parsed_text(fragment)


def _bodies(path, monkeypatch) -> list[str]:
    seen: list[str] = []

    def spy(fragment):
        seen.append(fragment)
        return _markup.html_to_text(fragment)

    for reader in (wxr, disqus, atom, mt):
        monkeypatch.setattr(reader, "html_to_text", spy)
    for _ in pipeline.load_all(path):
        pass
    return [b for b in seen if b]


@pytest.mark.parametrize("parts", EXPORTS, ids=lambda p: p[0])
def test_every_real_comment_body(parts, monkeypatch):
    bodies = _bodies(corpus(*parts), monkeypatch)
    assert bodies
    assert [b for b in bodies if not _same_as_parser(b)] == []


def test_most_real_bodies_take_the_shortcut(monkeypatch):
    bodies = _bodies(corpus("wxr-mythz-blog", "wordpress-export.xml"), monkeypatch)
    assert sum(_markup._simple_text(b) is not None for b in bodies) > 0.9 * len(bodies)


TRICKY = [
    "<p>One</p><p>Two</p>", "<p>a</p>\n<p>b</p>", "<p>a</p> <p>b</p>", "a<br>\n<i>b</i>",
    "a<br> <i>b</i>", "<i>a</i> <b>b</b>", "line one<br />\nline two", "x<BR/>y", "<P>up</P >",
    "<p>Tom &amp; Jerry &lt;3 &gt; &quot;q&quot; &apos;s&nbsp;x</p>", "a & b<br>", "a &amp b<br>",
    "&#8217;&#x2019;&#39;&#039;<br>", "&#128;<br>", "&#0;<br>", "&#1;<br>", "&#x7f;<br>",
    "&#xFFFE;<br>", "&#xD800;<br>", "&#x110000;<br>", "&#13;<br>", "&foo;<br>", "&nbsp<br>",
    "<p>a<p>b", "</p>a", "<p>a</p>", "<b>x<i>y</b>z</i>", "<a href='u'>x<a href='v'>y</a></a>",
    "<a href=\"x>y\">z</a>", "<a title=t href=x/>y</a>", "<p/>a", "<br/ >a", "< p>a</p>",
    "a < b <br>", "x>y<br>", "<blockquote><p>said</p></blockquote>reply", "<p>a<div>b</div>c</p>",
    "\t a \t<i>b</i>\u3000c\xa0<br>", "a\r\nb<br>", "a\x0cb<br>", "<p>\n\n\n</p>\n\n<p>x</p>",
    "<em><strong>both</strong></em> <code>x = 1</code>", "<span class=\"c\">s</span><u>u</u><s>s</s>",
    "<cite>Ann</cite> wrote:<br><br><br>hi", "<p>a</p><p></p><p>b</p>", "<p>é 😀 \u2028 \x85</p>",
    "<a <p>></p>", "<p>a</p><b", "<p <br />>x</p>", "x<br />y<br>z<br/>", "<p>a &lt;p&gt; b</p>",
    "&amp;lt;<br>", "&amp;amp;<br>", "&#0000065;<br>", "&AMP;<br>", "&Amp;<br>", "<p>&#xa0;&#xA0;</p>",
]


@pytest.mark.parametrize("fragment", TRICKY)
def test_tricky_fragments(fragment):
    assert _same_as_parser(fragment)


def test_plain_paragraphs_take_the_shortcut():
    assert _markup._simple_text("<p>I agree.</p><p>Well<br/>no &amp; yes</p>") is not None


_TOKENS = st.sampled_from([
    "a", "word", "Ünï", " ", "  ", "\n", "\t", " \n ", "\xa0", "\u3000", "\u2028", "<p>", "</p>",
    "<P>", "<br>", "<br/>", "<br />", "<i>", "</i>", "<b>", "</b>", "<em>", "</em>", "<strong>",
    "</strong>", "<a href=\"http://x.org/?a=1&amp;b=2\">", "<a href=x/>", "</a>", "<span>", "</span>",
    "&amp;", "&lt;", "&gt;", "&quot;", "&nbsp;", "&#39;", "&#8217;", "&#128;", "&#x81;", "&#13;",
    "&#x1F600;", "&#xFFFF;", "&#65534;", "&#1;", "&#x7f;", "&#10;", "& ", "&", "&amp", "&foo;", "<",
    ">", "\r", "é", "😀", "<a ", "<p", " />", "=\"", "/", "<br /", "</",
])


@settings(max_examples=3000, deadline=None)
@given(st.lists(_TOKENS, min_size=1, max_size=14).map("".join))
def test_generated_fragments(fragment):
    assert _same_as_parser(fragment)
