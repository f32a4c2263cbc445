"""The corpus: the manifest (documents.yml) and the reference data (boroughs, neighbours).

Everything is checked before anything is built, and every problem is reported at
once, each naming the file, the entry and the field, so that a hand-edited
manifest can be fixed in one pass.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError
from yaml.composer import ComposerError

from models import Borough, BoroughNeighbour, Codebook, ManifestDocument

from .bounded_yaml import TooLarge, bounded
from .errors import ManifestError
from .pipeline.limits import DEFAULT_FILE_MB
from .review.decisions import REVIEWS, read_reviews

MANIFEST = "documents.yml"
BOROUGHS = "boroughs.csv"
NEIGHBOURS = "neighbours.csv"


@dataclass(frozen=True)
class Corpus:
    """A validated corpus folder."""

    root: Path
    documents: list[ManifestDocument]
    boroughs: list[Borough]
    neighbours: list[BoroughNeighbour]

    def path(self, relative: str) -> Path:
        return self.root / relative


def sha256_of(path: Path) -> str:
    with path.open("rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


#: The largest file a corpus may list (bytes), checked before it is hashed (extract/pipeline/limits.py).
MAX_FILE_BYTES = DEFAULT_FILE_MB * 2**20


def load_corpus(root: Path, max_file_bytes: int = MAX_FILE_BYTES) -> Corpus:
    """Read and check a corpus folder; raise :class:`ManifestError` listing every problem.

    ``max_file_bytes``: the largest source file accepted (0: no limit)."""
    root = Path(root)
    if not root.is_dir():
        raise ManifestError([f"{root}: no such corpus folder"], path=str(root))
    problems: list[str] = []
    boroughs = _read_boroughs(root, problems)
    known = {borough.id for borough in boroughs}
    neighbours = _read_neighbours(root, known, problems)
    documents = _read_manifest(root, known, problems, max_file_bytes)
    if (root / CODEBOOK).exists():
        read_codebook(root / CODEBOOK, problems)
    if (root / REVIEWS).exists():  # people's decisions on links (strategy-extract review)
        read_reviews(root / REVIEWS, problems)
    if problems:
        raise ManifestError(problems, path=str(root))
    return Corpus(root, documents, boroughs, neighbours)


#: The codebook's file in a corpus folder (optional: without one, nothing is coded).
CODEBOOK = "codebook.yml"


def read_codebook(path: Path, problems: list[str]) -> Codebook | None:
    """The codebook, validated; None (with its problems, naming the file and the key) if it is wrong."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problems.append(f"{path}{where}: not valid YAML: {getattr(error, 'problem', error)}")
        return None
    if not isinstance(data, dict):
        problems.append(f"{path}: expected 'version:' and a 'themes:' list")
        return None
    return _validated(Codebook, data, str(path), problems)


def load_codebook_file(path: Path) -> Codebook:
    """The codebook, or :class:`ManifestError` listing its problems."""
    problems: list[str] = []
    codebook = read_codebook(path, problems)
    if codebook is None:
        raise ManifestError(problems, path=str(path))
    return codebook


# -- reference data -----------------------------------------------------------------


def _csv_rows(path: Path, problems: list[str]) -> list[tuple[int, dict[str, str]]]:
    if not path.exists():
        problems.append(f"{path}: file not found (every corpus needs it)")
        return []
    with path.open(encoding="utf-8-sig", newline="") as file:
        return [(number, row) for number, row in enumerate(csv.DictReader(file), start=2)]


