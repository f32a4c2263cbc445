"""The strategy-extract command line: build, validate, add, review, serve, metadata, evaluate."""

from __future__ import annotations

from typing import NoReturn

import importlib.util
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import click

from . import __version__
from .errors import StrategyExtractError
from .pipeline.limits import DEFAULT_FILE_MB, DEFAULT_MEMORY_LIMIT, DEFAULT_PAGE_LIMIT, DEFAULT_TIME_LIMIT, Limits, with_limits

if TYPE_CHECKING:
    from .corpus import Corpus

DEFAULT_CORPUS = Path("corpus")
DEFAULT_DB = Path("outputs/community_safety.db")
DEFAULT_CACHE = Path("outputs/extracted")
DEFAULT_METADATA = Path("metadata.yml")
DEFAULT_GOLD = Path("tests/gold")


def _fail(error: Exception) -> NoReturn:
    click.secho(f"Error: {error}", fg="red", err=True)
    sys.exit(1)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="strategy-extract")
def cli() -> None:
    """Turn council strategy documents into a SQLite database, published with Datasette."""


@cli.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=DEFAULT_CORPUS,
              show_default=True, help="Corpus folder holding documents.yml and the source files.")
@click.option("--db", "database", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_DB,
              show_default=True, help="Database file to (re)build.")
@click.option("--prefer", type=click.Choice(["pdf", "text"]), default=None,
              help="Read each document from a file of this format when it has one (default: its PDF).")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes to extract documents in.")
@click.option("--dask-scheduler", metavar="ADDRESS", default=None,
              help="Extract on the Dask cluster whose scheduler is at ADDRESS (e.g. tcp://10.0.0.5:8786) instead "
                   "of --workers; its workers must see the corpus folder at the same path. Needs the [dist] extra.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CACHE,
              show_default=True, help="Where extracted records are kept, so unchanged documents are not read again.")
@click.option("--no-cache", is_flag=True, help="Read every document again, and keep nothing.")
@click.option("--time-limit", type=click.FloatRange(min=0), default=DEFAULT_TIME_LIMIT, show_default=True,
              help="Seconds one document's extraction may take before it is stopped and marked failed (0: none).")
@click.option("--page-limit", type=click.IntRange(min=0), default=DEFAULT_PAGE_LIMIT, show_default=True,
              help="Pages of one PDF that are read; the rest are left out with an error issue (0: all).")
@click.option("--memory-limit", type=click.IntRange(min=0), default=DEFAULT_MEMORY_LIMIT, show_default=True,
              help="MiB of memory one document's extraction may add before it is stopped (0: none).")
@click.option("--force", is_flag=True, help="Rebuild the database even when nothing changed since it was built.")
@click.option("--no-links", is_flag=True,
              help="Leave out the links between commitments (a quicker build when only the records are wanted).")
@click.option("--strict", is_flag=True, help="Exit non-zero if any document failed, any error was recorded, or a document was little read "
                   "(no commitments, or a table whose columns were not understood).")
@click.option("--max-file-mb", type=click.IntRange(min=0), default=DEFAULT_FILE_MB, show_default=True,
              help="Largest source file the corpus may list, in MiB, checked before it is hashed (0: no limit).")
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but errors.")
def build(
    corpus_dir: Path, database: Path, prefer: str | None, workers: int, dask_scheduler: str | None, cache_dir: Path,
    no_cache: bool, time_limit: float, page_limit: int, memory_limit: int, force: bool, no_links: bool,
    strict: bool, quiet: bool, max_file_mb: int,
) -> None:
    """Build the database from the corpus.

    The database is replaced only when the build succeeds; a manifest problem stops the
    build and leaves the previous database as it was. A manifest entry's own time_limit,
    page_limit or memory_limit wins over the options. When nothing changed since it was
    built (corpus, code, options), it is kept as it is.
    """
    _exit_on_sigterm()
    limits = Limits(time=time_limit, pages=page_limit, memory=memory_limit)
    corpus = _load_corpus(corpus_dir, max_file_mb)
    if not (no_cache or force) and _up_to_date(corpus, database, prefer, limits, links=not no_links, quiet=quiet):
        return
    from tqdm import tqdm

    from .pipeline.build import build as run_build

    # A bar on a terminal; one line per document in a log; nothing with --quiet.
    bar = tqdm(unit="doc", desc="documents", disable=quiet or not sys.stderr.isatty(), leave=False)
    pages = 0

    def progress(extraction) -> None:
        nonlocal pages
        document = extraction.document
        pages += document.page_count or 0
        if not bar.disable:
            bar.update(1)
            bar.set_postfix(pages=pages, refresh=False)
        elif not quiet:
            mark = click.style("failed", fg="red") if extraction.error else "ok"
            click.echo(f"  {document.id}: {mark}", err=True)

    linking = tqdm(unit="borough", desc="links", disable=bar.disable, leave=False)

    def links_progress(done: int, total: int) -> None:
        linking.total = total
        linking.update(done - linking.n)

    try:
        report = run_build(
            corpus, database, on_document=progress, prefer=prefer,  # type: ignore[arg-type]
            workers=workers, cache_dir=None if no_cache else cache_dir, dask_scheduler=dask_scheduler,
            limits=limits, links=not no_links, force=force, on_links=links_progress,
        )
    except StrategyExtractError as error:
        _fail(error)
    finally:
        bar.close()
        linking.close()
    if not quiet:
        click.echo(report.summary())
    if strict and (report.failed or report.errors or report.little_read):
        sys.exit(1)


