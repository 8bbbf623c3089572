"""Where the import's text comes from: a PDF, HTML saved or copied from GOV.UK, a
GOV.UK address the tracker fetches, or text pasted or uploaded as it is.

Each gives plain text for responses.parsing to read line by line: one paragraph a
line, a blank line between paragraphs, numbered paragraphs and list items on lines
of their own. Anything the import cannot read raises SourceRefused (an
ImportRefused) whose message says what to do instead.

PDFs are read with pdfminer.six: its layout analysis gives every line with its place
on the page, which is what tells a running header, a footer or a page number from
the text, and a paragraph's last line from a wrapped one.
"""

import io
import math
import re
import socket
import ssl
import time
import urllib.error
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.conf import settings
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LAParams, LTChar, LTTextBox
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser

from .importing import ALLOWED_SUFFIXES, MAX_BYTES, ImportRefused, read_text
from .parsing import looks_like_html

MAX_PDF_BYTES = 20 * 1024 * 1024  # ICIBI reports with their charts are a few MB
MAX_PDF_PAGES = 300  # the longest ICIBI reports run to about 150 pages
PDF_SECONDS = 60  # a page that takes pdfminer this long is not a report's text
MAX_FETCH_BYTES = MAX_PDF_BYTES
MAX_REDIRECTS = 3  # GOV.UK redirects a moved page once, perhaps twice


class SourceRefused(ImportRefused):
    """A file, page or address the import cannot read; the message says what to do instead."""


class PdfRefused(SourceRefused):
    """A PDF that is not one, is locked, is too big, or has no text to read."""


class FetchRefused(SourceRefused):
    """An address the tracker will not fetch, or whose answer it cannot use."""


@dataclass(frozen=True)
class Fetched:
    text: str  # as text_from_html or text_from_pdf gave it
    url: str  # where the text came from, after any redirect
    content_type: str  # "text/html", "application/pdf" or "text/plain"


# --- one place for the whole choice -------------------------------------------


def read_source(upload=None, url=None, text=None):
    """The text of whichever one was given: an uploaded file (Django's UploadedFile:
    .pdf, .txt, .html), a GOV.UK address, or pasted text (HTML source becomes text)."""
    url, text = (url or "").strip(), text or ""
    given = [upload is not None, bool(url), bool(text.strip())]
    if sum(given) > 1:
        raise SourceRefused("Paste the text, upload a file or give a GOV.UK address: only one of them.")
    if not any(given):
        raise SourceRefused("Paste the published response or report, upload it, or give its GOV.UK address.")
    if upload is not None:
        return _read_upload(upload)
    if url:
        return fetch_govuk(url).text
    text = read_text(text.encode("utf-8"))  # oversized, binary: the same refusals as a file
    return text_from_html(text) if looks_like_html(text) else text


def _read_upload(upload):
    name = (upload.name or "").lower()
    if not name.endswith((".pdf", *ALLOWED_SUFFIXES)):
        raise SourceRefused("Upload a PDF, a .txt or an .html file, or paste the text.")
    limit = MAX_PDF_BYTES if name.endswith(".pdf") else MAX_BYTES
    if upload.size > limit:  # before reading it into memory
        raise SourceRefused(f"The file is {_megabytes(upload.size)}; the most the import reads is {_megabytes(limit)}.")
    data = upload.read()
    if name.endswith(".pdf") or data.startswith(b"%PDF-"):
        return text_from_pdf(data)
    text = read_text(data)
    return text_from_html(text) if name.endswith((".html", ".htm")) or looks_like_html(text) else text


def _megabytes(size):
    return f"{size / 1024 / 1024:.1f} MB" if size < 10 * 1024 * 1024 else f"{size // (1024 * 1024)} MB"


# --- PDF ----------------------------------------------------------------------

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
    furniture: bool = False


