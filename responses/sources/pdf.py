"""A PDF's text without its page furniture, one paragraph a line.

pdfminer.six's layout analysis gives every line with its place on the page and the size of
its letters: that is what tells a running header, a footer or a page number from the text,
a footnote from the paragraph it interrupts, and a paragraph's last line from a wrapped one.
"""

import io
import math
import re
import time
from collections import defaultdict
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTTextBox
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from ..html_text import without_boilerplate
from .common import PdfRefused, megabytes

MAX_PDF_BYTES = 20 * 1024 * 1024  # ICIBI reports with their charts are a few MB
MAX_PDF_PAGES = 300  # the longest ICIBI reports run to about 150 pages
PDF_SECONDS = 60  # a page that takes pdfminer this long is not a report's text

# Protective markings stamped at the top and bottom of every page.
_MARKING_RE = re.compile(
    r"^(?:OFFICIAL(?:\s*[-–]?\s*SENSITIVE)?|OFFICIAL\s*[-–]\s*FOR PUBLIC RELEASE|UNCLASSIFIED|NOT PROTECTIVELY MARKED)$"
)
# Page numbers: "12", "Page 3", "Page 3 of 20", "3 of 20", "3/20" (a browser's print footer), "- 3 -", "iv".
_PAGE_NUMBER_RE = re.compile(
    r"^(?:(?i:page\s+)?\d{1,4}(?:\s*(?:(?i:of)|/)\s*\d{1,4})?|[-–—]\s*\d{1,4}\s*[-–—]"
    r"|(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3}))$"
)
# What a browser prints at the edges of a GOV.UK page: the address, the time, the page's title.
_PRINTED_EDGE_RE = re.compile(
    r"^(?:https?://\S+|\d{1,2}/\d{1,2}/\d{2,4},?\s+\d{1,2}:\d{2}(?:\s*[ap]m)?|.{0,300}\s[-–|]\s*GOV\.UK)$",
    re.IGNORECASE,
)
EDGE = 0.12  # running headers and footers sit in the top and bottom 12% of a page
REPEATED = 0.4  # on at least this share of the pages (and at least two) a line is a running header or footer
SMALL_PRINT = 0.85  # letters this much smaller than most are footnotes
SMALLER = 0.95  # running headers and footers are printed smaller than the text
ROOM = 1.3  # how much wider than an average word the room left on a line must be to end its paragraph
# A line that starts a numbered paragraph, a list item or a recommendation heading.
_MARKER_RE = re.compile(
    r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]?|\(?[a-z]{1,2}\)|[a-z]\.|\(?[ivx]{1,5}[.)]|[•●▪◦‣*\-–])\s"
    r"|^recommendation\s+\d",
    re.IGNORECASE,
)
# A paragraph's number alone: "3.1", "12.", "(a)", "b)".
_NUMBER_ONLY_RE = re.compile(r"^(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]?|\(?[a-z]{1,2}[.)])$", re.IGNORECASE)
_SENTENCE_END = (".", ":", ";", "?", "!", ")")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"})
_WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
# A glyph whose font says nothing of the letter it draws, and control characters.
_UNREADABLE_RE = re.compile(r"\(cid:\d+\)|[\x00-\x08\x0b-\x1f\x7f]")


@dataclass(eq=False)
class _Line:
    page: int
    box: int  # which of the page's text blocks it belongs to
    text: str
    zone: str  # "top", "bottom" or "" (the body of the page)
    left: float
    right: float  # where it ends on the page
    box_right: float  # where the longest line of its block ends
    size: float  # of its letters, in points
    place: tuple  # its height on the page and whether it is a block of its own
    baseline: float
    furniture: bool = False


def text_from_pdf(data: bytes, *, max_pages=MAX_PDF_PAGES, max_seconds=PDF_SECONDS) -> str:
    """The PDF's text without its page furniture: one paragraph a line, blank lines between.

    Raises PdfRefused for a file that is not a PDF, is damaged, needs a password, is too
    big or too long, or has no text (a scan)."""
    if len(data) > MAX_PDF_BYTES:
        raise PdfRefused(
            f"The PDF is {megabytes(len(data))}; the most the import reads is {megabytes(MAX_PDF_BYTES)}. "
            "Copy the recommendations section and paste it instead."
        )
    if b"%PDF-" not in data[:1024]:
        raise PdfRefused("This file is not a PDF. Upload a PDF, a .txt or an .html file, or paste the text.")
    lines, pages = _pdf_lines(data, max_pages, max_seconds)
    _mark_furniture(lines, pages)
    text = _numbers_beside_their_text([line for line in lines if not line.furniture])
    if not text:
        raise PdfRefused("This PDF has no text to read: it may be a scan. Paste the text instead.")
    return "\n\n".join(without_boilerplate(_paragraphs(text)))


