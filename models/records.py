"""The published records, version 1 of the data contract.

Table and column names are a public contract (other tools read them through the
Datasette JSON API): add columns freely, never rename or remove one.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from .base import ForeignKey, Record, Table

DocType = Literal["strategy", "action_plan", "plan", "progress_report", "board_paper"]
SourceFormat = Literal["text", "pdf"]
PriorityKind = Literal["priority", "outcome", "objective", "area"]
CommitmentKind = Literal["commitment", "action", "objective"]
Severity = Literal["error", "warning"]
DocumentStatus = Literal["extracted", "failed"]

PAGE = "Page of the source PDF the record was read from (1-based); null for a text source."
LINE = "Line of the source text file the record starts on (1-based); null for a PDF source."
EVIDENCE = "The verbatim source text the record was read from, to check it against the document."


class Borough(Record):
    """A local authority. Any council can be added by adding its row to corpus/boroughs.csv."""

    table = Table(
        name="boroughs",
        description="Local authorities whose documents can be in the corpus (reference data from corpus/boroughs.csv).",
        label_column="name",
        facets=("region", "authority_type"),
        sort="name",
    )

    id: str = Field(description="Slug of the authority's short name, e.g. barnet, barking-and-dagenham.")
    name: str = Field(description="Short name, e.g. Barnet.")
    official_name: str = Field(description="Official name, e.g. London Borough of Barnet.")
    gss_code: str = Field(description="ONS Government Statistical Service code, e.g. E09000003.")
    region: str = Field(description="Region, e.g. London.")
    authority_type: str = Field(description="Kind of authority, e.g. london_borough, district, county, unitary.")


class BoroughNeighbour(Record):
    """Two authorities that share a border; each pair is stored in both directions."""

    table = Table(
        name="borough_neighbours",
        description="Authorities that share a border (from corpus/neighbours.csv), stored in both directions "
        "so that `borough_id = X` lists all of X's neighbours.",
        pk=("borough_id", "neighbour_id"),
        facets=("borough_id",),
    )

    borough_id: str = ForeignKey("boroughs", "The authority.")
    neighbour_id: str = ForeignKey("boroughs", "An authority that shares a border with it.")


class Document(Record):
    """A source document: one row per manifest entry, whether or not it could be read."""

    table = Table(
        name="documents",
        description="Source documents listed in corpus/documents.yml, with the file each was read from.",
        label_column="title",
        facets=("borough_id", "doc_type", "period_start", "status"),
        sort="period_start",
    )

    id: str = Field(description="Document id from the manifest (the source file's name).")
    borough_id: str = ForeignKey("boroughs", "Authority that published the document.")
    title: str = Field(description="Title of the document.")
    doc_type: DocType = Field(description="strategy, action_plan, plan, progress_report or board_paper.")
    period_start: int = Field(description="First year the document covers.")
    period_end: int = Field(description="Last year the document covers.")
    published: date | None = Field(None, description="Date of publication or of the meeting, if known.")
    source_url: str | None = Field(None, description="Where the original was published, if known.")
    source_file: str = Field(description="File the records were read from, relative to the corpus folder.")
    source_format: SourceFormat = Field(description="Format of source_file: text or pdf.")
    sha256: str = Field(description="SHA-256 of source_file.")
    page_count: int | None = Field(None, description="Pages in source_file; null for a text source.")
    extractor_version: str = Field(description="Version of strategy-extract that read the document.")
    status: DocumentStatus = Field("extracted", description="extracted, or failed (see extraction_issues).")


class Priority(Record):
    """A numbered priority, outcome, strategic objective or area of a document."""

    table = Table(
        name="priorities",
        description="Priorities, outcomes, strategic objectives and their numbered areas, as each document "
        "declares them. Areas point to the priority they subdivide through parent_id.",
        label_column="title",
        facets=("document_id", "kind"),
        sort="position",
        fts=("number", "title"),
    )

    id: str = Field(description="Deterministic id: document id, kind and number.")
    document_id: str = ForeignKey("documents", "Document that declares it.")
    parent_id: str | None = ForeignKey("priorities", "The priority or outcome this area subdivides.", default=None)
    number: str | None = Field(None, description="Number as the document gives it (1, 3a, 1.4), if any.")
    title: str = Field(description="Title as the document words it.")
    kind: PriorityKind = Field(description="priority, outcome, objective (strategic objective) or area.")
    position: int = Field(description="Order of first appearance in the document (1-based).")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)


class Commitment(Record):
    """Something a document says will be done."""

    table = Table(
        name="commitments",
        description="Commitments: numbered pledges (\"1.6 We will introduce the Community Trigger ...\"), "
        "with the priority or outcome they sit under and the text they were read from.",
        label_column="text",
        facets=("document_id", "kind"),
        sort="position",
        fts=("number", "text"),
        size=100,
    )

    id: str = Field(description="Deterministic id: document id and number (or position when unnumbered).")
    document_id: str = ForeignKey("documents", "Document that makes the commitment.")
    priority_id: str | None = ForeignKey("priorities", "Priority or outcome it sits under.", default=None)
    number: str | None = Field(None, description="Number as the document gives it, e.g. 1.6.")
    text: str = Field(description="Full text: markup removed, bullet points one per line after '• '.")
    kind: CommitmentKind = Field(description="commitment (a pledge), action (an action-plan row) or objective.")
    position: int = Field(description="Order in the document (1-based).")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)


class ExtractionIssue(Record):
    """Something the pipeline could not read, or read with doubt."""

    table = Table(
        name="extraction_issues",
        description="Problems met while reading documents: errors (a document or page could not be read) "
        "and warnings (something was read but should be checked by a person).",
        facets=("document_id", "severity", "code"),
        sort="id",
    )

    id: str = Field(description="Deterministic id: document id and sequence number.")
    document_id: str = ForeignKey("documents", "Document the issue was met in.")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    severity: Severity = Field(description="error or warning.")
    code: str = Field(description="Short machine-readable code, e.g. numbering-gap.")
    message: str = Field(description="What was wrong, where, and what to do about it.")


#: Every published record class, in load order (a table comes after those it references).
RECORD_TYPES: tuple[type[Record], ...] = (
    Borough,
    BoroughNeighbour,
    Document,
    Priority,
    Commitment,
    ExtractionIssue,
)