def _exit_on_sigterm() -> None:
    """SIGTERM ends the build as Ctrl-C does: its temporary file removed, its workers stopped (their pool shut
    down; killed outright, SIGKILL, they die with it all the same: executors._worker_start)."""
    import signal

    def stop(number: int, frame: object) -> None:
        raise SystemExit(128 + number)

    signal.signal(signal.SIGTERM, stop)


def _load_corpus(corpus_dir: Path, max_file_mb: int = DEFAULT_FILE_MB) -> Corpus:
    """The corpus, checked (every source file hashed): once, for the up-to-date check and the build."""
    from .corpus import load_corpus

    try:
        return load_corpus(corpus_dir, max_file_mb * 2**20)
    except StrategyExtractError as error:
        _fail(error)


def _up_to_date(corpus: Corpus, database: Path, prefer: str | None, limits: Limits, links: bool, quiet: bool) -> bool:
    """Say so and return True when the database was built from exactly these inputs.

    Checked before the pipeline (spaCy, the readers) is imported, so that a build with nothing
    to do takes a moment; ``pipeline.build`` checks the same on its own.
    """
    from .pipeline.freshness import unchanged_summary, up_to_date

    corpus = replace(corpus, documents=with_limits(corpus.documents, limits))  # as the build sees it
    counts = up_to_date(corpus, database, prefer, links)
    if counts is None:
        return False
    if not quiet:
        click.echo(unchanged_summary(database, len(corpus.documents), counts))
    return True


@cli.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path), default=DEFAULT_CORPUS,
              show_default=True, help="Corpus folder to check.")
@click.option("--max-file-mb", type=click.IntRange(min=0), default=DEFAULT_FILE_MB, show_default=True,
              help="Largest source file the corpus may list, in MiB, checked before it is hashed (0: no limit).")
def validate(corpus_dir: Path, max_file_mb: int) -> None:
    """Check the corpus (manifest, files, sha256s, boroughs, neighbours, codebook, reviews, typeset layouts) and the
    pipeline's language data (extract/**/*.yml), each against its schema."""
    from .corpus import load_corpus
    from .language_data import check_language_data

    try:
        corpus = load_corpus(corpus_dir, max_file_mb * 2**20)
        layouts = corpus_dir / "typeset.yml"
        if layouts.exists() and importlib.util.find_spec("reportlab"):  # the typeset extra is installed
            from .typeset.spec import load_spec

            load_spec(layouts)
        vocabularies = check_language_data()
        from .review.decisions import REVIEWS, load_reviews

        reviewed = f", {len(load_reviews(corpus_dir / REVIEWS))} review decisions" if (corpus_dir / REVIEWS).exists() else ""
    except StrategyExtractError as error:
        _fail(error)
    click.echo(
        f"{corpus_dir}: {len(corpus.documents)} documents, {len(corpus.boroughs)} boroughs, "
        f"{len(corpus.neighbours) // 2} neighbour pairs{reviewed}: all valid; {len(vocabularies)} vocabularies valid."
    )


@cli.command()
@click.argument("source", metavar="FILE_OR_URL")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CORPUS,
              show_default=True, help="Corpus folder to add it to.")