def _pdf_lines(data, max_pages, max_seconds):
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = list(PDFPage.create_pages(document))
    except (PDFPasswordIncorrect, PDFEncryptionError) as error:
        raise PdfRefused(
            "This PDF is locked with a password, so its text cannot be read. "
            "Open it, copy the text and paste it instead."
        ) from error
    except Exception as error:  # pdfminer raises many kinds on a damaged file; all mean the same to a person
        raise PdfRefused(
            "This PDF is damaged and cannot be read. Download it again, or copy the text and paste it instead."
        ) from error
    if len(pages) > max_pages:
        raise PdfRefused(
            f"This PDF has {len(pages)} pages; the import reads at most {max_pages}. "
            "Save the pages with the recommendations as a PDF of their own, or paste them."
        )
    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=LAParams())
    interpreter = PDFPageInterpreter(resources, device)
    deadline = time.monotonic() + max_seconds
    lines = []
    for number, page in enumerate(pages):
        if time.monotonic() > deadline:
            raise PdfRefused(
                f"This PDF took more than {max_seconds} seconds to read. "
                "Save the pages with the recommendations as a PDF of their own, or paste them."
            )
        try:
            interpreter.process_page(page)
        except Exception as error:  # as above: a damaged page
            raise PdfRefused(
                f"Page {number + 1} of this PDF is damaged and cannot be read. Copy the text and paste it instead."
            ) from error
        lines.extend(_page_lines(device.get_result(), number))
    return lines, len(pages)


def _page_lines(layout, number):
    bottom, height = layout.y0, layout.height or 1
    lines = []
    boxes = [item for item in layout if isinstance(item, LTTextBox)]
    for index, box in enumerate(boxes):
        for line in box:
            text = " ".join(_UNREADABLE_RE.sub("", line.get_text()).translate(_LIGATURES).split())
            sizes = [char.size for char in line if isinstance(char, LTChar)]
            if not text or not sizes:
                continue
            if line.y0 - bottom < height * EDGE:
                zone = "bottom"
            elif line.y1 - bottom > height * (1 - EDGE):
                zone = "top"
            else:
                zone = ""
            place = (round((line.y0 - bottom) / 4), len(box) == 1)
            lines.append(
                _Line(number, index, text, zone, line.x0, line.x1, box.x1, sum(sizes) / len(sizes), place, line.y0)
            )
    return lines


def _mark_furniture(lines, pages):
    """Markings anywhere, and at the top and bottom edges of each page: page numbers, what a
    browser prints there, and lines that repeat in the same place on many pages, each a block
    of its own (a number in them may count the pages). Only lines at the very edge count: from
    the top down and from the bottom up, the first line that is none of these is the text's."""
    if not lines:
        return
    repeats, body = defaultdict(list), _body_size(lines)
    for line in lines:
        if _MARKING_RE.match(line.text):
            line.furniture = True
        elif line.zone:
            if _PAGE_NUMBER_RE.match(line.text) or _PRINTED_EDGE_RE.match(line.text):
                line.furniture = True
            elif line.place[1]:
                repeats[line.place, re.sub(r"\d+", "#", line.text)].append(line)
    repeating = set()
    for found in repeats.values():
        smaller = all(line.size < body * SMALLER for line in found)
        # Print the size of the text's must repeat more often: it may be a heading that opens pages.
        enough = max(2 if smaller else 3, math.ceil(pages * REPEATED))
        if len({line.page for line in found}) < enough:
            continue
        if len({line.text for line in found}) == 1:
            repeating.update(found)
        elif smaller:
            repeating.update(_counting_pages(found, enough))
    by_page = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    for on_page in by_page.values():
        for zone, edge_first in (("top", True), ("bottom", False)):
            for line in sorted(on_page, key=lambda line: line.place[0], reverse=edge_first):
                if line.zone != zone or not (line.furniture or line in repeating):
                    break
                line.furniture = True


