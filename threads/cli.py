"""The ``threads`` command: a thin shell over the library.

This is the only module that prints. Every library error (:class:`ThreadsError`)
and every OS error on the user's files becomes one line on stderr and exit
status 2; nothing the user gave is overwritten unless they pass ``--force``.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from threads import __version__
from threads.errors import ThreadsError
from threads.formats import Format

EXIT_OK = 0
EXIT_BAD_INPUT = 2


def _dump(data: Any) -> bytes:
    from threads import jsonio

    return jsonio.dumps(data)


def _out(text: str | bytes) -> None:
    if isinstance(text, bytes):
        # JSON is encoded already (UTF-8, as a file from `threads ... > out.json` should be):
        # write the bytes as they are rather than decode and re-encode 200 MB.
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stream (some test harnesses, IDE consoles)
            text = text.decode("utf-8")
        else:
            buffer.write(text if text.endswith(b"\n") else text + b"\n")
            buffer.flush()
            return
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


# --- commands ----------------------------------------------------------------


def cmd_parse(args: argparse.Namespace) -> int:
    from threads import jsonio, pipeline
    from threads.model import to_dict
    from threads.render import thread_as_text

    if args.list_posts:
        for p in pipeline.list_posts(args.file, args.format):
            _out(f"{p.id}\t{p.comments}\t{p.title or ''}")
        return EXIT_OK
    if args.all:
        n = 0
        for thread in pipeline.load_all(args.file, args.format):
            if thread.comments:
                _out(jsonio.dumps(to_dict(thread), indent=False))
                n += 1
        if n == 0:
            raise ThreadsError(f"{args.file}: no comments found")
        return EXIT_OK
    thread = pipeline.load(args.file, args.format, args.post)
    _out(thread_as_text(thread) if args.text else _dump(to_dict(thread)))
    return EXIT_OK


def cmd_analyze(args: argparse.Namespace) -> int:
    from threads import pipeline
    from threads.score.positions import analysis_to_dict

    thread = pipeline.load(args.file, args.format, args.post)
    analysis = pipeline.analyze(thread, claims=args.claim or ())
    _out(_dump(analysis_to_dict(analysis)))
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from threads import pipeline
    from threads.score.compare import compare, comparison_as_text, comparison_to_dict

    thread = pipeline.load(args.file, args.format, args.post)
    analysis = pipeline.analyze(thread, claims=args.claim or ())
    result = compare(analysis, args.name_a, args.name_b)
    _out(_dump(comparison_to_dict(result)) if args.json else comparison_as_text(result))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from threads import pipeline
    from threads.export import export_thread

    thread = pipeline.load(args.file, args.format, args.post)
    analysis = pipeline.analyze(thread)
    written = export_thread(analysis, graph=args.graph, fmt=args.to, out=args.output,
                            force=args.force, min_confidence=args.min_confidence)
    if written is not None:
        print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK


def cmd_eval_relations(args: argparse.Namespace) -> int:
    from threads.score.relations import evaluate_pairs, report_as_text

    report = evaluate_pairs(args.pairs)
    _out(_dump(report.to_dict()) if args.json else report_as_text(report))
    return EXIT_OK


def cmd_eval_reconstruction(args: argparse.Namespace) -> int:
    from threads.reconstruct.evaluate import evaluate_files, report_as_text

    report = evaluate_files(args.files)
    _out(_dump(report.to_dict()) if args.json else report_as_text(report))
    return EXIT_OK


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the process is, so that a long run cleans up as after Ctrl-C."""


def _terminate_handler(pid: int) -> Callable[[int, Any], None]:
    def handler(signum: int, _frame: Any) -> None:
        if os.getpid() != pid:  # a forked worker inherited it: end the way it would have
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise Terminated(signum)

    return handler


def cmd_batch(args: argparse.Namespace) -> int:
    from threads.batch import run_batch

    # A batch runs long and leaves worker processes and a spool folder to clean up:
    # `kill`, a scheduler's time limit or `docker stop` must not skip that.
    # (Only the main thread may set a handler: run from another thread, SIGTERM stays as it was.)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate_handler(os.getpid())) if main_thread else None
    try:
        summary = run_batch(args.inputs, out=args.output, engine=args.engine,
                            scheduler=args.scheduler, workers=args.workers, jsonl=args.jsonl,
                            progress=not args.no_progress)
    except KeyboardInterrupt as err:
        how = "SIGTERM" if isinstance(err, Terminated) else "interrupted"
        print(f"threads: batch stopped ({how}); the threads stored so far are kept, and running "
              "the same command again goes on from there", file=sys.stderr)
        return 128 + (signal.SIGTERM if isinstance(err, Terminated) else signal.SIGINT)
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)
    print(summary.as_text(), file=sys.stderr)
    return EXIT_OK


