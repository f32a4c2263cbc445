"""Every cross-document step under a bound (issue 17): the build's memory limit holds in its own process
while the steps run, and a step that fails leaves the records written and an error issue on each document."""

from __future__ import annotations

import resource
from pathlib import Path

import numpy as np
import pytest

from extract.enrich.steps import People
from extract.pipeline.build import build
from extract.pipeline.limits import Limits, memory_bound
from tests import badfiles
from tests.conftest import rows

TEXT = (badfiles.CORPUS / "barnet-2015-16-asb-action-plan.txt").read_bytes()


def test_within_the_bound_an_allocation_past_it_is_a_memory_error_and_the_limit_is_restored_after():
    before = resource.getrlimit(resource.RLIMIT_AS)
    with pytest.raises(MemoryError), memory_bound(200):
        np.ones(2**30 // 8 * 2)  # 2 GiB: past the 200 MiB the bound allows
    assert resource.getrlimit(resource.RLIMIT_AS) == before
    with memory_bound(None):  # no bound: nothing changes
        assert resource.getrlimit(resource.RLIMIT_AS) == before


def test_a_cross_document_step_that_fails_leaves_the_records_and_an_error_issue_on_each_document(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    corpus = badfiles.corpus_of(tmp_path / "corpus", {"plan-a": (TEXT, "text", {}), "plan-b": (TEXT, "text", {})})

    def out_of_memory(self, out):  # type: ignore[no-untyped-def]
        raise MemoryError

    monkeypatch.setattr(People, "finish", out_of_memory)
    database = tmp_path / "site.db"
    report = build(corpus, database, limits=Limits(memory=512))
    assert database.exists() and not report.failed
    counts = {row["document_id"]: row["n"] for row in rows(
        database, "select document_id, count(*) as n from commitments group by 1")}
    assert counts == {"plan-a": 13, "plan-b": 13}  # every record is written
    issues = rows(database, "select * from extraction_issues where code = 'step-failed' order by document_id")
    assert [(i["document_id"], i["severity"]) for i in issues] == [("plan-a", "error"), ("plan-b", "error")]
    assert issues[0]["message"].startswith("The people step failed: it ran out of memory under the build's bound")
    assert "STEP FAILED: The people step failed" in report.summary()
    assert report.errors >= 2
