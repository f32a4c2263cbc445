"""The review file (corpus/reviews.yml): a person's decisions on pairs of commitments the machine proposed.

Each decision says whether a later commitment is the earlier one carried on (``continues``), reworded or
narrowed (``revised``), or not the same commitment (``not_same``), who said so and when. The build applies
them over the machine's links (extract/review/apply.py): a confirmed pair becomes a link with method
``reviewed``, a rejected pair is never proposed again.
"""

from __future__ import annotations

from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

#: What a reviewer can say of a pair (the later commitment is the earlier one carried on, reworded, or not it).
Verdict = Literal["continues", "revised", "not_same"]
VERDICTS: tuple[str, ...] = ("continues", "revised", "not_same")

#: A commitment id: its document's id, a colon, then its place in the document (``barnet-2015-2020-strategy:1.6``).
COMMITMENT_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*:\S+$"

#: The review file's format version.
REVIEW_FILE_VERSION = 1


class ReviewDecision(BaseModel):
    """One decision on a pair of commitments, the earlier first."""

    model_config = ConfigDict(extra="forbid")

    from_commitment_id: str = Field(pattern=COMMITMENT_ID, description="The earlier commitment's id.")
    to_commitment_id: str = Field(pattern=COMMITMENT_ID, description="The later commitment's id.")
    verdict: Verdict = Field(description="continues, revised or not_same.")
    reviewer: str = Field(min_length=1, description="Who decided: a name or initials.")
    date: Date = Field(description="When it was decided (ISO, e.g. 2026-05-01).")
    note: str | None = Field(None, description="Why, where that helps the next reader.")

    @model_validator(mode="after")
    def _two_commitments(self) -> ReviewDecision:
        if self.from_commitment_id == self.to_commitment_id:
            raise ValueError("from_commitment_id and to_commitment_id are the same commitment")
        return self

    @property
    def pair(self) -> tuple[str, str]:
        return (self.from_commitment_id, self.to_commitment_id)

    @property
    def confirmed(self) -> bool:
        """Whether the pair is the same commitment (carried on or revised)."""
        return self.verdict != "not_same"


class ReviewFile(BaseModel):
    """The whole file: its version and its decisions, in the order they were made."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = Field(description="Format version of the file (1).")
    decisions: list[ReviewDecision] = Field(default_factory=list)
