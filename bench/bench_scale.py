"""How threads scales: time and peak memory per stage on synthetic threads of 1k to 100k comments.

    PYTHONPATH=. python bench/bench_scale.py                 # everything (about 5 minutes on 2 cores)
    PYTHONPATH=. python bench/bench_scale.py --sizes 1000 10000 --no-compare

What it builds (seeded, so every run sees the same inputs), under --workdir
(default bench/results/):

- WordPress WXR exports of one post with 1k, 10k and 100k comments: texts are
  sentences sampled from the real threads in ../shared/corpora, reply trees
  up to 12 deep, a few hundred speakers of very uneven activity, a host who answers;
- flattened plain-text dumps of 1k and 10k comments, like the seed thread:
  comments apart by two blank lines, no author lines, salutations ("Name -")
  on many replies and signatures on some comments;
- a blog export of 100 posts (10k comments; --blog-posts to change) for the batch figures.

What it measures, each stage in a fresh child process fed the previous stage's
output (so one stage's memory does not hide in another's): wall time of the
stage alone, the CPU seconds of the child and its workers (start-up and
loading included), and the peak memory (PSS, so pages shared with forked
workers count once) of the child's whole process tree, input included.
Stages: read (WXR), segment+link (plain-text reader), tone, relations,
positions, graph, layout, export. A stage whose module is not
installed is reported as "missing".

Then, side by side: ``threads analyze`` on the 100k export (one command, wall
clock and peak memory of its process tree) against a plain single-process loop
of stock vaderSentiment over the same comment texts; and ``threads batch`` on
the blog export with 1 and 2 local workers and on Dask.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import multiprocessing as mp
import os
import pickle
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
if not CORPORA.exists():
    CORPORA = Path("/work/shared/corpora")
SEED = 20171030

# --- synthetic inputs -------------------------------------------------------------------

_TAG = re.compile(r"<[^>]+>")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
FIRST = ("Maria", "James", "Aisha", "Tom", "Elena", "Ravi", "Sofia", "Ken", "Lena", "Omar", "Grace",
         "Ivan", "Nora", "Pedro", "Hana", "Felix", "Zoe", "Marcus", "Ines", "Walt", "Ruth", "Yusuf",
         "Clara", "Dev", "Agnes", "Hugo", "Mira", "Saul", "Tess", "Viktor")
LAST = ("Keller", "Osei", "Brandt", "Novak", "Reyes", "Lindqvist", "Haddad", "Moreau", "Tanaka",
        "Okafor", "Byrne", "Petrov", "Silva", "Quinn", "Ward", "Adler", "Costa", "Imhof", "Lund", "Marsh")


def corpus_sentences() -> list[str]:
    """English sentences from real threads in the shared corpora (HN, Reddit pairs, a WordPress blog)."""
    texts: list[str] = []
    hn = CORPORA / "hn-algolia-thread" / "hn-item-49220339.json"
    if hn.exists():
        stack = [json.loads(hn.read_text(encoding="utf-8"))]
        while stack:
            node = stack.pop()
            if node.get("text"):
                texts.append(node["text"])
            stack.extend(node.get("children") or ())
    pairs = CORPORA / "agreement-subreddit-lei2022" / "SubReddit-MaskMandate.csv"
    if pairs.exists():
        for row in csv.DictReader(io.StringIO(pairs.read_bytes().decode("cp1252", "replace"))):
            texts += [row.get("quote_text") or "", row.get("response_text") or ""]
    wxr = CORPORA / "wxr-mythz-blog" / "wordpress-export.xml"
    if wxr.exists():
        texts += re.findall(r"<wp:comment_content><!\[CDATA\[(.*?)\]\]>", wxr.read_text(encoding="utf-8"),
                            flags=re.S)
    out: list[str] = []
    for t in texts:
        t = html.unescape(_TAG.sub(" ", t.replace("<p>", "\n")))
        for s in _SENT.split(" ".join(t.split())):
            if 3 <= len(s.split()) <= 45:
                out.append(s)
    if len(out) < 200:
        raise SystemExit(f"too few sentences in {CORPORA}: is ../shared/corpora there?")
    return sorted(set(out))


class Synth:
    """One synthetic thread: speakers, reply tree, texts (all from one seeded RNG)."""

    def __init__(self, n: int, sentences: list[str], seed: int = SEED) -> None:
        rng = random.Random(seed + n)
        n_speakers = max(8, min(2000, n // 12))
        names: list[str] = []
        while len(names) < n_speakers:
            f, last = rng.choice(FIRST), rng.choice(LAST)
            name = rng.choice((f"{f} {last}", f"{f}{rng.randint(1, 99)}", f"{f[0]}. {last}", f.lower()))
            if name not in names:
                names.append(name)
        self.names = names
        self.host = 0
        # Zipf-like activity: a few regulars write most comments.
        weights = [1.0 / (i + 1) ** 0.9 for i in range(n_speakers)]
        self.speaker = rng.choices(range(n_speakers), weights=weights, k=n)
        self.parent: list[int | None] = []
        depth: list[int] = []
        for i in range(n):
            if i == 0 or rng.random() < 0.3:
                p = None
            else:  # people answer recent comments most
                p = max(0, i - 1 - int(rng.expovariate(1 / 12)))
                if depth[p] >= 12:
                    p = None
            if p is not None and rng.random() < 0.15:
                self.speaker[i] = self.host  # the host answers
            self.parent.append(p)
            depth.append(0 if p is None else depth[p] + 1)
        self.texts: list[str] = []
        for _ in range(n):
            # Blog comments run from one line to essays: 1 to 8 paragraphs of 1 to 4 sentences.
            k = min(8, 1 + int(rng.expovariate(1 / 1.2)))
            paras = [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4))) for _ in range(k)]
            self.texts.append("\n\n".join(paras))
        self.salute = [p is not None and rng.random() < 0.5 for p in self.parent]
        self.sign = [rng.random() < 0.2 for _ in range(n)]


    def thread(self):
        """The same thread as a model value (what a WXR reader should return)."""
        from threads.model import Comment, Speaker, Thread

        used = sorted(set(self.speaker))
        speakers = tuple(Speaker(f"s{k}", self.names[k], host=(k == self.host)) for k in used)
        comments = tuple(Comment(f"c{i + 1}", f"s{self.speaker[i]}", text,
                                 parent=None if self.parent[i] is None else f"c{self.parent[i] + 1}")
                         for i, text in enumerate(self.texts))
        return Thread(id="post-1", title="Post number 1", platform="wordpress", host=f"s{self.host}",
                      speakers=speakers, comments=comments)


def write_wxr(path: Path, posts: list[Synth]) -> None:
    """A WordPress 1.2 export of ``posts`` (one item per post, comments with parents)."""
    with path.open("w", encoding="utf-8") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0"\n'
                 '\txmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"\n'
                 '\txmlns:content="http://purl.org/rss/1.0/modules/content/"\n'
                 '\txmlns:wfw="http://wellformedweb.org/CommentAPI/"\n'
                 '\txmlns:dc="http://purl.org/dc/elements/1.1/"\n'
                 '\txmlns:wp="http://wordpress.org/export/1.2/"\n>\n<channel>\n'
                 "\t<title>Synthetic blog</title>\n\t<link>https://blog.example.org</link>\n"
                 "\t<language>en-US</language>\n\t<wp:wxr_version>1.2</wp:wxr_version>\n"
                 "\t<wp:base_site_url>https://blog.example.org</wp:base_site_url>\n")
        cid = 0
        for p, post in enumerate(posts, start=1):
            fh.write(f"\t<item>\n\t\t<title>Post number {p}</title>\n"
                     f"\t\t<link>https://blog.example.org/{p}/</link>\n"
                     f"\t\t<pubDate>Wed, 30 Aug 2017 10:{p % 60:02d}:00 +0000</pubDate>\n"
                     f"\t\t<dc:creator><![CDATA[{post.names[post.host]}]]></dc:creator>\n"
                     "\t\t<content:encoded><![CDATA[<p>The post itself.</p>]]></content:encoded>\n"
                     f"\t\t<wp:post_id>{p}</wp:post_id>\n"
                     "\t\t<wp:post_date>2017-08-30 10:00:00</wp:post_date>\n"
                     "\t\t<wp:comment_status>open</wp:comment_status>\n"
                     f"\t\t<wp:post_name>post-{p}</wp:post_name>\n\t\t<wp:status>publish</wp:status>\n"
                     "\t\t<wp:post_type>post</wp:post_type>\n")
            base = cid
            for i, text in enumerate(post.texts):
                cid += 1
                parent = 0 if post.parent[i] is None else base + post.parent[i] + 1
                body = "".join(f"<p>{escape(para)}</p>" for para in text.split("\n\n"))
                minute, second = divmod(i, 60)
                fh.write("\t\t<wp:comment>\n"
                         f"\t\t\t<wp:comment_id>{cid}</wp:comment_id>\n"
                         f"\t\t\t<wp:comment_author><![CDATA[{post.names[post.speaker[i]]}]]>"
                         "</wp:comment_author>\n"
                         "\t\t\t<wp:comment_author_email></wp:comment_author_email>\n"
                         "\t\t\t<wp:comment_author_url></wp:comment_author_url>\n"
                         f"\t\t\t<wp:comment_date>2017-08-30 {10 + minute // 60 % 14:02d}:"
                         f"{minute % 60:02d}:{second:02d}</wp:comment_date>\n"
                         f"\t\t\t<wp:comment_content><![CDATA[{body}]]></wp:comment_content>\n"
                         "\t\t\t<wp:comment_approved>1</wp:comment_approved>\n"
                         "\t\t\t<wp:comment_type></wp:comment_type>\n"
                         f"\t\t\t<wp:comment_parent>{parent}</wp:comment_parent>\n"
                         "\t\t\t<wp:comment_user_id>0</wp:comment_user_id>\n"
                         "\t\t</wp:comment>\n")
            fh.write("\t</item>\n")
        fh.write("</channel>\n</rss>\n")


def write_dump(path: Path, post: Synth) -> None:
    """The thread flattened to text the way a copied Typepad page looks (like the seed)."""
    parts = ["« Previous post | Main | Next post »", "30 August 2017",
             "Feed You can follow this conversation by subscribing to the comment feed for this post."]
    for i, text in enumerate(post.texts):
        p = post.parent[i]
        if post.salute[i] and p is not None:
            text = f"{post.names[post.speaker[p]].split()[0]} -\n\n{text}"
        if post.sign[i]:
            name = post.names[post.speaker[i]]
            text += "\n" + ("".join(w[0] for w in name.split()).lower() if i % 2 else name)
        parts.append(text)
    path.write_text("\n\n\n".join(parts) + "\n\n\n", encoding="utf-8")


# --- measuring -----------------------------------------------------------------------------


def _pss(pid: int, fallback: int) -> int:
    """Proportional set size: shared pages split between the processes that share them.

    Forked workers share their parent's pages; adding up plain RSS would count
    those once per worker.
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as fh:
            for line in fh:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return fallback


