"""The command line mirrors the library: build, validate, serve, metadata, evaluate."""

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from extract.cli import cli


@pytest.mark.parametrize("command", ["build", "validate", "review", "serve", "metadata", "evaluate"])
def test_every_command_has_help(command: str):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


def test_validate_and_build_succeed_on_the_bundled_corpus(tmp_path: Path, bundled_corpus: Path):
    runner = CliRunner()
    corpus = bundled_corpus
    result = runner.invoke(cli, ["validate", "--corpus", str(corpus)])
    assert result.exit_code == 0 and "5 documents" in result.output
    db = tmp_path / "out.db"
    result = runner.invoke(cli, ["build", "--corpus", str(corpus), "--db", str(db), "--prefer", "text", "--quiet"])
    assert result.exit_code == 0 and db.exists()
    result = runner.invoke(cli, ["evaluate", "--db", str(db)])
    assert result.exit_code == 0 and "barnet-2015-2020-strategy" in result.output


def test_bad_manifest_exits_non_zero_with_a_clear_message(corpus_copy: Path, tmp_path: Path):
    manifest = corpus_copy / "documents.yml"
    data = yaml.safe_load(manifest.read_text())
    data["documents"][1]["period_end"] = 1999
    manifest.write_text(yaml.safe_dump(data))
    db = tmp_path / "out.db"
    db.write_bytes(b"previous")
    runner = CliRunner()
    for command in (["validate"], ["build", "--db", str(db)]):
        result = runner.invoke(cli, [*command, "--corpus", str(corpus_copy)])
        assert result.exit_code == 1
        assert "document 'barnet-2015-2020-strategy'" in result.output and "period_end (1999)" in result.output
    assert db.read_bytes() == b"previous"


def test_serve_without_a_database_says_what_to_do(tmp_path: Path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "run `strategy-extract build` first" in result.output


def test_the_readme_synopsis_matches_the_commands() -> None:
    """The README's command-line synopsis lists every command and every long option, and the numbers it shows
    as defaults are the commands' own defaults."""
    import re  # noqa: PLC0415
    from pathlib import Path  # noqa: PLC0415

    from extract.cli import cli as commands  # noqa: PLC0415

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("## The command line", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    listed: dict[str, str] = {}
    current = None
    for line in block.splitlines():
        if match := re.match(r"strategy-extract (\w+)", line):
            current = match.group(1)
        if current:
            listed[current] = listed.get(current, "") + " " + line.split("#", 1)[0]
    assert set(listed) == set(commands.commands), "commands in the README vs the CLI"
    for name, command in commands.commands.items():
        options = {opt for param in command.params for opt in param.opts if opt.startswith("--")}
        shown = set(re.findall(r"--[a-z][a-z-]*", listed[name]))
        assert shown == options, f"{name}: README shows {sorted(shown - options)} not in the CLI, lacks {sorted(options - shown)}"
        for option, value in re.findall(r"(--[a-z][a-z-]*) (\d+)(?![\d.])", listed[name]):
            param = next(p for p in command.params if option in p.opts)
            assert float(param.default) == float(value), f"{name} {option}: README {value}, CLI default {param.default}"
