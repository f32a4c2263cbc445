"""The pipeline's language data (extract/**/*.yml): each file has a schema, checked on load and by validate."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from extract.cli import cli
from extract.document.vocabulary import load_vocabulary
from extract.errors import StrategyExtractError, VocabularyError
from extract.language_data import check_language_data, vocabularies

FILES = vocabularies()


def test_every_vocabulary_under_extract_has_a_schema_and_is_valid():
    listed = {path.resolve() for path, _ in FILES}
    found = {path.resolve() for path in (Path(__file__).resolve().parents[1] / "extract").rglob("*.yml")}
    assert found <= listed, f"a vocabulary without a schema: {sorted(found - listed)}"
    assert len(check_language_data()) == len(FILES)


@pytest.mark.parametrize("path, schema", FILES, ids=[path.name for path, _ in FILES])
def test_a_broken_vocabulary_names_the_file_and_the_key(path: Path, schema, tmp_path: Path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    broken = tmp_path / path.name
    key = next(iter(data))
    broken.write_text(yaml.safe_dump({**data, "colour_names": ["red"], key: 12345}), encoding="utf-8")
    with pytest.raises(VocabularyError) as raised:
        load_vocabulary(broken, schema)
    message = str(raised.value)
    assert str(broken) in message and "'colour_names'" in message
    if not isinstance(data[key], int):  # a number where the file has a list or text is wrong too
        assert f"'{key}" in message
    assert isinstance(raised.value, StrategyExtractError)


def test_validate_reports_a_broken_vocabulary_without_a_traceback(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                                  bundled_corpus: Path):
    from extract.enrich import links

    broken = tmp_path / "abbreviations.yml"
    shutil.copy(links.VOCABULARY, broken)
    broken.write_text(broken.read_text(encoding="utf-8") + "\nabbreviation: {ASB: x}\n", encoding="utf-8")
    monkeypatch.setattr(links, "VOCABULARY", broken)
    result = CliRunner().invoke(cli, ["validate", "--corpus", str(bundled_corpus)])
    assert result.exit_code == 1
    assert str(broken) in result.output and "'abbreviation'" in result.output and "Traceback" not in result.output