@click.option("--id", "document_id", help="Document id (default: borough, years and kind, e.g. barnet-2015-2020-strategy).")
@click.option("--title", help="Title (default: the PDF's title, else its first page's largest line).")
@click.option("--type", "doc_type", type=click.Choice(["strategy", "action_plan", "plan", "progress_report", "board_paper"]),
              help="Kind of document (default: from the words of its title).")
@click.option("--period-start", type=click.IntRange(1900, 2200), help="First year it covers (default: from its title).")
@click.option("--period-end", type=click.IntRange(1900, 2200), help="Last year it covers (default: from its title).")
@click.option("--borough", help="Id of its council in boroughs.csv (default: the council its first pages name most).")
@click.option("--source-url", help="Where the original is published (default: the URL it was downloaded from).")
@click.option("--borough-name", help="A council not yet in boroughs.csv: its short name ...")
@click.option("--official-name", help="... its official name (default: the short name) ...")
@click.option("--gss-code", help="... its ONS GSS code, e.g. E07000012 ...")
@click.option("--borough-type", help="... its kind: london_borough, district, county, unitary ...")
@click.option("--region", default="England", show_default=True, help="... and its region.")
@click.option("-y", "--yes", is_flag=True, help="Add without asking to confirm the proposed entry.")
def add(source: str, corpus_dir: Path, document_id: str | None, title: str | None, doc_type: str | None,
        period_start: int | None, period_end: int | None, borough: str | None, source_url: str | None,
        borough_name: str | None, official_name: str | None, gss_code: str | None, borough_type: str | None,
        region: str, yes: bool) -> None:
    """Add a PDF or text export (a file or an http(s) URL) to the corpus: copy it in, compute its sha256,
    propose its manifest entry from the file, and validate. Options override what is proposed."""
    from . import adding

    new_borough = None
    if borough_name:
        if not (gss_code and borough_type):
            _fail(adding.AddError("a council not yet in boroughs.csv needs --borough-name, --gss-code and --borough-type"))
        new_borough = adding.NewBorough(
            borough or adding.slug(borough_name), borough_name, official_name or borough_name, gss_code, region, borough_type
        )
    try:
        with adding.fetched(source) as path:
            proposal = adding.propose(
                path, corpus_dir, source_url or (source if adding.is_url(source) else None), new_borough,
                id=document_id, title=title, doc_type=doc_type, period_start=period_start, period_end=period_end,
                borough=borough,
            )
            for name, value in vars(proposal).items():
                click.echo(f"  {name + ':':<14}{value}")
            if not yes and not click.confirm(f"Add {path.name} to {corpus_dir} as {proposal.id}?", default=True):
                click.echo("Not added.")
                return
            added = adding.add(path, corpus_dir, proposal, new_borough)
    except StrategyExtractError as error:
        _fail(error)
    click.echo(f"Added {added.id} ({added.files[0].path}, sha256 {added.files[0].sha256[:12]}...) to "
               f"{corpus_dir / 'documents.yml'}: the corpus validates. Next: strategy-extract build")


@cli.command()
@click.option("--document", help="Review only the commitments of this document (its id).")
@click.option("--db", "database", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_DB,
              show_default=True, help="Built database whose candidates and links are reviewed.")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CORPUS,
              show_default=True, help="Corpus folder whose reviews.yml the decisions are written to.")
@click.option("--reviewer", help="Who is deciding: a name or initials (default: your login name).")
@click.option("--top", type=click.IntRange(1, 9), default=5, show_default=True,
              help="Candidates shown per commitment and later document: those ranked this well or better from either end "
              "(rank or reverse rank; links are shown whatever their rank).")
