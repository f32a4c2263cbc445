"""The manifest and reference data are checked, and every problem names its file, entry and field."""

import tracemalloc
from pathlib import Path

import pytest
import yaml

from extract.corpus import _manifest_entries, load_corpus
from extract.errors import ManifestError


def edit_manifest(corpus: Path, change) -> None:  # type: ignore[no-untyped-def]
    path = corpus / "documents.yml"
    data = yaml.safe_load(path.read_text())
    change(data["documents"])
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def problems(corpus: Path) -> str:
    with pytest.raises(ManifestError) as caught:
        load_corpus(corpus)
    return str(caught.value)


def test_bundled_corpus_is_valid(bundled_corpus: Path):
    corpus = load_corpus(bundled_corpus)
    assert len(corpus.documents) == 5
    # London's 33 authorities are bundled; a user may add others (strategy-extract add --borough-name ...)
    assert {b.gss_code for b in corpus.boroughs} >= {f"E090000{n:02d}" for n in range(1, 34)}
    pairs = {(n.borough_id, n.neighbour_id) for n in corpus.neighbours}
    assert all((b, a) in pairs for a, b in pairs)  # symmetric
    assert ("barnet", "enfield") in pairs and ("barnet", "westminster") not in pairs


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda docs: docs[0]["files"][0].update(sha256="0" * 64),
         "document 'barnet-2013-14-action-plan', field 'files[0].sha256': the file's sha256 is"),
        (lambda docs: docs[1]["files"][0].update(path="missing.txt"),
         "document 'barnet-2015-2020-strategy', field 'files[0].path': file not found"),
        (lambda docs: docs[2].update(borough="atlantis"),
         "document 'barnet-2015-16-asb-action-plan', field 'borough': unknown borough 'atlantis'"),
        (lambda docs: docs.append(dict(docs[0])),
         "document 'barnet-2013-14-action-plan', field 'id': duplicate id 'barnet-2013-14-action-plan'"),
        (lambda docs: docs[3].update(period_end=2001),
         "document 'barnet-2022-23-action-plan', field '(entry)': Value error, period_end (2001) is before period_start (2022)"),
        (lambda docs: docs[4].update(doc_type="novel"),
         "document 'barking-dagenham-2014-17-plan', field 'doc_type': Input should be"),
        (lambda docs: docs[4].pop("title"),
         "document 'barking-dagenham-2014-17-plan', field 'title': Field required"),
    ],
)
def test_each_manifest_problem_names_entry_and_field(corpus_copy: Path, change, expected: str):  # type: ignore[no-untyped-def]
    edit_manifest(corpus_copy, change)
    assert expected in problems(corpus_copy)


def test_all_problems_reported_at_once(corpus_copy: Path):
    def change(docs):  # type: ignore[no-untyped-def]
        docs[0]["borough"] = "nowhere"
        docs[1]["period_start"] = "soon"

    edit_manifest(corpus_copy, change)
    message = problems(corpus_copy)
    assert "2 problem(s)" in message and "nowhere" in message and "period_start" in message


def test_broken_yaml_and_reference_data_are_named(corpus_copy: Path):
    (corpus_copy / "documents.yml").write_text("documents:\n  - id: [unclosed\n")
    assert "documents.yml line" in problems(corpus_copy)
    (corpus_copy / "documents.yml").write_text("documents: []\n")
    with (corpus_copy / "neighbours.csv").open("a") as file:
        file.write("barnet,gotham\n")
    assert "neighbours.csv line 84, field 'neighbour_id': unknown borough 'gotham'" in problems(corpus_copy)


def test_any_council_can_be_added_by_its_row(corpus_copy: Path):
    with (corpus_copy / "boroughs.csv").open("a") as file:
        file.write("cardiff,Cardiff,Cardiff Council,W06000015,Wales,unitary\n")
    edit_manifest(corpus_copy, lambda docs: docs[0].update(borough="cardiff"))
    corpus = load_corpus(corpus_copy)
    assert corpus.documents[0].borough == "cardiff"


BUNDLED = Path(__file__).resolve().parent.parent / "corpus" / "documents.yml"


@pytest.mark.parametrize("text", [
    BUNDLED.read_text(),
    "note: &n Plan\ndocuments:\n  - &one {id: x, title: *n}\n  - <<: *one\n    id: y\nafter: [1, 2]\n",
    "lists:\n  - &all [{id: x}, {id: y}]\ndocuments: *all\n",
])
def test_the_manifest_entries_are_what_yaml_reads(text: str):
    assert list(_manifest_entries(text)) == yaml.safe_load(text)["documents"]


def test_the_manifest_is_read_an_entry_at_a_time():
    """Its node tree whole took ~35 MiB for 2,000 documents, the peak of a build's memory (issue 6)."""
    bundled = yaml.safe_load(BUNDLED.read_text())["documents"]

    def beyond_the_text(copies: int) -> int:
        """The most memory reading the manifest took, beside the copy of its text the reader makes."""
        text = yaml.safe_dump({"documents": [dict(entry, id=f"{entry['id']}-{n}") for n in range(copies)
                                             for entry in bundled]}, sort_keys=False)
        tracemalloc.start()
        try:
            for _ in _manifest_entries(text):
                pass
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        return peak - len(text)

    assert beyond_the_text(40) < beyond_the_text(4) + 32 * 1024  # yaml.safe_load: +2 MiB for 180 more entries