def text_from_pdf(data: bytes, *, max_pages=MAX_PDF_PAGES, max_seconds=PDF_SECONDS) -> str:
    """The PDF's text without its page furniture: one paragraph a line, blank lines between.

    Raises PdfRefused for a file that is not a PDF, is damaged, needs a password, is too
    big or too long, or has no text (a scan)."""
    if len(data) > MAX_PDF_BYTES:
        raise PdfRefused(
            f"The PDF is {_megabytes(len(data))}; the most the import reads is {_megabytes(MAX_PDF_BYTES)}. "
            "Copy the recommendations section and paste it instead."
        )
    if b"%PDF-" not in data[:1024]:
        raise PdfRefused("This file is not a PDF. Upload a PDF, a .txt or an .html file, or paste the text.")
    lines, pages = _pdf_lines(data, max_pages, max_seconds)
    _mark_furniture(lines, pages)
    text = [line for line in lines if not line.furniture]
    if not text:
        raise PdfRefused("This PDF has no text to read: it may be a scan. Paste the text instead.")
    return "\n\n".join(_without_boilerplate(_paragraphs(text)))


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
            lines.append(_Line(number, index, text, zone, line.x0, line.x1, box.x1, sum(sizes) / len(sizes), place))
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


# Paragraphs GOV.UK prints on every publication: the licence and where it is published.
_BOILERPLATE_RE = re.compile(
    r"^(?:©\s*crown copyright\b.{0,20}$|this publication is licensed under the terms of the open government licence"
    r"|to view this licence, visit|where we have identified any third[- ]party copyright information"
    r"|this publication is available at\b|any enquiries regarding this publication should be sent)",
    re.IGNORECASE,
)


def _without_boilerplate(paragraphs):
    return [paragraph for paragraph in paragraphs if not _BOILERPLATE_RE.match(paragraph)]


# --- HTML ---------------------------------------------------------------------

# Never part of the document: code, metadata, controls and the site around it.
_SKIPPED_TAGS = frozenset(
    {"script", "style", "head", "title", "noscript", "template", "nav", "footer", "form", "button", "select",
     "textarea", "svg", "iframe", "object"}
)  # fmt: skip
_SKIPPED_ROLES = frozenset({"banner", "navigation", "contentinfo", "search"})
# GOV.UK's own components around a publication: cookie banner, header, skip link,
# contents list, breadcrumbs, feedback, print and share links, and text for screen readers only.
_SKIPPED_CLASSES = frozenset(
    {"gem-c-cookie-banner", "govuk-cookie-banner", "govuk-skip-link", "gem-c-skip-link", "govuk-header",
     "gem-c-layout-header", "gem-c-layout-super-navigation-header", "govuk-footer", "gem-c-layout-footer",
     "gem-c-feedback", "gem-c-print-link", "gem-c-contents-list", "govuk-breadcrumbs", "gem-c-breadcrumbs",
     "gem-c-contextual-breadcrumbs", "gem-c-related-navigation", "gem-c-contextual-sidebar", "gem-c-share-links",
     "gem-c-single-page-notification-button", "gem-c-back-to-top-link", "app-c-back-to-top",
     "gem-c-emergency-banner", "gem-c-global-banner", "govuk-phase-banner", "gem-c-phase-banner",
     "govuk-visually-hidden"}
)  # fmt: skip
# The publication's own text on GOV.UK.
_BODY_CLASSES = frozenset({"govspeak", "gem-c-govspeak", "govuk-govspeak"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt", "fieldset",
     "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
     "section", "summary", "table", "ul"}
)  # fmt: skip
_LIST_STYLES = {"1": "decimal", "a": "lower-alpha", "A": "upper-alpha", "i": "lower-roman", "I": "upper-roman"}
_LIST_STYLE_CSS_RE = re.compile(
    r"list-style(?:-type)?\s*:\s*(none|decimal|lower-alpha|upper-alpha|lower-roman|upper-roman)"
)
_HIDDEN_CSS_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden")
_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\ufeff": None})