@click.option("--export", "export_to", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Write the candidate pairs to this CSV file (with the verdicts so far) to fill in a spreadsheet.")
@click.option("--import", "import_from", type=click.Path(path_type=Path, dir_okay=False, exists=True), default=None,
              help="Merge the verdicts of a filled CSV file (from --export) into reviews.yml.")
def review(document: str | None, database: Path, corpus_dir: Path, reviewer: str | None, top: int,
           export_to: Path | None, import_from: Path | None) -> None:
    """Confirm or reject the links the machine proposes between a borough's commitments.

    Shows one commitment (document, priority, number, text, progress) and its candidates in one
    later document of the borough, then the next; one key per verdict: c continues, r revised, n not the same, s skip,
    q quit (? lists every key). Each verdict is written to <corpus>/reviews.yml at once, and the next
    session starts where this one stopped. The next build applies the decisions (method 'reviewed').
    With --export / --import, the same through a spreadsheet.
    """
    import getpass

    from .review.decisions import REVIEWS, load_reviews

    reviews = corpus_dir / REVIEWS
    if not database.exists() and import_from is None:
        _fail(StrategyExtractError(f"{database}: no database yet; run `strategy-extract build` first"))
    try:
        if import_from is not None:
            from .review.spreadsheet import import_csv

            click.echo(import_csv(import_from, reviews, reviewer).summary(reviews))
            return
        if export_to is not None:
            from .review.spreadsheet import export_csv

            exported = export_csv(database, reviews, export_to, document=document, top=top)
            click.echo(f"Wrote {export_to}: {exported.rows} candidate pairs, {exported.decided} of them decided. Fill "
                       f"the verdict column (continues, revised or not_same), then: strategy-extract review --import "
                       f"{export_to}")
            return
        _review_in_terminal(database, reviews, document, reviewer or getpass.getuser(), top, load_reviews(reviews))
    except StrategyExtractError as error:
        _fail(error)


def _review_in_terminal(database: Path, reviews: Path, document: str | None, reviewer: str, top: int,
                        decisions: list) -> None:
    """The review loop: draw the screen, read a key, write what it decided at once."""
    import shutil

    from .review.decisions import append, record
    from .review.session import Session, keys_of, load_items, render

    items = load_items(database, document=document, top=top)
    session = Session(items, decisions, reviewer)
    if not items:
        click.echo(f"{database}: no candidates to review{f' for {document}' if document else ''}.")
        return
    terminal = sys.stdout.isatty()
    in_file = {decision.pair for decision in decisions}  # pairs the file has a decision on
    done = False
    while not done and session.current() is not None:
        if terminal:
            click.clear()
        width = shutil.get_terminal_size((100, 30)).columns
        click.echo(render(session, width, style=click.style if terminal else lambda text, **_: text))
        try:
            keys = keys_of(click.getchar())
        except (KeyboardInterrupt, EOFError):
            break
        for key in keys:
            outcome = session.press(key)
            if outcome.ask_note:
                session.note = click.prompt("Note for the next verdict", default="", show_default=False) or None
            if outcome.decisions:  # written at once: a crash loses nothing
                fresh = all(decision.pair not in in_file for decision in outcome.decisions)
                if not (fresh and append(reviews, outcome.decisions)):  # a changed verdict: the file rewritten
                    record(reviews, outcome.decisions)
                in_file.update(decision.pair for decision in outcome.decisions)
            if outcome.quit or session.current() is None:
                done = True
                break
    left = session.undecided_pairs()
    click.echo(f"\n{session.written} decisions written to {reviews} this session; {left} candidate pairs left "
               f"undecided{' (this session skipped some: they come back next time)' if session.skipped and left else ''}.")


@cli.command()
@click.option("--db", "database", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_DB,
              show_default=True, help="Database to serve.")
@click.option("--metadata", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_METADATA,
              show_default=True, help="Datasette metadata file.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("-p", "--port", default=8001, show_default=True, help="Port to listen on.")
@click.option("--sql-time-limit-ms", default=1000, show_default=True, help="Longest a query may run.")
@click.option("--sql-threads", type=click.IntRange(min=0), default=3, show_default=True,
              help="Threads that run SQL (0: in the server's own thread, where one slow query holds every "
                   "request; see bench/load_test.py).")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CORPUS,
              show_default=True, help="Corpus folder whose files the site serves at /corpus/ (records link to them).")
@click.option("--reload/--no-reload", default=True, show_default=True,
              help="Restart when the database is rebuilt (or the metadata changes), so pages and the /DB.db "
                   "download always show the same build.")
def serve(database: Path, metadata: Path, host: str, port: int, sql_time_limit_ms: int, sql_threads: int,
          corpus_dir: Path, reload: bool) -> None:
    """Serve the database with Datasette, immutable and read-only.

    SQL runs in three threads, ad hoc SQL (?sql=) in one of them at a time: a slow or hostile query
    holds its thread until the SQL time limit stops it, and the site's pages are answered from the
    others meanwhile (bench/load_test.py measures both: the ordinary load, and issue 17's hostile cases).
    """
    if not database.exists():
        _fail(StrategyExtractError(f"{database}: no database yet; run `strategy-extract build` first"))
    command = [
        sys.executable, "-m", "datasette", "-i", str(database),  # serve, the default command (--reload re-reads argv)
        "--host", host, "--port", str(port),
        "--setting", "sql_time_limit_ms", str(sql_time_limit_ms),
        "--setting", "num_sql_threads", str(sql_threads),
        # Facet suggestions scan a table once per column: seconds on a large database. The facets
        # worth having are declared in metadata.yml.
        "--setting", "suggest_facets", "off",
    ]
    if metadata.exists():
        command += ["--metadata", str(metadata)]
    if reload:  # a rebuild replaces the file: without a restart, pages read the old one and /DB.db the new
        command += ["--reload"]
    from .publish.site import PLUGINS

    command += ["--plugins-dir", str(PLUGINS)]
    if corpus_dir.is_dir():  # the source files, each record's page linking to its document at that page
        command += ["--static", f"corpus:{corpus_dir.resolve()}"]
    click.echo(f"Serving {database} on http://{host}:{port}/", err=True)
    os.execv(sys.executable, command)


@cli.command()
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path, file_okay=False), default=DEFAULT_CORPUS,
              show_default=True, help="Corpus folder holding typeset.yml and the text exports.")
