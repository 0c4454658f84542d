"""Command line: ``python -m corpus_tools build|run``.

Examples::

    python -m corpus_tools build                       # data/raw -> data/processed
    python -m corpus_tools build --raw my_texts --out my_processed
    python -m corpus_tools run                         # execute notebooks in place (bundled corpus)
    python -m corpus_tools run --corpus my_texts --out runs/mine   # every notebook on your corpus
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from corpus_tools.errors import CorpusError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m corpus_tools", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="clean and tokenise a raw corpus into processed tables")
    build.add_argument("--raw", type=Path, default=None, help="corpus folder or CSV/JSONL (default: data/raw)")
    build.add_argument("--out", type=Path, default=None, help="output folder (default: data/processed)")
    build.add_argument("--workers", type=int, default=None, help="processes to use (default: all cores)")
    build.add_argument("--encoding", default="utf-8", help="encoding of the raw texts (default: utf-8)")
    run = sub.add_parser("run", help="execute every notebook (in place, or on another corpus)")
    run.add_argument("--corpus", type=Path, default=None, help="another corpus; needs --out")
    run.add_argument("--out", type=Path, default=None, help="where executed notebooks, data and figures go")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "build":
            from corpus_tools.build import build_processed

            manifest = build_processed(args.raw, args.out, workers=args.workers, progress=True, encoding=args.encoding)
            counts = manifest["counts"]
            print(f"built {counts['documents']} documents, {counts['sentences']} sentences, "
                  f"{counts['tokens']} tokens, {counts['removed_lines']} removed lines")
        else:
            from corpus_tools import runner

            if (args.corpus is None) != (args.out is None):
                print("error: --corpus and --out go together (or give neither to run in place)", file=sys.stderr)
                return 2
            if args.corpus is None:
                done = runner.run_in_place()
            else:
                done = runner.run_on_corpus(args.corpus, args.out)
            print(f"executed {len(done)} notebook(s)")
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0
