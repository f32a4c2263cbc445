"""The record base class: one pydantic model per published table.

A model's fields are the table's columns (their ``description`` becomes the
Datasette column description), and its ``table`` class attribute says how the
table is published. The SQLite schema and ``metadata.yml`` are both derived from
these classes, so the models are the one place the data contract is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field


@dataclass(frozen=True)
class TableSpec:
    """How a record class is stored and published."""

    name: str
    description: str
    pk: str | tuple[str, ...] = "id"
    label_column: str | None = None
    facets: tuple[str, ...] = ()
    sort: str | None = None
    sort_desc: str | None = None
    fts: tuple[str, ...] = ()
    size: int | None = None
    #: Indexes beyond one per foreign key: column names, each optionally followed by " desc". A foreign
    #: key that begins one of them gets no index of its own.
    extra_indexes: tuple[tuple[str, ...], ...] = field(default=())


def ForeignKey(table: str, description: str, *, default: Any = ..., column: str = "id") -> Any:
    """A field that references another table's primary key."""
    return Field(default, description=description, json_schema_extra={"references": [table, column]})


class Record(BaseModel):
    """A row of a published table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    table: ClassVar[TableSpec]

    @classmethod
    def foreign_keys(cls) -> list[tuple[str, str, str]]:
        """(column, other table, other column) for every foreign-key field."""
        keys = []
        for name, info in cls.model_fields.items():
            extra = info.json_schema_extra
            if isinstance(extra, dict) and "references" in extra:
                other_table, other_column = extra["references"]  # type: ignore[misc]
                keys.append((name, str(other_table), str(other_column)))
        return keys

    def row(self) -> dict[str, Any]:
        """The record as a SQLite row (dates as ISO strings)."""
        return self.model_dump(mode="json")
