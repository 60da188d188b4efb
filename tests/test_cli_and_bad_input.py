"""The command line on the seed and on bad input: exit 2, one clear line, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from .conftest import ROOT, SEED_THREAD, SEEDS


def run(*args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "threads", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def assert_one_line_error(proc: subprocess.CompletedProcess, *fragments: str) -> None:
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("threads: error: ")
    assert "Traceback" not in proc.stderr
    for f in fragments:
        assert f in lines[0]
    assert proc.stdout == ""


def test_parse_prints_the_json_contract():
    proc = run("parse", str(SEED_THREAD))
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == "threads/1"
    assert set(data["thread"]) >= {"title", "published", "platform", "host"}
    assert len(data["comments"]) == 25
    first = data["comments"][0]
    assert set(first) >= {"id", "speaker", "text", "parent", "addressees", "quotes", "evidence", "tone",
                          "relation"}
    host = data["thread"]["host"]
    assert any(s["id"] == host and s["host"] for s in data["speakers"])


def test_parse_text_is_an_indented_readable_tree():
    proc = run("parse", str(SEED_THREAD), "--text")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "25 comments" in out and "host: pl" in out
    # the host's answer to comment 1 is indented under it, with its evidence
    assert "\n    [c2] pl (host) -> c1\n" in out
    assert "signature" in out and "host_inline" in out
    assert "[c24] The Twisted Genius -> c19 [to Peter in Toronto]" in out


def test_parse_round_trips_through_its_own_json(tmp_path):
    out = tmp_path / "seed.json"
    out.write_text(run("parse", str(SEED_THREAD)).stdout, encoding="utf-8")
    again = run("parse", str(out))
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(out.read_text(encoding="utf-8"))


def test_help_lists_every_command():
    proc = run("--help")
    for cmd in ("parse", "analyze", "compare", "export", "dashboard", "eval-relations",
                "eval-reconstruction", "batch"):
        assert cmd in proc.stdout


@pytest.mark.parametrize("name,content,fragment", [
    ("empty.txt", b"", "is empty"),
    ("blank.txt", b"\n\n   \n", "is empty"),
    ("image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, "binary"),
    ("zeros.bin", bytes(4096), "binary"),
    ("noise.bin", bytes((i * 97 + 13) % 256 for i in range(5000)), ""),
])
def test_bad_input_exits_2_with_one_line(tmp_path, name, content, fragment):
    path = tmp_path / name
    path.write_bytes(content)
    before = path.read_bytes()
    proc = run("parse", str(path))
    assert_one_line_error(proc, str(path), fragment)
    assert path.read_bytes() == before  # nothing the user gave is touched


def test_missing_file():
    assert_one_line_error(run("parse", "/nonexistent/thread.txt"), "no such file")


@pytest.mark.parametrize("article", ["000_4a2d2465221f63ba.txt", "001_032fc5a1be7b3cc9.txt",
                                     "003_a43c0adff565e831.txt", "004_5a47cd9e08f3db8a.txt"])
def test_news_articles_have_no_comments(article):
    # the other seeds are articles on the same events, not comment sections
    assert_one_line_error(run("parse", str(SEEDS / article)), "no comments found", "article")


def test_unknown_format_name_is_refused():
    proc = run("parse", str(SEED_THREAD), "--format", "nonsense")
    assert proc.returncode == 2 and "invalid choice" in proc.stderr


def test_folder_that_is_no_corpus(tmp_path):
    assert_one_line_error(run("parse", str(tmp_path)), "not a ConvoKit corpus")