def _tree_rss(root: int) -> int:
    """Memory (bytes, PSS) of ``root`` and every process under it, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                stat = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(stat[1])
        rss[pid] = int(stat[21]) * os.sysconf("SC_PAGE_SIZE")
    total = 0
    for pid in rss:
        p = pid
        while p > 1 and p != root:
            p = parents.get(p, 0)
        if p == root:
            total += _pss(pid, rss[pid])
    return total


def _children_cpu() -> float:
    """CPU seconds (user + system) of every finished child and its waited-for descendants."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


class PeakSampler:
    """Samples the memory of a process tree every 50 ms in a thread; ``peak`` in bytes
    (``root_peak``: of the tree's first process alone)."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self.root_peak = pid, 0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, _tree_rss(self.pid))
            self.root_peak = max(self.root_peak, _pss(self.pid, 0))
            self._stop.wait(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def _load(path: str):
    with open(path, "rb") as fh:
        return pickle.load(fh)


def _stage(name: str) -> tuple[Callable | None, str]:
    """The function for stage ``name`` (input -> output) or None and why it is missing."""
    import importlib

    def need(module: str, attr: str):
        try:
            mod = importlib.import_module(module)
        except ModuleNotFoundError as err:
            if err.name and module.startswith(err.name):
                return None
            raise
        return getattr(mod, attr, None)

    if name in ("read", "segment+link"):
        from threads import pipeline
        from threads.formats import Format
        from threads.readers import reader_for

        if name == "read" and reader_for(Format.WXR) is None:
            return None, "missing (threads.readers.wxr)"
        return pipeline.load, ""
    if name in ("tone", "relations"):
        module, attr = {"tone": ("threads.score.tone", "score_tone"),
                        "relations": ("threads.score.relations", "score_relations")}[name]
        f = need(module, attr)
        if f is None:
            return None, f"missing ({module})"
        # This child is itself a worker process, where the scorers stay in process by
        # default; give them the cores, as `threads analyze` in a shell would.
        return (lambda thread: f(thread, workers=os.cpu_count())), ""
    if name == "positions":
        f = need("threads.score.positions", "positions")
        return f, "" if f else "missing (threads.score.positions)"
    if name == "graph":
        cg, sg = need("threads.graph", "comment_graph"), need("threads.graph", "speaker_graph")
        if cg is None or sg is None:
            return None, "missing (threads.graph)"
        return (lambda a: {"analysis": a, "comments": cg(a), "speakers": sg(a)}), ""
    if name == "layout":
        import logging

        logging.disable(logging.WARNING)  # streamlit warns that no app is running; we know
        lay = need("dashboard.data", "layout")
        lay = getattr(lay, "__wrapped__", lay)  # the function itself, not its app cache
        if lay is None:
            return None, "missing (dashboard.data.layout)"

        def layout(graphs):
            # The dashboard's own choice: a tidy tree for comments, spring or circle for speakers.
            thread = getattr(graphs["analysis"], "thread", graphs["analysis"])
            return (lay("bench", None, "comments", 0.0, graphs["comments"], thread),
                    lay("bench", None, "speakers", 0.0, graphs["speakers"], thread))
        return layout, ""
    if name == "export":
        f = need("threads.export", "export_thread")
        if f is None:
            return None, "missing (threads.export)"

        def export(analysis):
            with tempfile.TemporaryDirectory() as tmp:
                for graph, fmt in (("comments", "graphml"), ("comments", "json"), ("speakers", "gexf")):
                    f(analysis, graph=graph, fmt=fmt, out=str(Path(tmp) / f"{graph}.{fmt}"), force=True)
        return export, ""
    raise ValueError(name)


# Each stage reads the output of the first of these that ran (a missing stage passes its input on).
INPUTS = {
    "read": ["source"], "segment+link": ["source"],
    "tone": ["read"], "relations": ["tone", "read"], "positions": ["relations", "tone", "read"],
    "graph": ["positions", "relations", "tone", "read"], "layout": ["graph"],
    "export": ["positions", "relations", "tone", "read"],
}


def _child(name: str, src: str, dst: str | None, conn) -> None:
    try:
        func, why = _stage(name)
        if func is None:
            conn.send(("missing", why))
            return
        data = src if name in ("read", "segment+link") else _load(src)
        t0 = time.perf_counter()
        out = func(data)
        secs = time.perf_counter() - t0
        if dst is not None:
            with open(dst, "wb") as fh:
                pickle.dump(out, fh, protocol=pickle.HIGHEST_PROTOCOL)
        conn.send(("ok", secs, 0))
    except BaseException as err:  # report, do not hang the parent
        conn.send(("error", f"{type(err).__name__}: {err}"[:200]))


def _stage_note(name: str) -> str:
    return {"export": "comments graphml + json, speakers gexf",
            "layout": "tree (comments) + speaker graph"}.get(name, "")


def run_stage(name: str, src: str, dst: str | None) -> dict:
    """Run one stage in a spawned child; its time, peak tree memory and status."""
    ctx = mp.get_context("spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(name, src, dst, send))
    cpu0 = _children_cpu()
    proc.start()
    sampler = PeakSampler(proc.pid)
    msg = recv.recv()
    proc.join()
    peak = sampler.stop()
    if msg[0] == "ok":
        # cpu: the whole child (start-up and loading its input included), its workers too
        return {"stage": name, "status": "ok", "seconds": round(msg[1], 3), "peak_mb": round(peak / 2**20),
                "cpu_seconds": round(_children_cpu() - cpu0, 2), "note": _stage_note(name)}
    return {"stage": name, "status": msg[0], "note": msg[1], "peak_mb": round(peak / 2**20)}


def run_command(cmd: list[str], env: dict | None = None) -> tuple[float, int, int, float, int]:
    """Wall seconds, peak tree memory (bytes), exit status, CPU seconds and the peak memory
    (bytes) of the command's own process, without its workers."""
    cpu0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    sampler = PeakSampler(proc.pid)
    _, err = proc.communicate()
    wall = time.perf_counter() - t0
    peak = sampler.stop()
    if proc.returncode:
        print(f"  {' '.join(cmd[:4])}... exit {proc.returncode}: {err.decode()[-300:]}", file=sys.stderr)
    return wall, peak, proc.returncode, _children_cpu() - cpu0, sampler.root_peak


