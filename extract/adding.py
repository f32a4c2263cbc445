"""Adding a document to a corpus: the file copied in, its sha256, a manifest entry proposed and checked.

``strategy-extract add FILE_OR_URL`` is this module. A user brings a council's PDF (or a text export);
:func:`propose` reads what it can from the file (the PDF's title metadata, the largest line of its first
page, the years and the council named on its first pages, the kind of document its title says) and
proposes an entry; every field can be given instead (the command line's options). :func:`add` copies the
file into the corpus folder under the entry's id, appends the entry to ``documents.yml`` (and a council
not yet known to ``boroughs.csv``), and loads the corpus again: if it does not validate, every file is put
back as it was and the error says why. Nothing is ever half added.
"""

from __future__ import annotations

import csv
import re
import shutil
import tempfile
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from models import Borough, ManifestDocument

from .corpus import BOROUGHS, MANIFEST, load_corpus, sha256_of
from .errors import ManifestError, StrategyExtractError

#: The largest file downloaded (bytes): council plans are a few MB; a bigger answer is not a plan.
MAX_DOWNLOAD = 200 * 2**20
#: Pages read for proposing the entry: a plan's cover and contents say what it is.
PROPOSAL_PAGES = 3
#: Words a title has at most (the bundled corpus's longest title has 16): more words in the largest
#: type of a first page are body text, and the page's first line is proposed instead.
TITLE_WORDS = 25

#: Words of a title that say what kind of document it is, first match wins (models.manifest.DocType).
DOC_TYPES = (
    (re.compile(r"\baction\s+plan", re.I), "action_plan"),
    (re.compile(r"\b(?:progress|update|monitoring|performance|annual\s+report)\b", re.I), "progress_report"),
    (re.compile(r"\bstrateg(?:y|ies)\b", re.I), "strategy"),
    (re.compile(r"\b(?:board|committee|cabinet|council)\s+(?:paper|report|meeting)|\bagenda\b", re.I), "board_paper"),
    (re.compile(r"\bplan\b", re.I), "plan"),
)

#: A period as titles write it: "2015-2020", "2013/14", "2022-23", "2024 to 2027"; else one year.
_PERIOD = re.compile(r"\b((?:19|20)\d\d)\s*(?:[-–/]|to)\s*((?:19|20)?\d\d)\b")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


class AddError(StrategyExtractError):
    """A document could not be added; the corpus is as it was."""


@dataclass(frozen=True)
class Proposal:
    """A manifest entry proposed for a file, each field either read from the file or given."""

    id: str
    borough: str
    title: str
    doc_type: str
    period_start: int
    period_end: int
    source_url: str | None
    format: str


@dataclass(frozen=True)
class NewBorough:
    """A council not yet in boroughs.csv, given on the command line."""

    id: str
    name: str
    official_name: str
    gss_code: str
    region: str
    authority_type: str


# -- fetching ---------------------------------------------------------------------------


def is_url(source: str) -> bool:
    return urllib.parse.urlparse(source).scheme in {"http", "https"}


@contextmanager
def fetched(source: str) -> Iterator[Path]:
    """A local path for ``source``: the file itself, or a temporary copy of what the URL answers."""
    if not is_url(source):
        path = Path(source)
        if not path.is_file():
            raise AddError(f"{source}: no such file (give a PDF or text export, or an http(s) URL)")
        yield path
        return
    name = Path(urllib.parse.urlparse(source).path).name or "document.pdf"
    with tempfile.TemporaryDirectory(prefix="strategy-extract-add-") as folder:
        target = Path(folder) / name
        try:
            with urllib.request.urlopen(source, timeout=60) as answer, target.open("wb") as file:  # noqa: S310 (http(s) only)
                while chunk := answer.read(1 << 20):
                    if file.tell() + len(chunk) > MAX_DOWNLOAD:
                        raise AddError(f"{source}: larger than {MAX_DOWNLOAD >> 20} MB: not downloaded")
                    file.write(chunk)
        except OSError as error:  # URLError, HTTPError, timeouts
            raise AddError(f"{source}: could not be downloaded: {getattr(error, 'reason', error)}") from None
        yield target


