"""Bad input files made by the tests themselves from the bundled corpus, and corpora holding them."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pypdf
import yaml

from extract.corpus import sha256_of

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
#: A short corpus PDF (3 pages) to damage: reading it is quick.
SAMPLE = CORPUS / "barnet-2015-16-asb-action-plan.pdf"


def truncated(data: bytes) -> bytes:
    """The first half of a file, as a download cut short leaves it."""
    return data[: len(data) // 2]


def flipped(data: bytes) -> bytes:
    """Every byte inverted over the middle third of the file (object bodies, streams, offsets)."""
    damaged = bytearray(data)
    for offset in range(len(data) // 3, 2 * len(data) // 3):
        damaged[offset] ^= 0xFF
    return bytes(damaged)


def no_pages() -> bytes:
    """A well-formed PDF whose page tree is empty."""
    buffer = io.BytesIO()
    pypdf.PdfWriter().write(buffer)
    return buffer.getvalue()


def encrypted(data: bytes, password: str) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(data))
    writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx() -> bytes:
    """A (minimal) Word .docx: a zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>We will act.</w:document>")
    return buffer.getvalue()


def long_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` pages, each with a heading and a numbered commitment."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, invariant=1)
    for number in range(1, pages + 1):
        pdf.setFont("Helvetica-Bold", 16)
        pdf.drawString(72, 760, f"Priority {number}")
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 720, f"{number}.1 We will publish report number {number} on time.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def corpus_of(root: Path, files: dict[str, tuple[bytes, str, dict]]) -> Path:
    """A corpus folder with one document per file: id -> (content, format, extra manifest fields)."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("boroughs.csv", "neighbours.csv"):
        shutil.copy(CORPUS / name, root / name)
    entries = []
    for document_id, (content, fmt, extra) in files.items():
        name = f"{document_id}.{'pdf' if fmt == 'pdf' else 'txt'}"
        (root / name).write_bytes(content)
        file = {"path": name, "format": fmt, "sha256": sha256_of(root / name)}
        file.update({k: v for k, v in extra.items() if k == "password"})
        entry = {
            "id": document_id, "borough": "barnet", "title": document_id, "doc_type": "strategy",
            "period_start": 2015, "period_end": 2020, "files": [file],
            **{k: v for k, v in extra.items() if k != "password"},
        }
        entries.append(entry)
    (root / "documents.yml").write_text(yaml.safe_dump({"documents": entries}, sort_keys=False))
    return root
