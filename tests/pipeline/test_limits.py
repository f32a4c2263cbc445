"""The limit guard itself: results and the project's errors come back from the child as they were."""

from __future__ import annotations

import os

import pytest

from extract.errors import ManifestError, ReadError
from extract.pipeline.limits import LimitError, Limits, run_limited


def test_a_large_result_comes_back_whole_from_a_child_process():
    result = run_limited(lambda: (os.getpid(), b"x" * 10_000_000), Limits(time=30))
    assert result[0] != os.getpid() and len(result[1]) == 10_000_000


def test_the_projects_errors_come_back_as_themselves():
    def refuse():  # type: ignore[no-untyped-def]
        raise ReadError("scan.pdf", "the PDF is damaged", page=3, hint="re-save it")

    with pytest.raises(ReadError) as caught:
        run_limited(refuse, Limits(time=30))
    assert (str(caught.value), caught.value.page) == ("scan.pdf, page 3: the PDF is damaged (re-save it)", 3)

    def bad_manifest():  # type: ignore[no-untyped-def]
        raise ManifestError(["document 'x', field 'id': wrong"], path="c/documents.yml")

    with pytest.raises(ManifestError, match="field 'id': wrong"):
        run_limited(bad_manifest, Limits(time=30))


def test_an_error_that_cannot_be_passed_back_is_named():
    class Local(Exception):  # a class defined in a function cannot be pickled
        pass

    def fail():  # type: ignore[no-untyped-def]
        raise Local("odd")

    with pytest.raises(LimitError, match="raised: a result that cannot be passed back"):
        run_limited(fail, Limits(time=30))


def test_no_limits_run_in_process():
    assert run_limited(os.getpid, Limits(time=0, memory=0)) == os.getpid()