def _counting_pages(found, enough):
    """Of lines alike but for their numbers, those where one number goes up with the page:
    "An inspection of asylum casework 12", "Page 3 of 20". Only for print smaller than the
    text's: "Recommendation 4" opening page 4 is a heading."""
    numbers = [[int(n) for n in re.findall(r"\d+", line.text)] for line in found]
    for position in range(min(len(each) for each in numbers)):
        offsets = defaultdict(list)
        for line, each in zip(found, numbers, strict=True):
            offsets[each[position] - line.page].append(line)
        counted = max(offsets.values(), key=len)
        if len({line.page for line in counted}) >= enough:
            return counted
    return []


def _numbers_beside_their_text(lines):
    """A paragraph's number set in the margin ("3.1", "(a)") is a line of its own to pdfminer,
    often in a block with the other numbers: it goes back to the start of the line beside it."""
    by_page = defaultdict(list)
    for line in lines:
        by_page[line.page].append(line)
    taken = set()
    for on_page in by_page.values():
        numbers = {line for line in on_page if _NUMBER_ONLY_RE.match(line.text)}
        for number in numbers:
            beside = [
                line
                for line in on_page
                if line not in numbers and abs(line.baseline - number.baseline) <= 2 and line.left > number.right
            ]
            if beside:
                first = min(beside, key=lambda line: line.left)
                first.text = f"{number.text} {first.text}"
                taken.add(number)
    return [line for line in lines if line not in taken]


def _paragraphs(lines):
    """Lines joined into paragraphs: a new one at each text block, after a line that ended
    before it had to, and at a numbered line after a sentence's end. A block carries on the
    last paragraph in its size of print when that one ran to the margin without ending its
    sentence: across a page break and past the previous page's footnotes."""
    vocabulary = {word.lower() for line in lines for word in _WORD_RE.findall(line.text.rstrip("-"))}
    body, right = _body_size(lines), _right_margin(lines)
    paragraphs = []  # [text, small print, last line]
    for line in lines:
        small = line.size < body * SMALL_PRINT
        last, edge = (paragraphs[-1] if paragraphs else None), right
        if last and (line.page, line.box) == (last[2].page, last[2].box):
            edge = min(last[2].box_right, right)
        elif last and line.page == last[2].page:  # a gap between blocks ends a paragraph
            last = None
        elif last:
            last = next((p for p in reversed(paragraphs) if p[1] == small), None)
            if last and (last[0].endswith(_SENTENCE_END) or _MARKER_RE.match(line.text)):
                last = None
        if last and not _ends_paragraph(last[2], line, edge):
            last[0], last[2] = _join(last[0], line.text, vocabulary), line
        else:
            paragraphs.append([line.text, small, line])
    return [text for text, _, _ in paragraphs]


def _body_size(lines):
    letters = defaultdict(int)
    for line in lines:
        letters[round(line.size)] += len(line.text)
    return max(letters, key=letters.get)


def _right_margin(lines):
    """Where full lines of text end: the odd long address that runs past the margin does not move it."""
    ends = sorted(line.right for line in lines)
    return ends[int(len(ends) * 0.95)]


def _ends_paragraph(line, following, edge):
    """A line ends its paragraph where the next line's first word would have fitted after it
    before the edge, or the next line is numbered and this one ends a sentence."""
    if _MARKER_RE.match(following.text) and line.text.endswith(_SENTENCE_END):
        return True
    letter = (line.right - line.left) / len(line.text)
    first_word = following.text.split()[0]
    return edge - line.right > letter * (len(first_word) + 1) * ROOM


def _join(before, after, vocabulary):
    """Two wrapped lines as one. A word broken at a hyphen loses the hyphen only where the
    document spells the whole word without one elsewhere ("recom-" "mendation"); "well-"
    "known" keeps it."""
    if before.endswith("\u00ad"):  # a soft hyphen: the typesetter broke the word here
        return before[:-1] + after
    if before.endswith("-") and before[-2:-1].isalpha() and after[:1].isalpha():
        head = _WORD_RE.findall(before[:-1])[-1].split("-")[-1]
        tail = _WORD_RE.findall(after)[0].split("-")[0]
        whole, hyphenated = (head + tail).lower(), f"{head}-{tail}".lower()
        if after[:1].islower() and whole in vocabulary and hyphenated not in vocabulary:
            return before[:-1] + after
        return before + after
    return f"{before} {after}"
