"""What every source shares: its refusals, and the GOV.UK boilerplate left out of its text."""

import re

from ..importing import ImportRefused


class SourceRefused(ImportRefused):
    """A file, page or address the import cannot read; the message says what to do instead."""


class PdfRefused(SourceRefused):
    """A PDF that is not one, is locked, is too big, or has no text to read."""


class FetchRefused(SourceRefused):
    """An address the tracker will not fetch, or whose answer it cannot use."""


def megabytes(size):
    """ "1.5 MB", "2 MB", "12 MB": a tenth only where it says something."""
    return (
        f"{size / 1024 / 1024:.1f}".removesuffix(".0") + " MB"
        if size < 10 * 1024 * 1024
        else f"{size // (1024 * 1024)} MB"
    )


# Paragraphs GOV.UK prints on every publication: the licence and where it is published.
_BOILERPLATE_RE = re.compile(
    r"^(?:©\s*crown copyright\b.{0,20}$|this publication is licensed under the terms of the open government licence"
    r"|to view this licence, visit|where we have identified any third[- ]party copyright information"
    r"|this publication is available at\b|any enquiries regarding this publication should be sent)",
    re.IGNORECASE,
)


def without_boilerplate(paragraphs):
    return [paragraph for paragraph in paragraphs if not _BOILERPLATE_RE.match(paragraph)]
