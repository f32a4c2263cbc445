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


# -- hostile PDFs: written object by object, to break one thing at a time ------------------------------------

PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (1.1 We will publish the plan on time.) Tj ET"
HELVETICA = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def raw_pdf(objects: list[bytes], xref_past_end: bool = False) -> bytes:
    """A PDF of these objects (1 0 obj is the catalog), with a correct cross-reference table, or one whose
    every offset points past the end of the file (``xref_past_end``)."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % (offset + (10_000_000 if xref_past_end else 0))
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, start)
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    return b"<< /Length %d %s>>\nstream\n" % (len(content), extra) + content + b"\nendstream"


def one_page(page_extra: bytes = b"", media_box: bytes = b"[0 0 612 792]", resources: bytes = b"<< /Font << /F1 4 0 R >> >>",
             content: bytes = PAGE_TEXT, content_extra: bytes = b"", xref_past_end: bool = False) -> bytes:
    """A one-page PDF with one line of text: the page's box, resources, content and dictionary as given."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox " + media_box + b" /Resources " + resources
        + b" /Contents 5 0 R " + page_extra + b">>",
        HELVETICA,
        _stream(content, content_extra),
    ], xref_past_end=xref_past_end)


def deep_resources(depth: int = 100_000) -> bytes:
    """A page whose resources hold a dictionary nested ``depth`` deep beside its font: its text is all there, but
    PDFium gives up on the resources and finds none."""
    junk = b"<< /A " * depth + b"1" + b" >>" * depth
    return one_page(resources=b"<< /Font << /F1 4 0 R >> /Junk " + junk + b" >>")


def parent_loop() -> bytes:
    """A page tree that is its own child: after its one page, a node whose kids list the root again."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        HELVETICA,
        _stream(PAGE_TEXT),
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
    ])


def parent_cycle() -> bytes:
    """A page that inherits its box and resources through a /Parent chain that comes back to the page."""
    return raw_pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 6 0 R /Contents 5 0 R >>",
        HELVETICA,
        _stream(PAGE_TEXT),
        b"<< /Type /Pages /Parent 3 0 R /Kids [3 0 R] /Count 1 >>",
    ])


def huge_media_box() -> bytes:
    return one_page(media_box=b"[0 0 1000000000000.0 1000000000000.0]")


def nan_media_box() -> bytes:
    return one_page(media_box=b"[0 0 612 nan]")


def xref_past_end() -> bytes:
    return one_page(xref_past_end=True)


def decompression_bomb(megabytes: int = 1024) -> bytes:
    """A page whose content stream is a few MB of Flate that inflates to ``megabytes`` MiB of spaces after its text."""
    import zlib

    packer = zlib.compressobj(9)
    packed = packer.compress(PAGE_TEXT + b"\n")
    block = b" " * (1 << 20)
    for _ in range(megabytes):
        packed += packer.compress(block)
    packed += packer.flush()
    return one_page(content=packed, content_extra=b"/Filter /FlateDecode ")
