"""What every source shares: its refusals."""

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
