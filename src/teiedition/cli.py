"""Command line: argument parsing and exit codes only; the work is done by the library.

Every subcommand is a pair: ``_add_<name>(subparsers)`` declares it, ``_run_<name>(args)``
runs it and returns the exit code. Library errors (``TeieditionError``) are turned into one
line on stderr and their exit code in ``main``; nothing else is caught, so bugs stay visible.
"""
from __future__ import annotations

import argparse
import functools
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__
from .errors import TeieditionError


def _add_convert(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("convert", help="convert one chapter text to TEI",
                       description="Convert a chapter text (a chapter web page saved as text, or plain "
                       "text with a Notes section) to TEI P5. Writes to stdout unless -o is given.")
    p.add_argument("input", help="the chapter text")
    p.add_argument("-o", "--output", help="where to write the TEI (default: stdout)")
    p.add_argument("--force", action="store_true",
                   help="replace the -o file even when it was corrected by hand (its seal broken) "
                   "or not written by teiedition")
    _add_reading_options(p)
    p.set_defaults(run=_run_convert)


def _add_reading_options(p: argparse.ArgumentParser) -> None:
    """How chapter texts are read and dated: shared by convert and build."""
    # Choices set after add_argument, which would read them at once (checking the metavar).
    p.add_argument("--format", dest="fmt", help="input format (default: detected)"
                   ).choices = _LazyChoices(_reader_names)
    p.add_argument("--encoding", help="the input's encoding (default: detected: a BOM, UTF-8, "
                   "or Windows-1252/Latin-1)")
    p.add_argument("--edition-date", type=_iso_date,
                   help="the edition's date (YYYY-MM-DD) for the header, which also "
                   "dates the archive package; default: none, so output does not depend on the clock")


def _run_convert(args: argparse.Namespace) -> int:
    from . import handedit
    from .api import convert_file
    _check_output(args.output)
    if args.output:  # a hand-corrected TEI there is refused before any work
        handedit.check_overwrite(Path(args.output), force=args.force)
    tei_bytes, warnings = convert_file(Path(args.input), fmt=args.fmt, edition_date=args.edition_date,
                                       encoding=args.encoding)
    _print_warnings(args.input, warnings)
    if not args.output:
        return _emit(tei_bytes, None)
    handedit.put_checked(Path(args.output), tei_bytes, force=args.force, validated=True)
    return 0


def _check_output(output: str | None) -> None:
    """Refuse an ``-o`` that can never take a file before doing the work for it."""
    if output:
        from .fileio import check_file_output
        check_file_output(Path(output))


def _emit(data: bytes, output: str | None) -> int:
    """Write a command's result to ``output`` atomically, or to stdout."""
    if output:
        from .fileio import write_atomic
        write_atomic(Path(output), data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _add_build(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("build", help="build editions of chapters (default: the bundled sample)",
                       description="Convert chapters and write each edition into a directory: the TEI "
                       "file, checked for fidelity to the source, and the outputs made from it. INPUTS "
                       "are files, directories (searched for chapter texts, .docx, .odt, .md and TEI .xml files) or "
                       "glob patterns; a TEI file is built as it is, never converted; without INPUTS, "
                       "builds the bundled sample chapter. Chapters whose text and pipeline version "
                       "have not changed since the last build into the same directory are skipped. "
                       "One BOOK.toml (or a directory holding book.toml) builds a book: its chapters, "
                       "book.xml, a static site and book.pdf (docs/books.md).")
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="chapter texts, directories or globs (default: the bundled sample)")
    p.add_argument("-o", "--output", default="build", help="output directory (default: ./build)")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help="chapters built in parallel (default: the number of CPUs)")
    p.add_argument("--force", action="store_true", help="rebuild chapters even when unchanged, and "
                   "replace TEI files in the output directory that were corrected by hand")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="build the chapters on this Dask distributed cluster instead of local "
                   "processes (its workers need teiedition and the output directory; docs/books.md)")
    _add_reading_options(p)
    p.add_argument("--paper", choices=("a4", "us-letter"), default="a4",
                   help="paper size of the PDF (default: a4)")
    p.add_argument("--tei-all", action="store_true",
                   help="also validate against tei_all (needs a copy: teiedition schema fetch); the "
                   "project schema and Schematron rules are always checked")
    p.add_argument("--zip", action="store_true", help="make the archive package a zip file")
    p.add_argument("--bagging-date", help="Bagging-Date of the package (YYYY-MM-DD, or 'now'); "
                   "default: the edition date")
    p.set_defaults(run=_run_build)