def file_format(path: Path) -> str:
    """pdf or text, from the file's first bytes (a PDF) and its name (a text export)."""
    with path.open("rb") as file:
        head = file.read(1024)
    if head.lstrip().startswith(b"%PDF"):
        return "pdf"
    if path.suffix.lower() in {".txt", ".md", ".text"}:
        return "text"
    if path.suffix.lower() == ".pdf":
        raise AddError(f"{path.name}: named .pdf but is not a PDF (it starts {head[:20]!r}): not added")
    raise AddError(f"{path.name}: neither a PDF nor a text export (.txt, .md): not added")


# -- proposing ----------------------------------------------------------------------------


def first_pages(path: Path, format: str) -> tuple[str | None, str, str]:
    """The PDF's title metadata, the largest line of its first page, and the text of its first pages."""
    if format == "text":
        text = path.read_text(encoding="utf-8", errors="replace")
        lines = [line.strip(" #*\t") for line in text.splitlines() if line.strip(" #*\t")]
        return None, lines[0] if lines else "", "\n".join(lines[:200])
    import pdfplumber
    import pypdfium2

    try:
        metadata = pypdfium2.PdfDocument(path).get_metadata_dict()
        with pdfplumber.open(path) as pdf:
            pages = pdf.pages[:PROPOSAL_PAGES]
            text = "\n".join(page.extract_text() or "" for page in pages)
            largest = _largest_line(pages[0]) if pages else ""
    except Exception as error:  # a PDF neither library can open: say so, add nothing
        raise AddError(f"{path.name}: the PDF cannot be read ({type(error).__name__}: {error}): not added") from None
    return metadata.get("Title") or None, largest, text


def _largest_line(page: Any) -> str:  # a pdfplumber page
    words = page.extract_words(extra_attrs=["size"])
    if not words:
        return ""
    size = max(round(word["size"], 1) for word in words)
    big = [word for word in words if round(word["size"], 1) >= size - 0.5]
    if len(big) > TITLE_WORDS:  # no type larger than the body's: the first line stands for the title
        top = min(round(word["top"]) for word in words)
        big = [word for word in words if abs(round(word["top"]) - top) <= 2]
    return " ".join(word["text"] for word in sorted(big, key=lambda w: (round(w["top"]), w["x0"])))


def propose_title(metadata_title: str | None, largest_line: str, fallback: str) -> str:
    """The PDF's own title unless it is a word processor's file name, else its first page's largest line."""
    title = re.sub(r"^(?:Microsoft (?:Word|PowerPoint) - )", "", metadata_title or "").strip()
    if title and not re.search(r"\.(?:docx?|pptx?|pdf)$|^untitled", title, re.I):
        return title
    return re.sub(r"\s+", " ", largest_line).strip() or fallback


def propose_period(*texts: str) -> tuple[int, int] | None:
    """The years a document covers, from its title first: "2015-2020" -> (2015, 2020), "2013/14" -> (2013, 2014)."""
    for text in texts:
        match = _PERIOD.search(text)
        if match:
            start, end = int(match.group(1)), match.group(2)
            end_year = int(end) if len(end) == 4 else start // 100 * 100 + int(end)
            if start <= end_year <= start + 15:
                return start, end_year
        years = [int(y) for y in _YEAR.findall(text)]
        if years:
            return years[0], years[0]
    return None


def propose_doc_type(title: str) -> str:
    return next((kind for pattern, kind in DOC_TYPES if pattern.search(title)), "plan")


def propose_borough(boroughs: list[Borough], *texts: str) -> str | None:
    """The council named most on the first pages (its name or official name), the title's first."""
    for text in texts:
        counts = Counter(
            {b.id: len(re.findall(rf"\b{re.escape(b.name)}\b", text)) for b in boroughs}
        )
        counts = Counter({key: n for key, n in counts.items() if n})
        if counts:
            return counts.most_common(1)[0][0]
    return None


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def propose(
    path: Path, corpus_dir: Path, source_url: str | None = None, new_borough: NewBorough | None = None,
    **given: object,
) -> Proposal:
    """The manifest entry proposed for ``path``; fields in ``given`` (not None) win over what is read."""
    corpus = load_corpus(corpus_dir)
    format = file_format(path)
    metadata_title, largest, text = first_pages(path, format)
    title = str(given.get("title") or propose_title(metadata_title, largest, path.stem))
    period = propose_period(title, text)
    start = given.get("period_start") or (period[0] if period else None)
    end = given.get("period_end") or (period[1] if period else start)
    if start is None:
        raise AddError(f"{path.name}: no years found in its title or first pages: give --period-start and --period-end")
    boroughs = list(corpus.boroughs) + ([Borough(**asdict(new_borough))] if new_borough else [])
    borough = given.get("borough") or (new_borough.id if new_borough else None) or propose_borough(boroughs, title, text)
    if borough is None:
        raise AddError(f"{path.name}: no council of {corpus_dir / BOROUGHS} is named on its first pages: give "
                       "--borough ID (or, for a council not listed, --borough-name, --gss-code and --borough-type)")
    doc_type = str(given.get("doc_type") or propose_doc_type(title))
    years = f"{start}-{end}" if end != start else f"{start}"
    document_id = str(given.get("id") or slug(f"{borough}-{years}-{doc_type.replace('_', '-')}"))
    return Proposal(document_id, str(borough), title, doc_type, int(str(start)), int(str(end)), source_url, format)


