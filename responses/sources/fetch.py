"""Fetch a GOV.UK page or file: https only, allowed hosts only (every redirect too), within
a timeout and a size limit, and only HTML, PDF or plain text."""

import socket
import ssl
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings

from ..html_text import text_from_html
from .common import FetchRefused, megabytes
from .pdf import MAX_PDF_BYTES, text_from_pdf

MAX_FETCH_BYTES = MAX_PDF_BYTES
MAX_REDIRECTS = 3  # GOV.UK redirects a moved page once, perhaps twice


@dataclass(frozen=True)
class Fetched:
    text: str  # as text_from_html or text_from_pdf gave it
    url: str  # where the text came from, after any redirect
    content_type: str  # "text/html", "application/pdf" or "text/plain"


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
        f"The address gave more than {megabytes(max_bytes)}, the most the import reads: "
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