def test_a_manifest_with_two_documents_lists_is_refused(tmp_path: Path):
    """Plain YAML loading would keep the last list and silently drop the first."""
    with pytest.raises(yaml.YAMLError, match="second 'documents:' key"):
        list(_manifest_entries("documents:\n  - id: a\ndocuments:\n  - id: b\n"))


@pytest.mark.parametrize(("change", "expected"), [
    (lambda text: text.replace("\nthemes:", "\nthemez:", 1), "codebook.yml, field 'themes': Field required"),
    (lambda text: text.replace("  - code: asb\n", "  - code: Bad Code\n", 1), "codebook.yml, field 'themes.0.code'"),
    (lambda text: text.replace("version: 1", "version: [1", 1), "codebook.yml line"),
    (lambda text: text.replace("    label: \"Anti-social behaviour\"\n", "", 1), "field 'themes.0.label': Field required"),
])
def test_a_broken_codebook_is_named_by_validate_and_stops_the_build(corpus_copy: Path, change, expected: str):  # type: ignore[no-untyped-def]
    """A codebook with a wrong key is a manifest problem naming the file and key: `validate` reports it, and
    the build stops with that message (before touching the database), not a traceback."""
    from extract.pipeline.build import build  # noqa: PLC0415

    path = corpus_copy / "codebook.yml"
    path.write_text(change(path.read_text()))
    assert expected in problems(corpus_copy)
    with pytest.raises(ManifestError, match="codebook.yml"):
        build(corpus_copy, corpus_copy / "out.db", links=False)
    assert not (corpus_copy / "out.db").exists()


# -- hostile manifests (issue 17): the manifest reads only the corpus, and every failure is a message --------


@pytest.mark.parametrize("path, expected", [
    ("../outside.txt", "must be a path inside the corpus folder"),
    ("/etc/passwd", "must be a path inside the corpus folder"),
    ("texts/../../outside.txt", "must be a path inside the corpus folder"),
])
def test_a_manifest_path_outside_the_corpus_is_refused(corpus_copy: Path, path: str, expected: str):
    (corpus_copy.parent / "outside.txt").write_text("1.1 We will publish this file.\n")
    edit_manifest(corpus_copy, lambda docs: docs[0]["files"][0].update(path=path))
    found = problems(corpus_copy)
    assert f"document '{yaml.safe_load((corpus_copy / 'documents.yml').read_text())['documents'][0]['id']}'" in found
    assert "files.0.path" in found and expected in found


def test_a_symbolic_link_out_of_the_corpus_is_refused(corpus_copy: Path):
    outside = corpus_copy.parent / "secret.txt"
    outside.write_text("1.1 We will publish this file.\n")
    (corpus_copy / "link.txt").symlink_to(outside)
    import hashlib

    digest = hashlib.sha256(outside.read_bytes()).hexdigest()
    edit_manifest(corpus_copy, lambda docs: docs[0]["files"][0].update(path="link.txt", sha256=digest, format="text"))
    found = problems(corpus_copy)
    assert "field 'files[0].path'" in found and "leads outside the corpus folder" in found


def test_a_file_over_the_size_cap_is_refused_before_it_is_hashed(corpus_copy: Path):
    big = corpus_copy / "huge.txt"
    with big.open("wb") as file:  # sparse: 200 GB on paper, nothing on disk; hashing it would take for ever
        file.truncate(200 * 2**30)
    edit_manifest(corpus_copy, lambda docs: docs[0]["files"][0].update(path="huge.txt", format="text"))
    found = problems(corpus_copy)
    assert "huge.txt is 204,800 MiB, over the limit of 500 MiB" in found and "--max-file-mb" in found


def test_an_id_too_long_for_a_file_name_is_refused(corpus_copy: Path):
    edit_manifest(corpus_copy, lambda docs: docs[0].update(id="a" * 300))
    assert "field 'id': String should have at most 100 characters" in problems(corpus_copy)


@pytest.mark.parametrize("text, expected", [
    (b"documents:\n  - id: caf\xe9\n", "line 2: not UTF-8 text (byte 0xe9"),
    (b"documents:\n  - " + b"[" * 50_000 + b"]" * 50_000 + b"\n", "nested too deep to be a manifest"),
    (b"documents:\n  - id: &a [x, x, x, x, x, x, x, x, x, x]\n"
     + b"".join(f"    b{n}: &a{n} [{', '.join(['*a' if n == 0 else f'*a{n - 1}'] * 10)}]\n".encode() for n in range(9)),
     "document #1: expands to over 10,000 values (YAML aliases"),
])
def test_a_hostile_manifest_is_a_message(corpus_copy: Path, text: bytes, expected: str):
    (corpus_copy / "documents.yml").write_bytes(text)
    assert expected in problems(corpus_copy)  # the alias bomb is refused before it expands (4 GB in 60 s before)
