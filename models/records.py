"""The published records, version 1 of the data contract.

Table and column names are a public contract (other tools read them through the
Datasette JSON API): add columns freely, never rename or remove one.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import Field, field_validator

from .base import ForeignKey, Record, TableSpec
from .issue_codes import ISSUE_CODES

DocType = Literal["strategy", "action_plan", "plan", "progress_report", "board_paper"]
SourceFormat = Literal["text", "pdf"]
PriorityKind = Literal["priority", "outcome", "objective", "area"]
CommitmentKind = Literal["commitment", "action", "objective", "delivery", "outcome"]
DatePrecision = Literal["day", "month", "year"]
LeadRole = Literal[
    "lead agency", "strategic lead", "operational lead", "lead officer", "service",
    "chair", "signatory", "author", "contact",
]
Direction = Literal["reduce", "increase", "maintain"]
Unit = Literal["percent", "count"]
ObservationKind = Literal["baseline", "target", "value", "current", "previous", "change"]
ProgressStatus = Literal["done", "in_progress", "planned", "unknown"]
RiskKind = Literal["dependency", "risk"]
LinkType = Literal["continues", "revised", "similar"]
Severity = Literal["error", "warning"]
DocumentStatus = Literal["extracted", "incomplete", "failed"]

PAGE = "Page of the source PDF the record was read from (1-based); null for a text source."
LINE = "Line of the source text file the record starts on (1-based); null for a PDF source."
EVIDENCE = "The verbatim source text the record was read from, to check it against the document."
CONFIDENCE = (
    "How sure the reading of the source text is: 1 for a PDF's text layer or a text export; the mean OCR "
    "word confidence (0 to 1) when the page was a scan read with OCR, so check the evidence against the page."
)


class Borough(Record):
    """A local authority. Any council can be added by adding its row to corpus/boroughs.csv."""

    table = TableSpec(
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

    table = TableSpec(
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

    table = TableSpec(
        name="documents",
        description="Source documents listed in corpus/documents.yml, with the file each was read from.",
        label_column="label",
        facets=("borough_id", "doc_type", "period_start", "status"),
        sort="position",
        # a borough's documents of a period: comparing boroughs and years (canned queries)
        extra_indexes=(("borough_id", "period_start", "period_end"),),
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
    status: DocumentStatus = Field("extracted", description="extracted; incomplete (read, but part of it could not be: "
                                   "a page, a kind of record; its error issues say which); or failed (nothing read; "
                                   "see extraction_issues).")
    position: int | None = Field(
        None, description="Place of the document in time across the corpus, 1 the earliest: by period start, "
        "publication date (unknown last), period end, then id. The one document order: pages and canned "
        "queries list documents by it.")
    label: str | None = Field(
        None, description="How pages name the document: its borough, years and title ('Barnet 2015-2020: "
        "Barnet Community Safety Strategy 2015-2020 ...'); every link to it reads so.")


#: Description of the ordinal column of priorities, commitments and targets.
ORDINAL = ("Place in the corpus, 1 the first: the documents in time order (documents.position), then the "
           "document's own order (position). Unique: the table's default sort, so that paging loses no row.")


#: Descriptions of the columns the build copies from a record's document, so that a table page can be
#: faceted by borough and by years (Datasette facets read a table's own columns).
BOROUGH = "Borough of the record's document (documents.borough_id), filled by the build: a facet."
YEARS = ("Years the record's document covers, '2015-2020' (one year alone: '2016'), from documents.period_start "
         "and period_end, filled by the build: a facet.")


def borough_of_document() -> Any:
    """The ``borough_id`` column of a record with a document (filled by the build)."""
    return ForeignKey("boroughs", BOROUGH, default=None)


def years_of_document() -> Any:
    """The ``years`` column of a record with a document (filled by the build)."""
    return Field(None, description=YEARS)


def document_order(document: Any) -> tuple[int, date, int, str]:
    """When a document comes (a manifest entry, a Document, anything with these four fields): period start,
    then publication date (unknown last), then period end, then id. ``Document.position`` is its rank."""
    return (document.period_start, document.published or date.max, document.period_end, document.id)


class Priority(Record):
    """A numbered priority, outcome, strategic objective or area of a document."""

    table = TableSpec(
        name="priorities",
        description="Priorities, outcomes, strategic objectives and their numbered areas, as each document "
        "declares them. Areas point to the priority they subdivide through parent_id.",
        label_column="title",
        facets=("borough_id", "years", "document_id", "kind"),
        sort="ordinal",
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
    confidence: float = Field(1.0, ge=0, le=1, description=CONFIDENCE)
    ordinal: int | None = Field(None, description=ORDINAL)
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class Commitment(Record):
    """Something a document says will be done."""

    table = TableSpec(
        name="commitments",
        description="Commitments of every kind: numbered pledges (\"1.6 We will introduce the Community "
        "Trigger ...\"), action-plan rows, strategy objectives, delivery points and outcome statements, "
        "with the priority they sit under, their due date and the text they were read from.",
        label_column="text",
        facets=("borough_id", "years", "document_id", "kind", "ongoing"),
        sort="ordinal",
        fts=("number", "text"),
        size=100,
    )

    id: str = Field(description="Deterministic id: document id and number (or kind and position when unnumbered).")
    document_id: str = ForeignKey("documents", "Document that makes the commitment.")
    priority_id: str | None = ForeignKey("priorities", "Priority, outcome or area it sits under.", default=None)
    number: str | None = Field(None, description="Number as the document gives it, e.g. 1.6.")
    text: str = Field(description="Full text: markup removed, bullet points one per line after '• '.")
    kind: CommitmentKind = Field(
        description="commitment (a numbered pledge), action (an action-plan row), objective (a strategy "
        "objective under a priority), delivery (a delivery point) or outcome (an outcome statement)."
    )
    due: str | None = Field(None, description="Due date, ISO 8601 to its precision (2014-03-30, 2014-02, 2016).")
    due_text: str | None = Field(None, description="Due date as written, e.g. 30.3.2014, Feb-14, on going.")
    due_precision: DatePrecision | None = Field(None, description="day, month or year: how precise `due` is.")
    ongoing: bool = Field(False, description="True when the due date is given as on going / ongoing.")
    measure: str | None = Field(None, description="The action's success measure, as its table's measure column "
                                "words it ('Success measure', 'How we will know'), if it has one.")
    position: int = Field(description="Order in the document (1-based).")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)
    confidence: float = Field(1.0, ge=0, le=1, description=CONFIDENCE)
    ordinal: int | None = Field(None, description=ORDINAL)
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class Organisation(Record):
    """A partner organisation, under one canonical name whatever a document calls it."""

    table = TableSpec(
        name="organisations",
        description="Organisations named as leads, services or signatories, under one canonical name "
        "(\"MPS\", \"Metropolitan Police\" and \"Barnet Police\" are one organisation).",
        label_column="name",
        sort="id",  # the slug of the name: alphabetical, and unique (paging needs a unique sort)
    )

    id: str = Field(description="Slug of the canonical name.")
    name: str = Field(description="Canonical name, e.g. Metropolitan Police Service.")
    abbreviation: str | None = Field(None, description="Usual abbreviation, e.g. MPS.")
    aliases: str = Field("[]", description="JSON list of the other names documents use for it.")


class Person(Record):
    """A person, resolved across cells and documents ("DCI Randall" = "DCI Gary Randall")."""

    table = TableSpec(
        name="people",
        description="People named as leads, chairs, signatories, authors or contacts, one row per person "
        "however the documents write their name.",
        label_column="name",
        facets=("rank",),
        sort="id",  # the slug of the name: alphabetical, and unique (paging needs a unique sort)
    )

    id: str = Field(description="Slug of the canonical name.")
    name: str = Field(description="Canonical name: the fullest form documents give, without rank or title.")
    rank: str | None = Field(None, description="Police rank or honorific as usually written, e.g. DCI, Cllr, Dr.")
    job_title: str | None = Field(None, description="Job title, e.g. DV Coordinator, Head of Community Safety.")
    organisation_id: str | None = ForeignKey("organisations", "Organisation the person works for.", default=None)
    aliases: str = Field("[]", description="JSON list of the ways documents write the name.")


class Lead(Record):
    """Who leads, chairs, signs, wrote or can be contacted about something."""

    table = TableSpec(
        name="leads",
        description="Leads: a person and/or organisation in a role (lead agency, strategic lead, "
        "operational lead, lead officer, service, chair, signatory, author, contact) for a document, "
        "priority or commitment, with the text as written.",
        facets=("borough_id", "years", "document_id", "role", "organisation_id"),
        sort="id",
    )

    id: str = Field(description="Deterministic id: document id, 'lead' and sequence number.")
    document_id: str = ForeignKey("documents", "Document that names the lead.")
    priority_id: str | None = ForeignKey("priorities", "Priority the role is for, if any.", default=None)
    commitment_id: str | None = ForeignKey("commitments", "Commitment the role is for, if any.", default=None)
    role: LeadRole = Field(description="lead agency, strategic lead, operational lead, lead officer, service, "
                           "chair, signatory, author or contact.")
    person_id: str | None = ForeignKey("people", "The person, if one is named.", default=None)
    organisation_id: str | None = ForeignKey("organisations", "The organisation, if one is named.", default=None)
    text: str = Field(description="The lead as written, e.g. 'Steve Murrant (LBB)'.")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)
    confidence: float = Field(1.0, ge=0, le=1, description=CONFIDENCE)
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class Target(Record):
    """A target or success measure: what should go up or down, by how much, by when."""

    table = TableSpec(
        name="targets",
        description="Targets and success measures: the indicator, the direction sought, the target value "
        "or range and deadline where one is given. Measures without numbers have a direction only.",
        label_column="indicator",
        facets=("borough_id", "years", "document_id", "direction", "unit"),
        sort="ordinal",
        fts=("indicator",),
    )

    id: str = Field(description="Deterministic id: document id, 'target' and position.")
    document_id: str = ForeignKey("documents", "Document that sets the target.")
    priority_id: str | None = ForeignKey("priorities", "Priority it measures.", default=None)
    indicator: str = Field(description="What is measured, as the document words it.")
    direction: Direction | None = Field(None, description="reduce, increase or maintain; null if not stated.")
    unit: Unit | None = Field(None, description="percent or count, when the target has numbers.")
    value: float | None = Field(None, description="Target value, e.g. -5.0 for a 5% reduction target.")
    low: float | None = Field(None, description="Low end of a target range ('between 14% and 26%').")
    high: float | None = Field(None, description="High end of a target range.")
    deadline: str | None = Field(None, description="Deadline, ISO 8601 to its precision, e.g. 2016.")
    deadline_text: str | None = Field(None, description="Deadline as written, e.g. 'by 2016'.")
    position: int = Field(description="Order in the document (1-based).")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)
    confidence: float = Field(1.0, ge=0, le=1, description=CONFIDENCE)
    ordinal: int | None = Field(None, description=ORDINAL)
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class TargetObservation(Record):
    """One figure reported against a target: a baseline, a dated value, current or previous, a change."""

    table = TableSpec(
        name="target_observations",
        description="Figures reported against targets: baselines, dated values, current and previous "
        "rolling 12 months, percentage changes; each with its column label and the value as written.",
        facets=("borough_id", "years", "document_id", "kind"),
        sort="ordinal",
    )

    id: str = Field(description="Deterministic id: target id and column.")
    target_id: str = ForeignKey("targets", "The target.")
    label: str = Field(description="Column label as written, e.g. 'Current rolling 12 months', 'April 2013'.")
    kind: ObservationKind = Field(description="baseline, target, value (a dated value), current, previous or change.")
    period: str | None = Field(None, description="Period the figure is for, ISO 8601 where dated (2013-04).")
    value: float | None = Field(None, description="The number; null when the cell has none ('Not available').")
    unit: Unit | None = Field(None, description="percent or count.")
    value_text: str = Field(description="The value as written, e.g. '-4.70%', '72 repeat cases'.")
    document_id: str | None = ForeignKey("documents", "Document that reports the figure (its target's).", default=None)
    ordinal: int | None = Field(
        None, description="Place in the corpus, 1 the first: its target's ordinal, then the order the document "
        "gives the figures in. Unique: the table's default sort.")
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class ProgressUpdate(Record):
    """Progress reported on a commitment or priority."""

    table = TableSpec(
        name="progress_updates",
        description="Progress reported: quarterly cells, progress columns, 'Progress So Far' sections; each "
        "with its period, a status read from the text (done, in_progress, planned, unknown) and any date.",
        label_column="text",
        facets=("borough_id", "years", "document_id", "status", "period"),
        sort="id",
        fts=("text",),
    )

    id: str = Field(description="Deterministic id: document id, 'progress' and sequence number.")
    document_id: str = ForeignKey("documents", "Document that reports it.")
    priority_id: str | None = ForeignKey("priorities", "Priority it reports on.", default=None)
    commitment_id: str | None = ForeignKey("commitments", "Commitment it reports on, if any.", default=None)
    period: str | None = Field(None, description="Reporting period, e.g. 2013-14 Q1 (a financial-year quarter).")
    text: str = Field(description="What was reported.")
    status: ProgressStatus = Field(description="done, in_progress, planned or unknown, read from the text.")
    date: str | None = Field(None, description="Date the text gives, ISO 8601 to its precision.")
    date_text: str | None = Field(None, description="The date as written.")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)
    confidence: float = Field(1.0, ge=0, le=1, description=CONFIDENCE)
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class GovernanceBody(Record):
    """A board, group or meeting through which a priority is governed."""

    table = TableSpec(
        name="governance_bodies",
        description="Boards, groups and meetings that govern delivery: name, how often they meet, "
        "who sits on them and what they are for.",
        label_column="name",
        facets=("borough_id", "years", "document_id", "frequency"),
        sort="id",
    )

    id: str = Field(description="Deterministic id: document id, 'body' and sequence number.")
    document_id: str = ForeignKey("documents", "Document that names it.")
    priority_id: str | None = ForeignKey("priorities", "Priority it governs.", default=None)
    name: str = Field(description="Name of the group or board.")
    frequency: str | None = Field(None, description="How often it meets, as written: Fortnightly, 3 weekly, Daily.")
    membership: str | None = Field(None, description="Who attends.")
    purpose: str | None = Field(None, description="What it is for.")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)
    confidence: float = Field(1.0, ge=0, le=1, description=CONFIDENCE)
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class Risk(Record):
    """A dependency or risk to delivering a priority."""

    table = TableSpec(
        name="risks",
        description="Dependencies (D) and risks (R) to delivering a priority, as the document states them.",
        label_column="text",
        facets=("borough_id", "years", "document_id", "kind"),
        sort="id",
    )

    id: str = Field(description="Deterministic id: document id, 'risk' and sequence number.")
    document_id: str = ForeignKey("documents", "Document that states it.")
    priority_id: str | None = ForeignKey("priorities", "Priority it affects.", default=None)
    kind: RiskKind = Field(description="dependency or risk.")
    text: str = Field(description="The dependency or risk, without its D/R marker.")
    page: int | None = Field(None, description=PAGE)
    line: int | None = Field(None, description=LINE)
    evidence: str = Field(description=EVIDENCE)
    confidence: float = Field(1.0, ge=0, le=1, description=CONFIDENCE)
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class ExtractionIssue(Record):
    """Something the pipeline could not read, or read with doubt."""

    table = TableSpec(
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
    code: str = ForeignKey("issue_codes", "Short machine-readable code, e.g. numbering-gap; its meaning is its row "
                           "of issue_codes.", column="code")
    message: str = Field(description="What was wrong, where, and what to do about it.")

    @field_validator("code")
    @classmethod
    def _known_code(cls, code: str) -> str:
        if code not in ISSUE_CODES:
            raise ValueError(f"issue code {code!r} is not in the catalogue (models/issue_codes.py): add it there")
        return code


class IssueCode(Record):
    """One code of the extraction issue catalogue (models/issue_codes.py)."""

    table = TableSpec(
        name="issue_codes",
        description="What each extraction_issues code means: every code the pipeline can write, with its severity.",
        pk="code",
        label_column="code",
        sort="code",
    )

    code: str = Field(description="The code, as in extraction_issues.code.")
    severity: Severity = Field(description="error (a document or part of it was not read) or warning (check it).")
    meaning: str = Field(description="What the code says about a document.")


def issue_codes() -> list[IssueCode]:
    """The catalogue as records, for the issue_codes table."""
    return [IssueCode(code=code, severity=entry.severity, meaning=entry.meaning)
            for code, entry in ISSUE_CODES.items()]


class Theme(Record):
    """A community-safety theme of the codebook (corpus/codebook.yml)."""

    table = TableSpec(
        name="themes",
        description="The theme codebook: community-safety themes every priority, commitment and target is "
        "coded with. Codes are only ever subdivided in later versions, never merged, so codings stay comparable.",
        label_column="label",
        sort="position",
    )

    id: str = Field(description="The theme's code, e.g. asb, domestic_abuse_vawg; 'uncoded' for none.")
    label: str = Field(description="Name of the theme.")
    definition: str = Field(description="What the theme covers.")
    include: str = Field(description="What to code with it.")
    exclude: str = Field(description="What not to code with it.")
    codebook_version: int = Field(description="Version of the codebook the theme is from.")
    position: int = Field(description="Order in the codebook.")


class ItemTheme(Record):
    """A theme given to a priority, commitment or target, with how sure and how."""

    table = TableSpec(
        name="item_themes",
        description="Themes of priorities, commitments and targets (one row per item and theme), with a "
        "score and the method that coded it.",
        facets=("theme_id", "borough_id", "years", "document_id", "item_kind", "method"),
        sort="id",
        # the commitments of a document coded with each theme, read from the index alone
        extra_indexes=(("document_id", "item_kind", "theme_id", "commitment_id"),),
    )

    id: str = Field(description="Deterministic id: the item's id and the theme code.")
    theme_id: str = ForeignKey("themes", "The theme.")
    document_id: str = ForeignKey("documents", "Document of the item.")
    item_kind: Literal["priority", "commitment", "target"] = Field(description="priority, commitment or target.")
    priority_id: str | None = ForeignKey("priorities", "The item, when it is a priority.", default=None)
    commitment_id: str | None = ForeignKey("commitments", "The item, when it is a commitment.", default=None)
    target_id: str | None = ForeignKey("targets", "The item, when it is a target.", default=None)
    score: float = Field(description="How strongly the item is about the theme (0 to 1).")
    method: str = Field(description="How it was coded, e.g. 'codebook-terms' or 'priority' (inherited).")
    borough_id: str | None = borough_of_document()
    years: str | None = years_of_document()


class CommitmentLink(Record):
    """Two commitments that are the same commitment carried on, a revision of it, or similar."""

    table = TableSpec(
        name="commitment_links",
        description="Links between commitments of different documents: continues (the same commitment carried "
        "on by the same borough, possibly renumbered), revised (reworded or narrowed), similar (another "
        "borough's commitment about the same thing; sought among each borough's nearest boroughs on the map of "
        "borough_neighbours, at most three per commitment and other borough). From the earlier document to the "
        "later one.",
        facets=("type", "method"),
        sort="id",
        # each commitment's links, strongest first within each type, read from the index alone (the
        # commitment history lists a few per commitment); they also serve as the foreign keys' indexes
        extra_indexes=(
            ("from_commitment_id", "type", "score desc", "to_document_id", "to_commitment_id"),
            ("to_commitment_id", "type", "score desc", "from_document_id", "from_commitment_id"),
        ),
    )

    id: str = Field(description="Deterministic id: the two commitment ids.")
    from_commitment_id: str = ForeignKey("commitments", "The earlier commitment.")
    to_commitment_id: str = ForeignKey("commitments", "The later commitment (or the other borough's).")
    from_document_id: str = ForeignKey("documents", "Document of the earlier commitment.")
    to_document_id: str = ForeignKey("documents", "Document of the later commitment.")
    type: LinkType = Field(description="continues, revised or similar.")
    score: float = Field(description="Similarity of the two commitments (0 to 1).")
    method: str = Field(description="How the link was found, e.g. 'lexical+tfidf'.")


class LinkCandidate(Record):
    """A pair of one borough's commitments that may be the same commitment carried on or revised: ranked for review, not a link."""

    table = TableSpec(
        name="link_candidates",
        description="Candidate links for review: for each commitment, the commitments of each later document of the same "
        "borough most like it (and, for each later commitment, those of each earlier document), ranked, with the "
        "measures that scored them. A candidate is not a link: a person decides (commitment_links holds the automatic "
        "links, the same pledge carried on; such a pair is a candidate too, so review sees every proposal in one list). "
        "Kept: the pairs within the top few of either end (rank or reverse_rank), scoring at least a floor. A reviewed "
        "pair keeps its row, with the verdict, so what the machine proposed can always be set beside what people "
        "decided.",
        facets=("from_document_id", "to_document_id", "method", "verdict"),
        sort="id",
        # a commitment's candidates in each later document, best first (and in each earlier one), from the index
        extra_indexes=(
            ("from_commitment_id", "to_document_id", "rank"),
            ("to_commitment_id", "from_document_id", "reverse_rank"),
        ),
    )

    id: str = Field(description="Deterministic id: '{from_commitment_id}->{to_commitment_id}'.")
    from_commitment_id: str = ForeignKey("commitments", "The earlier commitment.")
    to_commitment_id: str = ForeignKey("commitments", "The later commitment.")
    from_document_id: str = ForeignKey("documents", "Document of the earlier commitment.")
    to_document_id: str = ForeignKey("documents", "Document of the later commitment.")
    rank: int = Field(ge=1, description="Rank of the later commitment among the earlier one's candidates in the later "
                      "document (1 = best).")
    reverse_rank: int = Field(ge=1, description="Rank of the earlier commitment among the later one's candidates in "
                              "the earlier document (1 = best).")
    score: float = Field(ge=0, le=1, description="Candidate score (0 to 1): the weighted sum of the measures below, "
                         "scaled; what rank and reverse_rank order by.")
    method: str = Field(description="What proposed the pair: 'lexical+structure' (text, themes, priority and position "
                        "together).")
    lexical: float = Field(ge=0, le=1, description="Text similarity (0 to 1): TF-IDF cosine and token-set overlap of the "
                           "two texts, abbreviations expanded (as commitment_links.score).")
    themes: float = Field(ge=0, le=1, description="Cosine of the two commitments' theme scores (item_themes): 1 when "
                          "coded alike, 0 when no theme is shared.")
    priority: float = Field(ge=0, le=1, description="How well the two priorities (outcomes, headings) they sit under "
                            "correspond (0 to 1): the words of all their commitments compared, 1 for each priority's best "
                            "match in the other document.")
    position: float = Field(ge=0, le=1, description="Closeness of their places in their documents: 1 - the difference "
                            "of their relative positions (0 = first, 1 = last).")
    same_number: bool = Field(description="True when both are numbered and the numbers are the same (1.6 and 1.6).")
    automatic: bool = Field(description="True when the machine linked the pair itself (an automatic link, the same "
                            "pledge carried on), whatever a person later decided.")
    verdict: Literal["continues", "revised", "not_same"] | None = Field(
        None, description="A person's decision on the pair (corpus/reviews.yml), applied by the build: continues or "
        "revised (the pair is then a reviewed link in commitment_links), not_same (rejected: no longer a link or a "
        "candidate anywhere on the site); empty while nobody has reviewed it.")


#: Every published record class, in load order (a table comes after those it references).
RECORD_TYPES: tuple[type[Record], ...] = (
    Borough,
    BoroughNeighbour,
    Document,
    Priority,
    Commitment,
    Organisation,
    Person,
    Lead,
    Target,
    TargetObservation,
    ProgressUpdate,
    GovernanceBody,
    Risk,
    Theme,
    ItemTheme,
    CommitmentLink,
    LinkCandidate,
    IssueCode,
    ExtractionIssue,
)