def _validated(model: type[BaseModel], data: dict[str, Any], where: str, problems: list[str]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors():
            field = ".".join(str(part) for part in detail["loc"]) or "(entry)"
            problems.append(f"{where}, field '{field}': {detail['msg']}")
        return None


def _validated_unique(
    model: type[BaseModel], data: dict[str, Any], where: str, seen: set[str], problems: list[str]
) -> Any:
    """A validated entry whose ``id`` is not one already seen; None (and a problem) otherwise."""
    entry = _validated(model, data, where, problems)
    if entry is None:
        return None
    if entry.id in seen:
        problems.append(f"{where}, field 'id': duplicate id {entry.id!r} (ids must be unique)")
        return None
    seen.add(entry.id)
    return entry


def _read_boroughs(root: Path, problems: list[str]) -> list[Borough]:
    path = root / BOROUGHS
    seen: set[str] = set()
    boroughs = [_validated_unique(Borough, row, f"{path} line {n}", seen, problems) for n, row in _csv_rows(path, problems)]
    return [borough for borough in boroughs if borough is not None]


def _read_neighbours(root: Path, known: set[str], problems: list[str]) -> list[BoroughNeighbour]:
    """Neighbour pairs, stored in both directions."""
    path = root / NEIGHBOURS
    pairs: set[tuple[str, str]] = set()
    for number, row in _csv_rows(path, problems):
        a, b = (row.get("borough_id") or "").strip(), (row.get("neighbour_id") or "").strip()
        for field, value in (("borough_id", a), ("neighbour_id", b)):
            if value not in known:
                problems.append(f"{path} line {number}, field '{field}': unknown borough {value!r}")
        if a == b:
            problems.append(f"{path} line {number}: a borough cannot neighbour itself ({a!r})")
        pairs.update({(a, b), (b, a)})
    return [BoroughNeighbour(borough_id=a, neighbour_id=b) for a, b in sorted(pairs)]


# -- the manifest ---------------------------------------------------------------------


def _read_manifest(root: Path, known: set[str], problems: list[str], max_file_bytes: int) -> list[ManifestDocument]:
    path = root / MANIFEST
    if not path.exists():
        problems.append(f"{path}: file not found (list the corpus documents in it)")
        return []
    found: list[str] = []  # the entries' problems: reported only if the whole file is valid YAML
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[:error.start].count(b"\n") + 1
        problems.append(f"{path} line {line}: not UTF-8 text (byte {error.object[error.start]:#04x} at offset "
                        f"{error.start}); save the file as UTF-8")
        return []
    try:
        documents = _read_entries(root, _manifest_entries(text), known, found, max_file_bytes)
    except RecursionError:
        problems.append(f"{path}: nested too deep to be a manifest (lists or mappings inside each other "
                        f"hundreds of levels down); each document is a mapping of fields")
        return []
    except TooLarge as error:
        problems.append(f"{path}: {error}")
        return []
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        problems.append(f"{path}{where}: not valid YAML: {getattr(error, 'problem', error)}")
        return []
    except _NoDocumentsList:
        problems.append(f"{path}: expected a top-level 'documents:' list")
        return []
    problems.extend(found)
    return documents


class _NoDocumentsList(Exception):
    """The manifest has no top-level ``documents:`` list."""




def _manifest_entries(text: str) -> Iterator[Any]:
    """The entries of a manifest's top-level ``documents:`` list, as ``yaml.safe_load`` reads them,
    but one at a time: the whole file's node tree (not its entries) took ~35 MiB for 2,000 documents,
    the peak of a build's memory. Raises ``yaml.YAMLError`` wherever the file is not valid YAML, and
    ``_NoDocumentsList`` (once the file is read) when it has no such list.
    """
    loader = yaml.SafeLoader(text)
    try:
        loader.get_event()  # the stream's start
        listed = False
        if not loader.check_event(yaml.StreamEndEvent):  # an empty file has no document
            start = loader.get_event()  # the document's start
            listed = yield from _documents_list(loader)
            loader.get_event()  # the document's end
            if not loader.check_event(yaml.StreamEndEvent):
                raise ComposerError("expected a single document in the stream", start.start_mark,
                                    "but found another document", loader.get_event().start_mark)
        if not listed:
            raise _NoDocumentsList
    finally:
        loader.dispose()


def _compose(loader: yaml.SafeLoader) -> yaml.Node:
    """The next node of the stream (at the top level: no parent, no index)."""
    node = loader.compose_node(None, None)  # type: ignore[arg-type]  # PyYAML's stubs want an index; None is what it uses
    assert node is not None
    return node


def _documents_list(loader: yaml.SafeLoader) -> Generator[Any, None, bool]:
    """The entries of the document's top-level ``documents:`` list, each made as it is read; whether it has one."""
    if not loader.check_event(yaml.MappingStartEvent):
        loader.construct_document(_compose(loader))
        return False
    listed = False
    loader.get_event()
    while not loader.check_event(yaml.MappingEndEvent):
        key_node = _compose(loader)
        key = loader.construct_document(key_node)
        if key == "documents" and listed:  # yaml.safe_load would silently keep the last list
            raise ComposerError("while reading the manifest", None, "found a second 'documents:' key",
                                key_node.start_mark)
        if key == "documents" and loader.check_event(yaml.SequenceStartEvent):
            loader.get_event()
            index = 0
            while not loader.check_event(yaml.SequenceEndEvent):
                index += 1
                yield loader.construct_document(bounded(_compose(loader), f"document #{index}"))
            loader.get_event()
            listed = True
            continue
        value = loader.construct_document(bounded(_compose(loader), "documents"))  # read, to report what is not valid
        if key == "documents" and isinstance(value, list):  # a list written another way (an alias)
            yield from value
            listed = True
    loader.get_event()  # the mapping's end
    return listed


def _read_entries(
    root: Path, entries: Iterable[Any], known: set[str], problems: list[str], max_file_bytes: int = 0,
) -> list[ManifestDocument]:
    """The valid documents of the manifest's entries; the problems of the others."""
    path = root / MANIFEST
    documents: list[ManifestDocument] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        name = entry.get("id") if isinstance(entry, dict) else None
        where = f"{path}: document {name!r}" if name else f"{path}: document #{index}"
        if not isinstance(entry, dict):
            problems.append(f"{where}: expected a mapping of fields")
            continue
        document = _validated_unique(ManifestDocument, entry, where, seen, problems)
        if document is None:
            continue
        if document.borough not in known:
            problems.append(
                f"{where}, field 'borough': unknown borough {document.borough!r} "
                f"(add its row to {root / BOROUGHS})"
            )
        _check_files(root, document, where, problems, max_file_bytes)
        documents.append(document)
    return documents


def _check_files(root: Path, document: ManifestDocument, where: str, problems: list[str], max_file_bytes: int = 0,
                 ) -> None:
    inside = root.resolve()
    for index, file in enumerate(document.files):
        field = f"files[{index}]"
        path = root / file.path
        if not path.resolve().is_relative_to(inside):  # a symbolic link out of the corpus
            problems.append(f"{where}, field '{field}.path': {path} leads outside the corpus folder (a symbolic "
                            f"link to {path.resolve()}); copy the file into the corpus instead")
            continue
        if not path.is_file():
            problems.append(f"{where}, field '{field}.path': file not found: {path}")
            continue
        size = path.stat().st_size
        if max_file_bytes and size > max_file_bytes:
            problems.append(f"{where}, field '{field}.path': {path} is {size / 2**20:,.0f} MiB, over the limit of "
                            f"{max_file_bytes / 2**20:,.0f} MiB a corpus file may have (--max-file-mb to raise it)")
            continue
        actual = sha256_of(path)
        if actual != file.sha256:
            problems.append(
                f"{where}, field '{field}.sha256': the file's sha256 is {actual}, the manifest says "
                f"{file.sha256}. If the file was changed on purpose, put the new value in the manifest."
            )
