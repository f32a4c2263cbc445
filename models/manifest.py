"""The corpus manifest (corpus/documents.yml): what documents there are and where."""

from __future__ import annotations

import re
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .records import DocType, SourceFormat

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class SourceFile(BaseModel):
    """One file of a document (the same document may exist as text and as PDF)."""

    model_config = ConfigDict(extra="forbid")

    path: str = Field(description="File path, relative to the corpus folder, inside it.")
    format: SourceFormat
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Lower-case hex SHA-256 of the file.")
    password: str | None = Field(None, description="Password of an encrypted PDF.")


    @field_validator("path")
    @classmethod
    def _inside_the_corpus(cls, value: str) -> str:
        # the corpus's own files only: the manifest must not publish a file from elsewhere on the machine
        parts = value.replace("\\", "/").split("/")
        if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in parts or not value.strip():
            raise ValueError("must be a path inside the corpus folder, relative to it (not absolute, no '..')")
        return value


#: The longest id: ids name cache files and URLs, and a file name holds 255 bytes.
ID_LENGTH = 100


class ManifestDocument(BaseModel):
    """One document entry of the manifest."""

    model_config = ConfigDict(extra="forbid")

    id: str = Field(pattern=SLUG, max_length=ID_LENGTH)
    borough: str = Field(pattern=SLUG, description="Id of a row in corpus/boroughs.csv.")
    title: str = Field(min_length=1)
    doc_type: DocType
    period_start: int = Field(ge=1900, le=2200)
    period_end: int = Field(ge=1900, le=2200)
    published: date | None = None
    source_url: str | None = None
    files: list[SourceFile] = Field(min_length=1)
    # Limits for this document alone, over those of the build (`build --time-limit ...`); 0 = none.
    time_limit: float | None = Field(None, ge=0, description="Seconds its extraction may take.")
    page_limit: int | None = Field(None, ge=0, description="Pages of its PDF that are read.")
    memory_limit: int | None = Field(None, ge=0, description="MiB of memory its extraction may add.")

    @field_validator("source_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://\S+$", value):
            raise ValueError("must be an http(s) address, or null when unknown")
        return value

    @model_validator(mode="after")
    def _period(self) -> ManifestDocument:
        if self.period_end < self.period_start:
            raise ValueError(
                f"period_end ({self.period_end}) is before period_start ({self.period_start})"
            )
        return self

    def source(self, prefer: SourceFormat | None = None) -> SourceFile:
        """The file to read: one of the preferred format if there is one, else a PDF, else the first."""
        for wanted in (prefer, "pdf"):
            for file in self.files:
                if file.format == wanted:
                    return file
        return self.files[0]


class CodebookTheme(BaseModel):
    """One theme of the codebook (corpus/codebook.yml)."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[a-z][a-z0-9_.]*$", description="Stable code: lower case, '_' and '.' only.")
    label: str = Field(min_length=1)
    definition: str = Field(min_length=1)
    include: str
    exclude: str


class Codebook(BaseModel):
    """The codebook every priority, commitment and target is coded against (corpus/codebook.yml)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    themes: list[CodebookTheme] = Field(min_length=1)

    @model_validator(mode="after")
    def _codes_unique(self) -> Codebook:
        codes = [theme.code for theme in self.themes]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ValueError(f"theme codes must be unique: {', '.join(repeated)} repeated")
        return self