def cmd_dashboard(args: argparse.Namespace) -> int:
    import importlib.util
    import subprocess

    spec = importlib.util.find_spec("dashboard.app")
    if spec is None or spec.origin is None:
        raise ThreadsError("the dashboard is not installed next to threads "
                           "(install the project with pip install -e .)")
    if args.file is not None and not Path(args.file).exists():
        raise ThreadsError(f"{args.file}: no such file or folder")
    # Bound to one address, Streamlit does not look up this machine's public IP on the
    # network to print it; with usage statistics off, the dashboard makes no request.
    cmd = [sys.executable, "-m", "streamlit", "run", spec.origin,
           "--browser.gatherUsageStats=false", f"--server.port={args.port}",
           f"--server.address={args.address}", f"--browser.serverAddress={args.address}",
           "--client.toolbarMode=minimal"]
    if args.headless:
        cmd.append("--server.headless=true")
    if args.file is not None:
        cmd += ["--", str(Path(args.file).resolve())]
    return subprocess.call(cmd)


# --- argument parsing ----------------------------------------------------------


def _add_input(p: argparse.ArgumentParser, format_flag: str = "--format") -> None:
    p.add_argument("file", metavar="FILE", help="comment page, export or text copied off a page")
    p.add_argument(format_flag, dest="format", choices=Format.names(), default=None,
                   help="input format (default: detected from the file's first bytes)")
    p.add_argument("--post", default=None, metavar="ID",
                   help="the thread to use in a multi-post export (default: most comments)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="threads",
        description="Reconstruct and analyse the comment section of a blog post.")
    parser.add_argument("--version", action="version", version=f"threads {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log what each stage does")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("parse", help="reconstruct the thread; JSON on stdout")
    _add_input(p)
    p.add_argument("--text", action="store_true",
                   help="print an indented, readable thread instead of JSON")
    p.add_argument("--all", action="store_true",
                   help="every thread in the file, as JSON Lines (one thread per line)")
    p.add_argument("--list-posts", action="store_true", help="list the threads in the file")
    p.set_defaults(func=cmd_parse)

    p = sub.add_parser("analyze", help="structure + tone + relations + camps; JSON on stdout")
    _add_input(p)
    p.add_argument("--claim", action="append", metavar="TEXT",
                   help="a claim to place every speaker against (repeatable)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("compare", help="two commenters side by side")
    _add_input(p)
    p.add_argument("name_a", metavar="NAME_A")
    p.add_argument("name_b", metavar="NAME_B")
    p.add_argument("--claim", action="append", metavar="TEXT")
    p.add_argument("--json", action="store_true", help="JSON instead of text")
    p.set_defaults(func=cmd_compare)

    p = sub.add_parser("export", help="export the reply graph for Gephi, Cytoscape, NetworkX, ...")
    _add_input(p, format_flag="--input-format")
    p.add_argument("--graph", choices=["comments", "speakers"], default="speakers")
    p.add_argument("--format", dest="to", required=True,
                   choices=["graphml", "gexf", "json", "cyjs", "csv", "dot", "convokit"],
                   help="output format")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="output file (or folder for csv and convokit); - for stdout")
    p.add_argument("--force", action="store_true", help="overwrite an existing OUT")
    p.add_argument("--min-confidence", type=float, default=0.0,
                   help="keep only reply links at least this confident")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("eval-relations",
                       help="score the relation classifier on labelled (quote, response, label) pairs")
    p.add_argument("pairs", metavar="PAIRS.csv")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_relations)

    p = sub.add_parser("eval-reconstruction",
                       help="flatten threads of known structure and score the plain-text reader")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_eval_reconstruction)

    p = sub.add_parser("batch", help="analyse many files or every thread of an export")
    p.add_argument("inputs", nargs="+", metavar="INPUT")
    p.add_argument("-o", "--output", required=True, metavar="OUT",
                   help="SQLite store (default) or JSON Lines file with --jsonl")
    p.add_argument("--engine", choices=["local", "dask"], default="local")
    p.add_argument("--scheduler", default=None, help="Dask scheduler address (with --engine dask)")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    p.add_argument("--jsonl", action="store_true", help="write JSON Lines instead of SQLite")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("dashboard", help="open the Streamlit dashboard")
    p.add_argument("file", nargs="?", default=None, metavar="FILE",
                   help="a thread to open, or a batch store (SQLite, from threads batch) for the Corpus tab")
    p.add_argument("--port", type=int, default=8501)
    p.add_argument("--address", default="localhost",
                   help="address to serve on (default: localhost only; 0.0.0.0 for the network)")
    p.add_argument("--headless", action="store_true", help="do not open a browser")
    p.set_defaults(func=cmd_dashboard)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(levelname)s %(name)s: %(message)s")
    func: Callable[[argparse.Namespace], int] = args.func
    try:
        return func(args)
    except ThreadsError as err:
        print(f"threads: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (OSError, UnicodeError) as err:
        if isinstance(err, BrokenPipeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        print(f"threads: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