@click.argument("ids", nargs=-1)
def typeset(corpus_dir: Path, ids: tuple[str, ...]) -> None:
    """Re-typeset the corpus text exports as PDFs laid out like their originals.

    Layouts and corrections are in typeset.yml; output is byte-identical on every run.
    Give document ids to typeset only those. Needs reportlab (pip install strategy-extract[typeset]).
    """
    from .typeset import typeset_corpus

    try:
        for made in typeset_corpus(corpus_dir, list(ids) or None):
            click.echo(made.summary())
    except StrategyExtractError as error:  # a wrong typeset.yml: named, with no traceback
        _fail(error)


@cli.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=DEFAULT_METADATA,
              show_default=True, help="Where to write the metadata ('-' for standard output).")
def metadata(output: Path) -> None:
    """Write metadata.yml (the Datasette site) from the models."""
    from .publish.site import metadata_yaml

    text = metadata_yaml()
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}", err=True)


@cli.command()
@click.option("--db", "database", type=click.Path(path_type=Path, dir_okay=False),
              default=DEFAULT_DB, show_default=True, help="Built database to score.")
@click.option("--gold", type=click.Path(path_type=Path, file_okay=False, exists=True), default=DEFAULT_GOLD,
              show_default=True, help="Folder of hand-made gold annotations (<document id>.json).")
@click.option("--corpus", "corpus_dir", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
              help="Build this corpus folder first (into outputs/evaluate/<folder>.db, without links) and score that "
                   "database, e.g. the development set: python bench/real_documents.py lays it out.")
@click.option("--details/--no-details", default=True, show_default=True, help="List what was missed and extra.")
def evaluate(database: Path, gold: Path, corpus_dir: Path | None, details: bool) -> None:
    """Score the database against the gold annotations: precision, recall and F1 per kind and document,
    and each bar of issue 13 averaged over documents.

    Matching rules are in extract/evaluate/ and tests/gold/SCHEMA.md.
    """
    from .evaluate import evaluate as run_evaluate
    from .evaluate import evaluate_cross_document

    if corpus_dir is not None:
        from .pipeline.build import build as run_build

        database = Path("outputs/evaluate") / f"{corpus_dir.resolve().name}.db"
        database.parent.mkdir(parents=True, exist_ok=True)
        try:
            click.echo(run_build(_load_corpus(corpus_dir), database, links=False, force=True).summary(), err=True)
        except StrategyExtractError as error:
            _fail(error)
    elif not database.exists():
        _fail(StrategyExtractError(f"{database}: no database to score; run `strategy-extract build` first, or give --corpus"))
    scored = run_evaluate(database, gold)
    click.echo(scored.table(details=details))
    click.echo("\n" + scored.bars())
    for report in evaluate_cross_document(database, gold, details):
        click.echo("\n" + report)


if __name__ == "__main__":  # python -m extract.cli
    cli()