_VADER_LOOP = """
import json, sys, time
t0 = time.perf_counter()
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
texts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
sia = SentimentIntensityAnalyzer()
t1 = time.perf_counter()
for t in texts:
    sia.polarity_scores(t)
print(len(texts), time.perf_counter() - t1, file=sys.stderr)
"""


# --- the run ---------------------------------------------------------------------------------


def fmt_row(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="*", default=[1000, 10000, 100000],
                    help="comment counts of the WXR exports")
    ap.add_argument("--text-sizes", type=int, nargs="*", default=[1000, 10000],
                    help="comment counts of the flattened plain-text dumps")
    ap.add_argument("--workdir", type=Path, default=ROOT / "bench" / "results")
    ap.add_argument("--no-compare", action="store_true", help="skip threads analyze vs stock VADER")
    ap.add_argument("--no-batch", action="store_true", help="skip the batch figures")
    ap.add_argument("--blog-posts", type=int, default=100,
                    help="posts (of 100 comments each) in the blog export of the batch figures")
    ap.add_argument("--json", type=Path, default=None, help="also write the figures here")
    args = ap.parse_args()
    work = args.workdir
    work.mkdir(parents=True, exist_ok=True)
    sys.path.insert(0, str(ROOT))
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    os.environ["PYTHONPATH"] = env["PYTHONPATH"]  # for the spawned stage children

    sentences = corpus_sentences()
    print(f"{len(sentences):,} corpus sentences; inputs in {work}")
    figures: dict = {"cores": os.cpu_count(), "stages": [], "compare": None, "batch": [],
                     "load_average_start": os.getloadavg()}
    widths = [16, 8, 13, 8, 8, 8, 30]
    print("\n" + fmt_row(["input", "comments", "stage", "seconds", "peak MB", "cpu s", "note"], widths))

    synths: dict[int, Synth] = {}
    for kind, sizes in (("wxr", args.sizes), ("text", args.text_sizes)):
        for n in sizes:
            synth = synths.setdefault(n, Synth(n, sentences))
            src = work / (f"wxr_{n}.xml" if kind == "wxr" else f"dump_{n}.txt")
            if not src.exists():
                (write_wxr(src, [synth]) if kind == "wxr" else write_dump(src, synth))
            if kind == "wxr":
                texts = work / f"texts_{n}.jsonl"
                if not texts.exists():
                    texts.write_text("".join(json.dumps(t) + "\n" for t in synth.texts), encoding="utf-8")
            stages = (["read"] if kind == "wxr" else ["segment+link"])
            if kind == "wxr":
                stages += ["tone", "relations", "positions", "graph", "layout", "export"]
            outputs: dict[str, str] = {"source": str(src)}
            with tempfile.TemporaryDirectory() as tmp:
                for stage in stages:
                    src_stage = next(s for s in INPUTS[stage] if s in outputs)
                    dst = str(Path(tmp) / f"{stage}.pkl")
                    row = run_stage(stage, outputs[src_stage], dst if stage != "export" else None)
                    row.update(input=src.name, comments=n)
                    figures["stages"].append(row)
                    secs = f"{row['seconds']:.2f}" if row["status"] == "ok" else "-"
                    note = row.get("note", "")
                    print(fmt_row([src.name, f"{n:,}", stage, secs, str(row["peak_mb"]),
                                   str(row.get("cpu_seconds", "-")), note], widths), flush=True)
                    if row["status"] == "ok":
                        outputs[stage] = dst
                    elif stage == "read":
                        # No WXR reader yet: score the same thread built straight from the model.
                        outputs["read"] = str(Path(tmp) / "model.pkl")
                        with open(outputs["read"], "wb") as fh:
                            pickle.dump(synth.thread(), fh, protocol=pickle.HIGHEST_PROTOCOL)

    if not args.no_compare and args.sizes:
        n = max(args.sizes)
        src, texts = work / f"wxr_{n}.xml", work / f"texts_{n}.jsonl"
        print(f"\nside by side on {n:,} comments ({os.cpu_count()} cores):")
        wall, peak, rc, cpu, _ = run_command([sys.executable, "-m", "threads", "analyze", str(src)], env)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-c", _VADER_LOOP, str(texts)], capture_output=True,
                              text=True, check=True)
        vader_wall = time.perf_counter() - t0
        count, loop = proc.stderr.split()[-2:]
        figures["compare"] = {"comments": n, "analyze_seconds": round(wall, 2), "analyze_cpu": round(cpu, 1),
                              "analyze_peak_mb": round(peak / 2**20), "analyze_exit": rc,
                              "vader_seconds": round(vader_wall, 2),
                              "vader_loop_seconds": round(float(loop), 2),
                              "vader_per_second": round(int(count) / float(loop))}
        print(f"  threads analyze      {wall:7.1f} s  peak {peak / 2**20:6.0f} MB  cpu {cpu:6.1f} s  "
              f"exit {rc}   (target: < 15 s, < 2048 MB)")
        print(f"  stock VADER loop     {vader_wall:7.1f} s  ({int(count) / float(loop):,.0f} comments/s,"
              " tone only, one process)")
        if rc == 0:
            print(f"  speed-up             {vader_wall / wall:7.1f} x   (target: >= 2x)")

    if not args.no_batch:
        n_posts = args.blog_posts
        blog = work / f"blog_{n_posts}x100.xml"
        from threads.formats import Format
        from threads.readers import reader_for

        if reader_for(Format.WXR) is None:
            blog = work / f"blog_{n_posts}x100.jsonl"  # threads/1 JSON Lines: read by our own reader
        if not blog.exists():
            posts = [Synth(100, sentences, seed=SEED + 7919 * k) for k in range(n_posts)]
            if blog.suffix == ".xml":
                write_wxr(blog, posts)
            else:
                from threads.model import replace, to_dict
                from threads.pipeline import load

                with blog.open("w", encoding="utf-8") as fh, tempfile.TemporaryDirectory() as tmp:
                    for k, post in enumerate(posts):
                        dump = Path(tmp) / f"post-{k}.txt"
                        write_dump(dump, post)
                        fh.write(json.dumps(to_dict(replace(load(dump), id=f"post-{k}"))) + "\n")
        print(f"\nthreads batch on {blog.name} ({n_posts:,} posts, {100 * n_posts:,} comments; "
              "peak: all processes / the batch's own process):")
        for engine, workers in (("local", 1), ("local", 2), ("dask", 2)):
            out = work / f"batch_{engine}_{workers}.db"
            for p in (out, Path(str(out) + "-wal"), Path(str(out) + "-shm")):
                p.unlink(missing_ok=True)
            cmd = [sys.executable, "-m", "threads", "batch", str(blog), "-o", str(out),
                   "--engine", engine, "--workers", str(workers), "--no-progress"]
            wall, peak, rc, cpu, own = run_command(cmd, env)
            figures["batch"].append({"engine": engine, "workers": workers, "posts": n_posts,
                                     "seconds": round(wall, 2), "peak_mb": round(peak / 2**20),
                                     "own_peak_mb": round(own / 2**20), "cpu_seconds": round(cpu, 1),
                                     "exit": rc})
            print(f"  {engine:5} x{workers}   {wall:6.1f} s   peak {peak / 2**20:6.0f} / "
                  f"{own / 2**20:4.0f} MB   cpu {cpu:6.1f} s   exit {rc}")

    figures["load_average_end"] = os.getloadavg()
    print(f"\nload average (1, 5, 15 min) at the start {figures['load_average_start']}, "
          f"at the end {figures['load_average_end']}: on a shared machine wall times stretch")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
