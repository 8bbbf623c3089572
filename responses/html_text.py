"""HTML saved or copied from GOV.UK (or anywhere) as the text a person reads on the page."""

import re
from dataclasses import dataclass
from html.parser import HTMLParser

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
    return "\n\n".join(without_boilerplate(reader.blocks))


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


# Enough real tags to be sure the text is markup, not prose that mentions "<p>".
_HTML_TAG_RE = re.compile(
    r"<!doctype\s+html|</?(?:html|head|body|main|article|section|div|p|h[1-6]|br|ul|ol|li|table|tr|td)(?:\s[^<>]*)?/?>",
    re.IGNORECASE,
)


def looks_like_html(text: str) -> bool:
    """True for markup: at least two structural tags (a doctype counts as one)."""
    tags = _HTML_TAG_RE.finditer(text)
    return next(tags, None) is not None and next(tags, None) is not None


# Paragraphs GOV.UK prints on every publication: the licence and where it is published.
_BOILERPLATE_RE = re.compile(
    r"^(?:©\s*crown copyright\b.{0,20}$|this publication is licensed under the terms of the open government licence"
    r"|to view this licence, visit|where we have identified any third[- ]party copyright information"
    r"|this publication is available at\b|any enquiries regarding this publication should be sent)",
    re.IGNORECASE,
)


def without_boilerplate(paragraphs):
    return [paragraph for paragraph in paragraphs if not _BOILERPLATE_RE.match(paragraph)]