def _run_build(args: argparse.Namespace) -> int:
    from .api import BuildOptions
    from .book.spec import book_file
    from .corpus import build_many
    options = BuildOptions(fmt=args.fmt, edition_date=args.edition_date, encoding=args.encoding,
                           paper=args.paper, tei_all=args.tei_all, bag_zip=args.zip,
                           bagging_date=args.bagging_date)
    book = book_file(args.inputs[0]) if len(args.inputs) == 1 else None
    if book is not None:  # BOOK.toml, or a directory holding book.toml (docs/books.md)
        from .book.build import build_book
        build_book(book, Path(args.output), options, jobs=args.jobs, force=args.force,
                   out=sys.stdout, err=sys.stderr, scheduler=args.scheduler)
        return 0
    summary = build_many(args.inputs, Path(args.output), options, jobs=args.jobs,
                         force=args.force, out=sys.stdout, err=sys.stderr, scheduler=args.scheduler)
    return 1 if summary.failed else 0


def _add_render(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("render", help="render a TEI file as a web page (or another output)",
                       description="Render any TEI P5 file (the converter's or another project's) "
                       "with the project's stylesheets. Writes to stdout unless -o is given.")
    p.add_argument("input", help="the TEI file")
    p.add_argument("--to", dest="fmt", default="html", help="output format (default: html)"
                   ).choices = _LazyChoices(_renderer_names)  # set after: see _add_reading_options
    p.add_argument("-o", "--output", help="where to write the output (default: stdout)")
    p.add_argument("--paper", choices=["a4", "us-letter"],
                   help="paper size of the print edition, for --to pdf and typst (default: a4)")
    p.set_defaults(run=_run_render)


def _run_render(args: argparse.Namespace) -> int:
    from .transform import render
    options = {}
    if args.paper:
        if args.fmt not in ("pdf", "typst"):
            print("teiedition: --paper applies to --to pdf and --to typst only", file=sys.stderr)
            return 2
        options["paper"] = args.paper
    _check_output(args.output)
    return _emit(render(Path(args.input), args.fmt, **options), args.output)


def _add_package(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("package", help="make (or --verify) a BagIt bag for a repository",
                       description="Make a BagIt 1.0 bag of an edition for deposit in a repository: "
                       "the TEI, its HTML and PDF (rendered when the build directory has none) and "
                       "Dublin Core and DataCite records made from the teiHeader. Two runs on the "
                       "same input give byte-identical bags. With --verify, check a bag instead: "
                       "exit 0 valid, 1 invalid (every problem named), 2 unreadable.")
    p.add_argument("input", nargs="?", metavar="FILE.xml|BUILD_DIR",
                   help="a TEI file, or a build directory holding one TEI file and its renderings")
    p.add_argument("-o", "--output", help="the bag directory to write (with --zip: the .zip file)")
    p.add_argument("--zip", action="store_true", help="write the bag as one reproducible zip file")
    p.add_argument("--bagging-date", metavar="YYYY-MM-DD|now",
                   help="Bagging-Date (default: the TEI's edition date; 'now' uses the clock)")
    p.add_argument("--verify", metavar="BAG", help="verify a bag (directory or zip) instead")
    p.set_defaults(run=_run_package)


def _run_package(args: argparse.Namespace) -> int:
    from .archive import make_bag, verify_bag
    if args.verify:
        if args.input or args.output or args.zip or args.bagging_date:
            print("teiedition: package --verify BAG takes no other arguments", file=sys.stderr)
            return 2
        problems = verify_bag(Path(args.verify))
        for problem in problems:
            print(f"{args.verify}: {problem}")
        if problems:
            print(f"{args.verify}: invalid bag: {len(problems)} problem(s)", file=sys.stderr)
            return 1
        print(f"{args.verify}: valid bag")
        return 0
    if not args.input or not args.output:
        print("teiedition: package needs FILE.xml|BUILD_DIR and -o OUT (or --verify BAG)",
              file=sys.stderr)
        return 2
    warnings: list = []
    out = make_bag(Path(args.input), Path(args.output), zip=args.zip,
                   bagging_date=args.bagging_date, warnings=warnings)
    for w in warnings:
        print(f"{args.input}: warning: {w.message}", file=sys.stderr)
    print(f"wrote {out}")
    return 0


def _add_validate(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("validate", help="validate TEI files (well-formedness, schemas, Schematron, tei_all)",
                       description="Validate XML files, or directories of *.xml recursively. Reports every "
                       "error as file:line:column: layer: message, then a summary. Default layers: "
                       "well-formedness, TEI namespace and root, the project schema (for files that declare "
                       "themselves teiedition editions), Schematron, and tei_all when a copy is available. "
                       "Exit 0 all valid, 1 any invalid, 2 usage or unreadable input.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="XML files or directories")
    p.add_argument("--schema", help="check only against: project, tei-all, or a FILE.xsd, FILE.rng or FILE.sch")
    p.add_argument("--format", dest="out_format", choices=("text", "json"), default="text",
                   help="report format (default: text)")
    p.add_argument("--tei-all", dest="tei_all", metavar="PATH",
                   help="a local tei_all.rng (default: $TEIEDITION_TEI_ALL, then the copy from 'schema fetch')")
    p.set_defaults(run=_run_validate)


def _run_validate(args: argparse.Namespace) -> int:
    from .validation import validate
    report = validate(args.paths, schema=args.schema, tei_all=args.tei_all)
    sys.stdout.write(report.to_json() if args.out_format == "json" else report.to_text())
    return report.exit_code


def _add_schema(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("schema", help="manage the TEI P5 tei_all schema used by validate",
                       description="Manage the local copy of TEI P5 tei_all (not shipped with teiedition).")
    schema_sub = p.add_subparsers(dest="schema_command", metavar="ACTION")
    f = schema_sub.add_parser("fetch", help="download tei_all.rng from the TEI Consortium into the user cache",
                              description="Download tei_all.rng (RELAX NG) from the TEI Consortium's release "
                              "(or the Vault for --version), check it, and store it in the user cache.")
    f.add_argument("--version", dest="tei_version", metavar="V",
                   help="TEI P5 version, e.g. 4.9.0 (default: the current release)")
    f.add_argument("--url", help="download from this URL instead (a mirror)")
    f.set_defaults(run=_run_schema_fetch)
    # "teiedition schema" alone shows this command's help, not the top-level one.
    p.set_defaults(run=lambda args: (p.print_help(sys.stderr), 2)[1])


def _run_schema_fetch(args: argparse.Namespace) -> int:
    from .validation.fetch import fetch
    fetched = fetch(version=args.tei_version, url=args.url)
    print(f"wrote {fetched.path} (TEI P5 {fetched.version}, {fetched.size} bytes, sha256 {fetched.sha256})")
    return 0


def _add_bibl(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("bibl", help="encode a reference list: one reference per line to TEI <listBibl>",
                       description="Parse references, one per line, with the same parser as the notes, "
                       "and write a TEI <listBibl> with one <bibl> per non-empty line, in order, to "
                       "stdout (or a JSON list of the parts with --format json).")
    p.add_argument("input", nargs="?", default="-", metavar="FILE",
                   help="the reference list (UTF-8); '-' or nothing reads stdin")
    p.add_argument("--format", dest="out_format", choices=("tei", "json"), default="tei",
                   help="output: TEI <listBibl> (default) or JSON")
    p.add_argument("--encoding", help="the input's encoding (default: detected)")
    p.set_defaults(run=_run_bibl)


def _run_bibl(args: argparse.Namespace) -> int:
    from .citations import listbibl
    from .sourcefile import decode, read_text
    if args.input == "-":
        text = decode(sys.stdin.buffer.read(), "<stdin>", args.encoding).text
    else:
        text = read_text(Path(args.input), args.encoding).text
    if args.out_format == "json":
        sys.stdout.write(listbibl.to_json(text))
    else:
        sys.stdout.buffer.write(listbibl.serialize(listbibl.to_tei(text)))
    return 0


def _iso_date(value: str) -> str:
    import datetime
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


class _LazyChoices(Sequence[str]):
    """argparse choices read from their module only when argparse looks at them (a value to
    check, a help or usage message): the readers and renderers take about 0.1 s to import,
    and every other command (validate, first of all) would pay for it on each run."""

    def __init__(self, names: Callable[[], list[str]]):
        self._names = names

    @functools.cached_property
    def _list(self) -> list[str]:
        return self._names()

    def __getitem__(self, index):  # Sequence's overloads, by delegation to a list
        return self._list[index]

    def __len__(self) -> int:
        return len(self._list)

    def __contains__(self, value: object) -> bool:
        return value in self._list


def _reader_names() -> list[str]:
    from .readers import READERS
    return list(READERS)


def _renderer_names() -> list[str]:
    from .transform import RENDERERS
    return list(RENDERERS)


def _print_warnings(name: str, warnings) -> None:
    for w in warnings:
        print(f"{name}{f':{w.line}' if w.line else ''}: warning: {w.message}", file=sys.stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="teiedition",
        description="Turn a scholarly chapter and its notes into a TEI P5 edition, "
        "with structured citations, a web edition and a print edition.")
    parser.add_argument("--version", action="version", version=f"teiedition {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for add in (_add_convert, _add_build, _add_render, _add_package, _add_validate, _add_schema,
                _add_bibl, _add_review, _add_enrich):
        add(sub)
    return parser


def _add_enrich(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enrich", help="add citation markup to the notes of a TEI file made elsewhere",
                       description="Find the citations in the notes of an existing TEI P5 file and mark "
                       "them up as the converter does (bibl with its parts, ref for Ibid., short titles "
                       "and abbreviations), with a bibliography and a list of abbreviations in the back "
                       "matter. Nothing else in the file changes; a citation that would cross the "
                       "note's own markup is left as it is. The result is validated before it is "
                       "written (OUT may be IN itself).")
    p.add_argument("input", metavar="IN.xml", help="the TEI file")
    p.add_argument("-o", "--output", required=True, metavar="OUT.xml", help="where to write the result")
    p.add_argument("--tei-all", dest="tei_all", metavar="PATH",
                   help="a local tei_all.rng to validate with (default: $TEIEDITION_TEI_ALL, then the "
                   "copy from 'schema fetch'; without one, tei_all is not checked)")
    p.set_defaults(run=_run_enrich)


def _run_enrich(args: argparse.Namespace) -> int:
    from .enrich import check_output, enrich_file
    from .fileio import write_atomic
    _check_output(args.output)
    data, result = enrich_file(Path(args.input))
    for note in check_output(Path(args.input), data, args.tei_all):
        print(f"{args.input}: note: {note}", file=sys.stderr)
    for skipped in result.skipped:
        print(f"{args.input}: warning: {skipped}", file=sys.stderr)
    write_atomic(Path(args.output), data)
    print(f"{args.input}: {result.placed} of {result.citations} citations marked up in "
          f"{result.notes} notes", file=sys.stderr)
    return 0


def _add_review(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("review", help="list what in a TEI edition most needs an editor's look",
                       description="Make one HTML page from a TEI file listing, most urgent first, "
                       "citations with low and then medium certainty, unresolved and ambiguous links "
                       "and repairs of the source, each with its note and a link into the web "
                       "edition. Writes to stdout unless -o is given.")
    p.add_argument("input", help="the TEI file")
    p.add_argument("-o", "--output", help="where to write the page (default: stdout)")
    p.add_argument("--edition-url", metavar="URL",
                   help="the web edition the links lead into (default: NAME.html beside the review, "
                   "NAME the TEI file's stem)")
    p.set_defaults(run=_run_review)


def _run_review(args: argparse.Namespace) -> int:
    from .review import render_review
    return _emit(render_review(Path(args.input), args.edition_url), args.output)


def _add_serve(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("serve", help="preview a built book site on 127.0.0.1",
                       description="Serve a build directory (a book's site) on 127.0.0.1 only, "
                       "for previewing; Ctrl-C stops it.")
    p.add_argument("directory", nargs="?", default="build", help="the build directory (default: ./build)")
    p.add_argument("--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    p.set_defaults(run=_run_serve)


def _run_serve(args: argparse.Namespace) -> int:
    from .book.serve import serve
    serve(Path(args.directory), args.port)
    return 0


def _show_warning(message: Warning | str, category: type[Warning], filename: str, lineno: int,
                  file: object = None, line: str | None = None) -> None:
    """A library warning (PdfaWarning, UnknownElementWarning) as one line for the reader,
    not Python's "file:line: Category: message" followed by the source line that warned."""
    print(f"teiedition: warning: {message}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        with warnings.catch_warnings():
            warnings.showwarning = _show_warning
            return args.run(args)
    except TeieditionError as exc:
        print(f"teiedition: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("teiedition: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed early ("teiedition convert x.txt | head"): nothing more to say, and
        # Python's flush at exit would print a traceback, so stdout is pointed at nothing.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


if __name__ == "__main__":
    sys.exit(main())
