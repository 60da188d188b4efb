"""Real comment texts from the shared corpora, for the tone bench and tests.

Sources: the Reddit agreement pairs (cp1252 CSV), the Hacker News JSON thread and the
WordPress WXR exports. HTML in the HN and WXR texts is reduced to plain text.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from threads.encoding import decode

_TAG = re.compile(r"<[^>]+>")
_WP = "{http://wordpress.org/export/1.2/}"


def _plain(fragment: str) -> str:
    text = _TAG.sub(" ", fragment.replace("<p>", "\n\n"))
    return html.unescape(text).strip()


def agreement_texts(path: Path) -> list[str]:
    rows = csv.DictReader(io.StringIO(decode(path.read_bytes(), str(path)), newline=""))
    out: list[str] = []
    for row in rows:
        out += [row["quote_text"], row["response_text"]]
    return out


def hn_texts(path: Path) -> list[str]:
    out: list[str] = []
    stack = [json.loads(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if node.get("text"):
            out.append(_plain(node["text"]))
        stack.extend(node.get("children") or ())
    return out


def wxr_texts(path: Path) -> list[str]:
    out: list[str] = []
    for el in ET.parse(path).getroot().iter():
        if el.tag.endswith("}comment_content") and el.text:
            out.append(_plain(el.text))
    return out


def all_texts(corpora: Path) -> list[str]:
    """Every comment text found under ``corpora`` (files that are missing are skipped)."""
    texts: list[str] = []
    agreement = corpora / "agreement-subreddit-lei2022"
    for name in ("SubReddit-MaskMandate.csv", "SubReddit-CovidVaccine.csv"):
        if (agreement / name).exists():
            texts += agreement_texts(agreement / name)
    hn = corpora / "hn-algolia-thread" / "hn-item-49220339.json"
    if hn.exists():
        texts += hn_texts(hn)
    for wxr in (corpora / "wxr-mythz-blog" / "wordpress-export.xml",
                corpora / "wxr-wp-theme-unit-test" / "theme-unit-test-data.xml",
                corpora / "isso-import-fixtures" / "wordpress.xml"):
        if wxr.exists():
            texts += wxr_texts(wxr)
    return [t for t in texts if t.strip()]
