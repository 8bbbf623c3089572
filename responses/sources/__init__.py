"""Where the import's text comes from: a PDF (pdf.py), HTML saved or copied from GOV.UK
(html.py), a GOV.UK address the tracker fetches (fetch.py), or text pasted or uploaded as
it is. read_source takes whichever the person gave.

Each gives plain text for responses.parsing to read line by line: one paragraph a line, a
blank line between paragraphs, numbered paragraphs and list items on lines of their own.
Anything the import cannot read raises SourceRefused (an ImportRefused) whose message
says what to do instead.
"""

from ..html_text import looks_like_html, text_from_html
from ..importing import ALLOWED_SUFFIXES, MAX_BYTES, read_text
from .common import FetchRefused, PdfRefused, SourceRefused, megabytes
from .fetch import Fetched, fetch_govuk
from .pdf import MAX_PDF_BYTES, text_from_pdf

__all__ = [
    "FetchRefused", "Fetched", "PdfRefused", "SourceRefused", "fetch_govuk", "read_source", "text_from_html",
    "text_from_pdf",
]  # fmt: skip


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
        raise SourceRefused(f"The file is {megabytes(upload.size)}; the most the import reads is {megabytes(limit)}.")
    data = upload.read()
    if name.endswith(".pdf") or data.startswith(b"%PDF-"):
        return text_from_pdf(data)
    text = read_text(data)
    return text_from_html(text) if name.endswith((".html", ".htm")) or looks_like_html(text) else text
