"""Small PDFs made by the tests themselves, with reportlab, to test the PDF reader."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12.5, spaceAfter=6)
BOLD = ParagraphStyle("bold", parent=BODY, fontName="Helvetica-Bold")
H1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=8)
H2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=14, leading=18, spaceAfter=6)
CELL = ParagraphStyle("cell", parent=BODY, spaceAfter=0)
BULLET = ParagraphStyle("bullet", parent=BODY, leftIndent=14, bulletIndent=2, spaceAfter=2)


def _furniture(canvas, document) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont("Helvetica", 8)
    canvas.drawString(56, A4[1] - 30, "SAFER STREETS PLAN 2030: ACTION PLANNING")
    canvas.drawCentredString(A4[0] / 2, 24, str(document.page))
    canvas.setFont("Helvetica-Bold", 90)
    canvas.setFillColor(colors.Color(0.85, 0.85, 0.85))
    canvas.translate(A4[0] / 2, A4[1] / 2)
    canvas.rotate(45)
    canvas.drawCentredString(0, 0, "DRAFT")
    canvas.restoreState()


def strategy_pdf(path: Path) -> Path:
    """Two and a bit pages: headings, paragraphs, bullets, a borderless numbered table, a ruled
    table crossing a page break with its header repeated and a merged cell, and page furniture."""
    story = [
        Paragraph("Safer Streets Plan", H1),
        Paragraph("This plan sets out how the partnership will keep people safe over five years.", BODY),
        Paragraph("Outcome 1: Residents feel safe in their area", H2),
        Paragraph("We have heard three concerns:", BODY),
        Paragraph("Anti-social behaviour near shops", BULLET, bulletText="•"),
        Paragraph("Speeding on residential roads", BULLET, bulletText="•"),
    ]
    commitments = [
        ["1.1", Paragraph("We will publish what we do each quarter.", CELL)],
        ["1.2", Paragraph("We will hold a street meeting in every ward, and we will report back to the "
                          "residents who came within four weeks of each meeting.", CELL)],
        ["1.3", Paragraph("We will fund two more youth workers.", CELL)],
    ]
    story.append(Table(commitments, colWidths=[40, 400], style=[("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                                  ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    story += [Spacer(1, 8), Paragraph("Action plan", H2)]
    rows = [["Area", "Action", "Lead officer"]]
    for n in range(1, 31):
        area = "Youth services" if n <= 3 else f"Area {n}"
        rows.append([area if n in (1,) or n > 3 else "", Paragraph(f"Action number {n} to be delivered.", CELL),
                     "Head of Community Safety"])
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                       ("SPAN", (0, 1), (0, 3))])
    story.append(Table(rows, colWidths=[110, 250, 130], repeatRows=1, style=grid))
    story += [PageBreak(), Paragraph("Glossary", H2), Paragraph("ASB: anti-social behaviour.", BODY)]
    SimpleDocTemplate(str(path), pagesize=A4, topMargin=56, bottomMargin=56, leftMargin=56, rightMargin=56,
                      invariant=1).build(story, onFirstPage=_furniture, onLaterPages=_furniture)
    return path