# -- adding ---------------------------------------------------------------------------------


def add(path: Path, corpus_dir: Path, proposal: Proposal, new_borough: NewBorough | None = None) -> ManifestDocument:
    """Copy the file in, append its entry (and a new council), and validate; on any problem put every file
    back as it was and raise :class:`AddError` saying why."""
    corpus = load_corpus(corpus_dir)
    if any(document.id == proposal.id for document in corpus.documents):
        raise AddError(f"{corpus_dir / MANIFEST}: a document {proposal.id!r} is already listed: give another --id")
    target = corpus_dir / f"{proposal.id}.{'pdf' if proposal.format == 'pdf' else 'txt'}"
    if target.exists():
        raise AddError(f"{target}: a file of that name is already in the corpus: give another --id")
    manifest, boroughs = corpus_dir / MANIFEST, corpus_dir / BOROUGHS
    before = {manifest: manifest.read_bytes(), boroughs: boroughs.read_bytes()}
    try:
        shutil.copyfile(path, target)
        entry = {
            "id": proposal.id, "borough": proposal.borough, "title": proposal.title, "doc_type": proposal.doc_type,
            "period_start": proposal.period_start, "period_end": proposal.period_end, "published": None,
            "source_url": proposal.source_url,
            "files": [{"path": target.name, "format": proposal.format, "sha256": sha256_of(target)}],
        }
        ManifestDocument.model_validate(entry)  # a wrong field is named before anything is written
        _append_entry(manifest, entry)
        if new_borough and not any(b.id == new_borough.id for b in corpus.boroughs):
            _append_borough(boroughs, new_borough)
        added = load_corpus(corpus_dir)
    except (StrategyExtractError, ValueError, OSError) as error:
        for file, content in before.items():
            file.write_bytes(content)
        target.unlink(missing_ok=True)
        problems = "\n".join(error.problems) if isinstance(error, ManifestError) else str(error)
        raise AddError(f"{path.name} was not added, and the corpus is as it was:\n{problems}") from None
    return next(document for document in added.documents if document.id == proposal.id)


def _append_entry(manifest: Path, entry: dict) -> None:
    """The entry appended to the manifest's documents list, keeping the file's comments and layout (its
    list items indented as the first one is), and checked: read back, the list ends with the entry."""
    text = manifest.read_text(encoding="utf-8")
    first_item = re.search(r"^documents:[ \t]*\n(?:[ \t]*(?:#.*)?\n)*([ \t]*)- ", text, re.M)
    indent = first_item.group(1) if first_item else "  "
    block = yaml.safe_dump([entry], sort_keys=False, allow_unicode=True, width=120)
    indented = "".join(indent + line if line.strip() else line for line in block.splitlines(keepends=True))
    updated = text.rstrip("\n") + "\n\n" + indented
    if (yaml.safe_load(updated) or {}).get("documents", [None])[-1] != entry:
        raise AddError(f"{manifest}: its documents list is not the last thing in it: add the entry by hand")
    manifest.write_text(updated, encoding="utf-8")


def _append_borough(path: Path, borough: NewBorough) -> None:
    text = path.read_text(encoding="utf-8")
    with path.open("a", encoding="utf-8", newline="") as file:
        if text and not text.endswith("\n"):
            file.write("\n")
        csv.writer(file, lineterminator="\n").writerow(
            [borough.id, borough.name, borough.official_name, borough.gss_code, borough.region, borough.authority_type]
        )


__all__ = ["AddError", "NewBorough", "Proposal", "add", "fetched", "propose"]
