"""A SYNTHETIC corpus for benchmarks: thousands of documents made from the five bundled ones.

Never part of the real corpus: it is written under outputs/ (not kept in git) with its own
manifest; every document's id starts with ``synthetic-`` and its title ends with "(synthetic)",
and the manifest says so at its top. Its records are not findings about any council.

Each synthetic document takes a bundled document as its template, and is given a borough (all
33 in turn) and a first year (fifteen years in turn). As text (the default), the template's text
export is recombined and perturbed: the borough's name and the years are put in, prose paragraphs
and bullet points are swapped for ones from other documents, some words are swapped for
synonyms and some figures changed, and some prose dropped, so that no two documents read alike
while every one keeps its template's layout (headings, numbered items, tables). As PDF, the
template's PDF is copied as it is under the synthetic id (re-typesetting thousands of PDFs
would cost more than reading them).

Deterministic: the same seed gives the same bytes, and document k does not depend on how many
are made, so a corpus of 100 is the first 100 of a corpus of 2,000.

    python bench/scale_corpus.py --documents 2000 [--seed 1] [--format text|pdf] [--output DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from extract.corpus import BOROUGHS, MANIFEST, NEIGHBOURS, load_corpus
from models import Borough, ManifestDocument

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
PREFIX = "synthetic-"
MARK = " (synthetic)"
FIRST_YEAR = 2010
YEARS = 15
#: Files of the real corpus folder a synthetic corpus needs beside its manifest.
REFERENCE_FILES = (BOROUGHS, NEIGHBOURS, "codebook.yml")

HEADER = """\
# SYNTHETIC CORPUS, FOR BENCHMARKS ONLY. Made by bench/scale_corpus.py (seed {seed}) by recombining
# and perturbing the bundled documents of corpus/: its records are not findings about any council.
# Every id starts with 'synthetic-' and every title ends with '(synthetic)'. Never copy these
# entries into corpus/documents.yml.
"""

#: Words swapped for others of the same meaning, now and then (never words the parsers read as
#: structure: numbers, dates, direction words such as reduce or increase, status words).
SYNONYMS = {
    "ensure": "make sure",
    "residents": "local people",
    "partners": "partner agencies",
    "improve": "strengthen",
    "develop": "build",
    "support": "help",
    "tackle": "address",
    "work with": "work alongside",
    "communities": "neighbourhoods",
    "promote": "encourage",
    "effective": "robust",
    "appropriate": "suitable",
    "identify": "find",
    "vulnerable": "at-risk",
    "young people": "young residents",
    "key": "main",
}
_SYNONYM = re.compile(r"\b(" + "|".join(re.escape(word) for word in SYNONYMS) + r")\b")
_FISCAL = re.compile(r"\b((?:19|20)\d{2})([/-])(\d{2})\b")
_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
_PERCENT = re.compile(r"\b(\d{1,2})(%)")


@dataclass(frozen=True)
class Template:
    """A bundled document a synthetic one is made from."""

    entry: ManifestDocument
    names: tuple[str, ...]  # how the template names its borough, longest first
    lines: tuple[str, ...]  # its text export


def templates(corpus: Path = CORPUS) -> list[Template]:
    """The bundled documents that have a text export."""
    real = load_corpus(corpus)
    boroughs = {borough.id: borough for borough in real.boroughs}
    found = []
    for entry in real.documents:
        text = next((f for f in entry.files if f.format == "text"), None)
        if text is None:
            continue
        borough = boroughs[entry.borough]
        names = tuple(sorted({borough.official_name, borough.name}, key=len, reverse=True))
        lines = tuple((corpus / text.path).read_text(encoding="utf-8").splitlines())
        found.append(Template(entry, names, lines))
    return found


def _kind(line: str) -> str:
    """What a line of a text export is, as far as recombining goes: prose, bullet, or other."""
    stripped = line.strip()
    if not stripped or stripped.startswith(("#", "|", "<")) or "\t" in line or re.match(r"^\**\d", stripped):
        return "other"  # headings, tables, numbered items, markup: the structure stays
    if stripped.startswith(("- ", "• ", "* ")):
        return "bullet"
    return "prose" if len(stripped) > 60 else "other"


def _pools(found: list[Template]) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {"prose": [], "bullet": []}
    for template in found:
        for line in template.lines:
            kind = _kind(line)
            if kind in pools:
                pools[kind].append(line)
    return pools


def synthetic_text(template: Template, borough: Borough, start: int, rng: random.Random,
                   pools: dict[str, list[str]], names: tuple[str, ...]) -> str:
    """A template's text export recombined and perturbed for a borough and first year.

    ``names``: how the bundled documents name their boroughs (longest first), all put as ``borough``.
    """
    shift = start - template.entry.period_start
    out = []
    for line in template.lines:
        kind = _kind(line)
        if kind == "prose" and rng.random() < 0.15:
            continue  # some prose dropped
        if kind in pools and rng.random() < 0.5:
            line = rng.choice(pools[kind])  # recombined with another document's prose or bullets
        line = _shifted(line, shift)
        line = _renamed(line, names, borough)
        if kind != "other" or "\t" in line:
            line = _SYNONYM.sub(lambda m: SYNONYMS[m[1]] if rng.random() < 0.3 else m[1], line)
        line = _PERCENT.sub(lambda m: f"{max(1, int(m[1]) + rng.randint(-3, 3))}{m[2]}", line)
        out.append(line)
    return "\n".join(out) + "\n"


def _renamed(text: str, names: tuple[str, ...], borough: Borough) -> str:
    for name in names:
        text = text.replace(name, borough.official_name if name.startswith("London Borough") else borough.name)
    return text


def _shifted(text: str, shift: int) -> str:
    """Years moved by ``shift``: 2013 -> 2016, 2013/14 -> 2016/17."""
    text = _FISCAL.sub(lambda m: f"{int(m[1]) + shift}{m[2]}{(int(m[3]) + shift) % 100:02d}", text)
    return _YEAR.sub(lambda m: str(int(m[1]) + shift), text)


def generate(output: Path, documents: int, seed: int = 1, fmt: str = "text", corpus: Path = CORPUS) -> Path:
    """Write a synthetic corpus of ``documents`` documents into ``output``; return its manifest."""
    real = load_corpus(corpus)
    found = [t for t in templates(corpus) if fmt == "text" or any(f.format == "pdf" for f in t.entry.files)]
    pools = _pools(found)
    names = tuple(sorted({name for t in found for name in t.names}, key=len, reverse=True))
    output.mkdir(parents=True, exist_ok=True)
    (output / "documents").mkdir(exist_ok=True)
    for name in REFERENCE_FILES:
        if (corpus / name).exists():
            shutil.copyfile(corpus / name, output / name)
    entries = []
    for k in range(documents):
        rng = random.Random(f"{seed}:{k}")
        borough = real.boroughs[k % len(real.boroughs)]
        start = FIRST_YEAR + (k // len(real.boroughs)) % YEARS
        template = rng.choice(found)
        kind = template.entry.doc_type.replace("_", "-")
        identifier = f"{PREFIX}{borough.id}-{start}-{kind}-{k:05d}"
        path = f"documents/{identifier}.{'txt' if fmt == 'text' else 'pdf'}"
        if fmt == "text":
            data = synthetic_text(template, borough, start, rng, pools, names).encode("utf-8")
        else:
            pdf = next(f for f in template.entry.files if f.format == "pdf")
            data = (corpus / pdf.path).read_bytes()
        (output / path).write_bytes(data)
        length = template.entry.period_end - template.entry.period_start
        title = _renamed(template.entry.title, names, borough)
        entries.append({
            "id": identifier,
            "borough": borough.id,
            "title": _shifted(title, start - template.entry.period_start) + MARK,
            "doc_type": template.entry.doc_type,
            "period_start": start,
            "period_end": start + length,
            "published": None,
            "source_url": None,
            "files": [{"path": path, "format": fmt, "sha256": hashlib.sha256(data).hexdigest()}],
        })
    manifest = output / MANIFEST
    manifest.write_text(
        HEADER.format(seed=seed) + yaml.safe_dump({"documents": entries}, sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )
    return manifest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000, help="How many documents (default 2000).")
    parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
    parser.add_argument("--format", choices=("text", "pdf"), default="text", help="text exports or PDFs.")
    parser.add_argument("--output", type=Path, help="Folder (default outputs/synthetic/<format>-<documents>).")
    args = parser.parse_args()
    output = args.output or ROOT / "outputs" / "synthetic" / f"{args.format}-{args.documents}"
    manifest = generate(output, args.documents, args.seed, args.format)
    print(f"{manifest}: {args.documents} SYNTHETIC documents ({args.format}, seed {args.seed})")


if __name__ == "__main__":
    main()