def text_from_html(html: str) -> str:
    """The text a person reads on the page: on GOV.UK the page's title and the publication's
    body; elsewhere <main>, or the whole page. Lists carry the numbers and letters a browser
    draws ("1.", "a."), a table gives one line a row with " | " between cells."""
    survey = _Survey()
    survey.feed(html)
    survey.close()
    reader = _Reader("govspeak" if survey.govspeak else "main" if survey.main else "all")
    reader.feed(html)
    reader.close()
    reader.end_row()  # a table left open
    reader.end_block()
    return "\n\n".join(_without_boilerplate(reader.blocks))


def _classes(attrs):
    return set((dict(attrs).get("class") or "").split())


def _is_main(tag, attrs):
    return tag == "main" or dict(attrs).get("role") == "main"


class _Survey(HTMLParser):
    """Finds what holds the document: a GOV.UK publication body, or a <main>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.govspeak = self.main = False

    def handle_starttag(self, tag, attrs):
        self.govspeak = self.govspeak or bool(_classes(attrs) & _BODY_CLASSES)
        self.main = self.main or _is_main(tag, attrs)


@dataclass
class _List:
    style: str  # "disc", "none", "decimal", "lower-alpha", …
    next_number: int


class _Reader(HTMLParser):
    """Collects the visible text of the part that holds the document, block by block.

    An element is followed to its end by counting its own tag name in and out: the one
    reliable count in HTML, where <p> and <li> may be left open."""

    def __init__(self, scope):
        super().__init__(convert_charrefs=True)
        self.scope = scope  # "govspeak", "main" or "all"
        self.inside = None  # [tag, depth] of the element that holds the document, while in it
        self.skipping = None  # [tag, depth] of the outermost skipped element, while in it
        self.blocks, self.current = [], []
        self.marker = ""  # a list item's number, written before its first text
        self.lists = []
        self.pre = 0
        self.table = 0  # depth of tables; only the outermost is read row by row
        self.row = self.cell = None

    # Following elements to their ends.

    def handle_starttag(self, tag, attrs):
        if tag in _VOID_TAGS:
            if self.reading() and tag in ("br", "hr"):
                self.write("\n" if tag == "br" else "")
                if tag == "hr":
                    self.end_block()
            return
        if self.skipping:
            self.skipping[1] += tag == self.skipping[0]
            return
        if self.skipped(tag, attrs):
            self.skipping = [tag, 1]
            return
        if self.inside:
            self.inside[1] += tag == self.inside[0]
        elif self.holds_document(tag, attrs):
            self.inside = [tag, 1]
        if self.reading():
            self.open(tag, attrs)

    def handle_endtag(self, tag):
        if self.skipping:
            self.skipping[1] -= tag == self.skipping[0]
            if not self.skipping[1]:
                self.skipping = None
            return
        if self.reading():
            self.close_element(tag)
        if self.inside:
            self.inside[1] -= tag == self.inside[0]
            if not self.inside[1]:
                self.inside = None
                self.end_block()

    def handle_data(self, data):
        if self.reading():
            self.write(data if self.pre else re.sub(r"\s+", " ", data))

    def skipped(self, tag, attrs):
        values = dict(attrs)
        return (
            tag in _SKIPPED_TAGS
            or "hidden" in values
            or values.get("aria-hidden") == "true"
            or values.get("role") in _SKIPPED_ROLES
            or values.get("id") == "global-cookie-message"
            or bool(_HIDDEN_CSS_RE.search(values.get("style") or ""))
            or bool(_classes(attrs) & _SKIPPED_CLASSES)
        )

    def holds_document(self, tag, attrs):
        if self.scope == "govspeak":  # the body, and the page's title above it
            return bool(_classes(attrs) & _BODY_CLASSES) or tag == "h1"
        return self.scope == "main" and _is_main(tag, attrs)

    def reading(self):
        return not self.skipping and (self.scope == "all" or self.inside is not None)

    # Writing blocks.

    def open(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.end_block()
            self.lists.append(_List(_list_style(tag, attrs), _whole_number(dict(attrs).get("start"), 1)))
        elif tag == "li":
            self.end_block()
            self.marker = self.list_marker(dict(attrs).get("value"))
        elif tag == "table":
            self.end_block()
            self.table += 1
        elif self.table == 1 and tag == "tr":
            self.end_row()
            self.row = []
        elif self.table == 1 and tag in ("td", "th"):
            self.end_cell()
            self.cell = []
        elif tag == "pre":
            self.end_block()
            self.pre += 1
        elif tag in _BLOCK_TAGS:
            self.end_block()

    def close_element(self, tag):
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        elif tag == "table" and self.table:
            if self.table == 1:
                self.end_row()
            self.table -= 1
        elif self.table == 1 and tag == "tr":
            self.end_row()
        elif self.table == 1 and tag in ("td", "th"):
            self.end_cell()
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK_TAGS:
            self.end_block()

    def list_marker(self, value):
        if not self.lists:
            return "- "
        current = self.lists[-1]
        number = _whole_number(value, current.next_number)
        current.next_number = number + 1
        return _marker(current.style, number)

    def write(self, text):
        if self.cell is not None:
            self.cell.append(self.marker + text)
        elif text.strip() and self.marker:
            self.current.append(self.marker + text.lstrip())
        else:
            self.current.append(text)
            return
        self.marker = ""

    def end_block(self):
        if self.cell is not None:  # a paragraph inside a cell: the row stays on one line
            self.cell.append(" ")
            return
        lines = (" ".join(line.split()) for line in "".join(self.current).translate(_INVISIBLE).split("\n"))
        block = "\n".join(line for line in lines if line)
        if block:
            self.blocks.append(block)
        self.current = []

    def end_cell(self):
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).translate(_INVISIBLE).split()))
        self.cell = None

    def end_row(self):
        self.end_cell()
        if self.row:
            cells = [cell for cell in self.row if cell]
            if cells:
                self.end_block()
                self.blocks.append(" | ".join(cells))
        self.row = None


def _list_style(tag, attrs):
    values = dict(attrs)
    css = _LIST_STYLE_CSS_RE.search(values.get("style") or "")
    if css:
        return css[1]
    if "legislative-list" in _classes(attrs):  # GOV.UK: the numbers are written in the text
        return "none"
    if tag == "ul":
        return "disc"
    return _LIST_STYLES.get(values.get("type") or "1", "decimal")


def _whole_number(value, default):
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 5 else default


def _marker(style, number):
    if style == "none":
        return ""
    if style == "disc":
        return "- "
    if style.endswith("alpha") and 1 <= number <= 26:
        letter = chr(ord("a") + number - 1)
        return f"{letter.upper() if style.startswith('upper') else letter}. "
    if style.endswith("roman") and 1 <= number < 4000:
        roman = _roman(number)
        return f"{roman.upper() if style.startswith('upper') else roman}. "
    return f"{number}. "


def _roman(number):
    digits = []
    for value, letters in (
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ):  # fmt: skip
        count, number = divmod(number, value)
        digits.append(letters * count)
    return "".join(digits)


# --- a GOV.UK address ---------------------------------------------------------

_READ_CHUNK = 64 * 1024
_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "application/pdf": "pdf", "text/plain": "text"}


def fetch_govuk(url: str, *, context=None, timeout=10, max_bytes=MAX_FETCH_BYTES) -> Fetched:
    """Fetch a page or file from an allowed host (settings.IMPORT_ALLOWED_HOSTS) over https,
    following at most MAX_REDIRECTS redirects, each to an allowed host; at most max_bytes,
    within about `timeout` seconds. context: the ssl.SSLContext that checks the host's
    certificate (by default the system's)."""
    url = url.strip()
    if "://" not in url:
        url = f"https://{url}"  # "www.gov.uk/government/…" as people copy it
    _check_address(url)
    opener = urllib.request.build_opener(
        _CheckedRedirects(), urllib.request.HTTPSHandler(context=context or ssl.create_default_context())
    )
    request = urllib.request.Request(url, headers={"User-Agent": "ICIBI recommendation tracker (import)"})
    deadline = time.monotonic() + timeout
    try:
        with opener.open(request, timeout=timeout) as answer:
            kind, content_type = _kind(answer.headers)
            body = _read_limited(answer, max_bytes, deadline, timeout)
            final_url = answer.geturl()
            charset = answer.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as error:
        if 300 <= error.code < 400:
            raise FetchRefused(
                f"The address redirects more than {MAX_REDIRECTS} times: open it in a browser, "
                "and paste the address it ends at."
            ) from error
        raise FetchRefused(
            f"GOV.UK answered “{error.code} {error.reason}” for that address: check it, "
            "or download the file and upload it instead."
        ) from error
    except urllib.error.URLError as error:
        raise _unreachable(error.reason, timeout) from error
    except (TimeoutError, OSError) as error:
        raise _unreachable(error, timeout) from error
    if kind == "pdf":
        text = text_from_pdf(body)
    else:
        decoded = body.decode(charset if _known_codec(charset) else "utf-8", errors="replace")
        text = text_from_html(decoded) if kind == "html" else decoded
    if not text.strip():
        raise FetchRefused("The address gave a page with no text: check it, or paste the text instead.")
    return Fetched(text, final_url, content_type)


def allowed_hosts():
    return [host.lower() for host in settings.IMPORT_ALLOWED_HOSTS]


def _check_address(url, redirected=False):
    hosts = allowed_hosts()
    listed = " or ".join(hosts)
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        port = -1
    host = (parts.hostname or "").lower()
    place = host if port in (None, 443) else f"{host}:{port}"
    if place not in hosts or parts.username or parts.password:
        if redirected:
            raise FetchRefused(
                f"That address redirects to {place or 'another site'}, which is not on {listed}: "
                "download the file and upload it instead."
            )
        raise FetchRefused(f"Only addresses on {listed} can be fetched: download the file and upload it instead.")
    if parts.scheme.lower() != "https":
        raise FetchRefused(
            "That address redirects to one that does not start https://: download the file and upload it instead."
            if redirected
            else "Only addresses that start https:// can be fetched: use the https:// address, "
            "or download the file and upload it instead."
        )


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follows a redirect only to an allowed host, over https, and only a few times."""

    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl, redirected=True)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _kind(headers):
    content_type = headers.get_content_type() if headers.get("Content-Type") else ""
    if content_type not in _TYPES:
        raise FetchRefused(
            f"The address gave {content_type or 'a file that does not say what it is'}, not a web page, "
            "a PDF or text: download it, and upload it as a PDF or text file."
        )
    return _TYPES[content_type], content_type


def _read_limited(answer, max_bytes, deadline, timeout):
    too_big = FetchRefused(
        f"The address gave more than {_megabytes(max_bytes)}, the most the import reads: "
        "download the file and upload it, or paste the text."
    )
    declared = answer.headers.get("Content-Length") or ""
    if declared.isdigit() and int(declared) > max_bytes:
        raise too_big
    body = bytearray()
    while chunk := answer.read1(_READ_CHUNK):  # what has come so far: a trickle cannot outlast the deadline
        body += chunk
        if len(body) > max_bytes:
            raise too_big
        if time.monotonic() > deadline:
            raise _unreachable(TimeoutError(), timeout)
    return bytes(body)


def _unreachable(reason, timeout):
    if isinstance(reason, TimeoutError | socket.timeout):
        return FetchRefused(
            f"The address did not answer within {timeout} seconds: try again later, "
            "or download the file and upload it instead."
        )
    if isinstance(reason, ssl.SSLError):
        return FetchRefused(
            "The address's security certificate could not be checked, so nothing was fetched: "
            "download the file and upload it instead."
        )
    return FetchRefused("The address could not be reached: check it, or download the file and upload it instead.")


def _known_codec(name):
    try:
        "".encode(name)
    except LookupError:
        return False
    return True
