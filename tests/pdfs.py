"""Make PDFs for the tests from text we have, laid out the way published reports are:
A4, paragraphs wrapped to the text width, running headers and footers, page numbers.

    .venv/bin/python -m tests.pdfs tests/seeds/001_*.txt /tmp/response.pdf

writes a seed (or any text file of one paragraph a line)
as such a PDF, with the header and footer an ICIBI report carries.
"""

import io
import sys
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

WIDTH, HEIGHT = A4
MARGIN = 72  # points: 2.5 cm, as in a Word document
# An embedded TrueType font, as published PDFs have (reportlab ships Bitstream Vera).
FONT, SIZE, LEADING = "Vera", 11, 14
NOTE_SIZE, NOTE_LEADING = 8, 10
PARAGRAPH_GAP = 8
pdfmetrics.registerFont(TTFont(FONT, str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))


@dataclass(frozen=True)
class Footnote:
    """A footnote, printed small at the foot of the page where it comes in the list."""

    text: str


@dataclass(frozen=True)
class Hanging:
    """A numbered paragraph set as ICIBI reports set theirs: the number in the margin, the
    text indented beside it."""

    number: str
    text: str


HANGING_INDENT = 36


@dataclass
class _Page:
    lines: list  # (y, x, text)
    notes: list  # text lines, top one first


def make_pdf(
    paragraphs,
    *,
    header="",
    footer="",
    page_number="Page {n} of {total}",
    marking="",
    password="",
    owner_password="",
    image_only=False,
):
    """The paragraphs laid out page after page; "\\f" in the list starts a new page, a Footnote
    goes to the foot of the page it falls on, a Hanging paragraph has its number in the margin.

    header, footer: a running line at the top, the bottom of every page; page_number (empty
    for none): at the bottom right. All three are formats with the page's number {n} and the
    number of pages {total}. marking: a protective marking ("OFFICIAL") at the top and bottom
    of every page. password: encrypt it, so it opens only with that; owner_password: encrypt
    it against changes and copying, yet open to anyone (as many published PDFs are).
    image_only: every page a picture of nothing, as a scan without a text layer is.
    """
    pages = _paginate(paragraphs)
    out = io.BytesIO()
    encrypt = None
    if password or owner_password:
        encrypt = StandardEncryption(password, owner_password or password, canModify=0, canCopy=0)
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt, invariant=True)
    for n, page in enumerate(pages, start=1):
        if image_only:
            _draw_scan(pdf)
        else:
            _draw_page(pdf, page)
            _draw_furniture(pdf, n, len(pages), header, footer, page_number, marking)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _paginate(paragraphs):
    """The lines wrapped to the text width, each at its height, page by page."""
    pages = [_Page([], [])]
    y = HEIGHT - MARGIN
    for paragraph in paragraphs:
        page = pages[-1]
        if isinstance(paragraph, Footnote):
            page.notes.extend(simpleSplit(paragraph.text, FONT, NOTE_SIZE, WIDTH - 2 * MARGIN))
            continue
        if paragraph == "\f":
            pages.append(_Page([], []))
            y = HEIGHT - MARGIN
            continue
        indent, number = (HANGING_INDENT, paragraph.number) if isinstance(paragraph, Hanging) else (0, "")
        text = paragraph.text if isinstance(paragraph, Hanging) else paragraph
        for line in simpleSplit(text, FONT, SIZE, WIDTH - 2 * MARGIN - indent):
            if y < MARGIN + 12 + NOTE_LEADING * len(pages[-1].notes):
                pages.append(_Page([], []))
                y = HEIGHT - MARGIN
            if number:
                pages[-1].lines.append((y, MARGIN, number))
                number = ""
            pages[-1].lines.append((y, MARGIN + indent, line))
            y -= LEADING
        y -= PARAGRAPH_GAP
    return pages


def _draw_page(pdf, page):
    pdf.setFont(FONT, SIZE)
    for y, x, line in page.lines:
        pdf.drawString(x, y, line)
    pdf.setFont(FONT, NOTE_SIZE)
    for n, line in enumerate(reversed(page.notes)):
        pdf.drawString(MARGIN, MARGIN + NOTE_LEADING * n, line)


def _draw_furniture(pdf, n, total, header, footer, page_number, marking):
    pdf.setFont(FONT, 9)
    if marking:
        pdf.drawCentredString(WIDTH / 2, HEIGHT - 20, marking)
        pdf.drawCentredString(WIDTH / 2, 14, marking)
    if header:
        pdf.drawString(MARGIN, HEIGHT - 40, header.format(n=n, total=total))
    if footer:
        pdf.drawString(MARGIN, 36, footer.format(n=n, total=total))
    if page_number:
        pdf.drawRightString(WIDTH - MARGIN, 36, page_number.format(n=n, total=total))


def _draw_scan(pdf):
    """A grey rectangle drawn as an image: pixels only, no text."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    page = Image.new("L", (60, 85), color=200)
    pdf.drawImage(ImageReader(page), MARGIN, MARGIN, WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN)


def filling_a_line_before(word):
    """Words that, followed by `word`, fill a line exactly as far as it will go: the word after
    `word` wraps to the next line."""
    width = WIDTH - 2 * MARGIN
    filler = "The"
    while pdfmetrics.stringWidth(f"{filler} a {word}", FONT, SIZE) <= width:
        filler += " a"
    return f"{filler} {word}"


def paragraphs_of(text):
    """A text file's paragraphs: one a line, as the seeds are written."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


if __name__ == "__main__":
    source, target = Path(sys.argv[1]), Path(sys.argv[2])
    title = source.read_text(encoding="utf-8").splitlines()[0][:90]
    data = make_pdf(
        paragraphs_of(source.read_text(encoding="utf-8")), header=title, footer="OFFICIAL", page_number="{n}"
    )
    target.write_bytes(data)
    print(f"{target}: {len(data)} bytes")
