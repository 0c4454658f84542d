"""Command line: ``python -m corpus_tools build|run``.

Examples::

    python -m corpus_tools build                       # data/raw -> data/processed
    python -m corpus_tools build --raw my_texts --out my_processed
    python -m corpus_tools build --raw big_corpus --out big_processed --format parquet
    python -m corpus_tools run                         # execute notebooks in place (bundled corpus)
    python -m corpus_tools run --corpus my_texts --out runs/mine   # every notebook on your corpus
    python -m corpus_tools run --corpus my_texts --out runs/mine --domain my_pack --label section \
        --key-terms "flood*,drought" -p N_TOPICS 6 --notebooks 01 05
    python -m corpus_tools new-domain my_pack          # a commented domain pack to edit

``--format`` is ``csv`` (default: readable, diffable tables, as the bundled corpus) or ``parquet``
(several times smaller and faster to load, for corpora of thousands of documents; needs pyarrow);
the notebooks and ``load_processed`` read either.

``--out`` must be new, empty or an earlier output of this tool; ``--force`` allows a folder that
holds other files (only the files a build writes are replaced). The corpus, ``data/raw`` and,
for another corpus, ``data/processed`` are never written.

Exit status: 0 done, 1 bad input or an error of the environment (one line on stderr, never a
traceback), 2 wrong options, 130 interrupted (Ctrl-C; temporary files are removed and an earlier
output is left as it was).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from corpus_tools.errors import CorpusError
from corpus_tools.io import MAX_TEXT_BYTES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m corpus_tools", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="clean and tokenise a raw corpus into processed tables")
    build.add_argument("--raw", type=Path, default=None, help="corpus folder or CSV/JSONL (default: data/raw)")
    build.add_argument("--out", type=Path, default=None,
                       help="output folder (default: data/processed, for the bundled corpus only)")
    build.add_argument("--workers", type=int, default=None, help="processes to use (default: all cores)")
    run = sub.add_parser("run", help="execute every notebook (in place, or on another corpus)")
    run.add_argument("--corpus", type=Path, default=None, help="another corpus; needs --out")
    run.add_argument("--out", type=Path, default=None, help="where executed notebooks, data and figures go")
    run.add_argument("--domain", default=None,
                     help="domain pack: a shipped pack (generic, immigration) or a folder with a domain.yml "
                          "(default for another corpus: generic)")
    run.add_argument("--label", default=None, help="metadata column that groups the documents (default: outlet, if present)")
    run.add_argument("--key-terms", default=None,
                     help="comma-separated key terms for notebook 01, '*' = any ending (default: the pack's, "
                          "else derived from the data)")
    run.add_argument("-p", "--parameter", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                     help="any notebook parameter (repeatable), e.g. -p N_TOPICS 6; VALUE is read as a Python literal")
    run.add_argument("--notebooks", nargs="+", default=None, metavar="NN",
                     help="run only these notebooks (numbers or names), e.g. --notebooks 01 03")
    new = sub.add_parser("new-domain", help="write a commented domain pack to edit for your debate")
    new.add_argument("directory", type=Path, help="new (or empty) folder for the pack")
    new.add_argument("--from", dest="base", default="generic", help="shipped pack to start from (default: generic)")
    for command in (build, run):
        command.add_argument("--encoding", default="utf-8", help="encoding of the raw texts (default: utf-8)")
        command.add_argument("--force", action="store_true",
                             help="write into an --out that holds other files (only the files a build writes "
                                  "are replaced; inputs and data/raw never)")
        command.add_argument("--max-text-mb", type=float, default=MAX_TEXT_BYTES / 2**20,
                             help=f"largest text read, in MiB (default: {MAX_TEXT_BYTES // 2**20})")
        command.add_argument("--format", choices=("csv", "parquet"), default="csv",
                             help="format of the processed tables: csv (default; readable, diffable) or parquet "
                                  "(smaller and faster to load, for large corpora; needs pyarrow)")
    return parser


def _run(args: argparse.Namespace) -> int:
    if args.command == "new-domain":
        from corpus_tools.domains import write_domain_template

        manifest = write_domain_template(args.directory, base=args.base)
        print(f"wrote a domain pack in {manifest.parent}: edit its files, then run with --domain {manifest.parent}")
        return 0
    max_bytes = int(args.max_text_mb * 2**20)
    if args.command == "build":
        from corpus_tools.build import build_processed

        manifest = build_processed(args.raw, args.out, workers=args.workers, progress=sys.stderr.isatty(), encoding=args.encoding,
                                   force=args.force, max_text_bytes=max_bytes, format=args.format)
        counts = manifest["counts"]
        print(f"built {counts['documents']} documents, {counts['sentences']} sentences, "
              f"{counts['tokens']} tokens, {counts['removed_lines']} removed lines")
        return 0
    from corpus_tools import runner

    if (args.corpus is None) != (args.out is None):
        print("error: --corpus and --out go together (or give neither to run in place)", file=sys.stderr)
        return 2
    if args.corpus is None:
        if args.domain or args.label or args.key_terms or args.parameter or args.format != "csv":
            print("error: --domain, --label, --key-terms, -p and --format apply to a run on another corpus "
                  "(give --corpus and --out); the in-place run is the bundled example", file=sys.stderr)
            return 2
        done = runner.run_in_place(runner.select_notebooks(args.notebooks), progress=sys.stderr.isatty())
        print(f"executed {len(done)} notebook(s)")
        return 0
    from corpus_tools.adapt import parse_parameter

    key_terms = [t.strip() for t in args.key_terms.split(",") if t.strip()] if args.key_terms else None
    results = runner.run_on_corpus(
        args.corpus, args.out, progress=sys.stderr.isatty(), notebooks=runner.select_notebooks(args.notebooks), force=args.force,
        encoding=args.encoding, max_text_bytes=max_bytes, domain=args.domain, label=args.label,
        key_terms=key_terms, parameters={name: parse_parameter(value) for name, value in args.parameter},
        format=args.format,
    )
    for result in results:
        print(result.line(), file=sys.stderr if not result.ok else sys.stdout)
    print(f"executed {len(results) - len(results.failed)} of {len(results)} notebook(s); "
          f"status in {Path(args.out) / 'RUN_STATUS.md'}")
    return 1 if results.failed else 0


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    print(f"warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (see the module docstring).

    Examples
    --------
    >>> main(["build", "--raw", "no/such/folder", "--out", "no/such/out"])
    1
    """
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return _run(args)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted (Ctrl-C): temporary files removed; an earlier output, if any, is left as it was",
              file=sys.stderr)
        return 130
    except MemoryError:
        print("error: out of memory. Fix: split very large texts into several documents, lower --workers, "
              "or use a machine with more memory.", file=sys.stderr)
        return 1
    except OSError as err:
        from corpus_tools.outputs import explain_os_error

        print(f"error: {explain_os_error(err)}", file=sys.stderr)
        return 1
    except Exception as err:  # a failing notebook cell: name it in one line
        if type(err).__name__ in ("PapermillExecutionError", "CellExecutionError"):
            first = str(err).strip().splitlines()
            detail = f"{getattr(err, 'ename', '')}: {getattr(err, 'evalue', '')}".strip(": ") or (first[-1] if first else "")
            cell = getattr(err, "exec_count", None)
            print(f"error: a notebook failed{f' at cell {cell}' if cell is not None else ''} ({detail}). Fix: open "
                  "the executed copy under --out/notebooks to see the cell and its message.", file=sys.stderr)
            return 1
        raise
