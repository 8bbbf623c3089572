"""Evidence files: recognised by their content, never by their name, and given a clean name."""

import hashlib
import re
import unicodedata
import zipfile
from dataclasses import dataclass

MAX_FILE_SIZE = 20 * 1024 * 1024
MAX_FILES = 10
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx), OpenDocument, PNG, JPEG, plain text or CSV"


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


PDF = Kind("application/pdf", "pdf")
PNG = Kind("image/png", "png")
JPEG = Kind("image/jpeg", "jpg")
DOCX = Kind("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx")
XLSX = Kind("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
TEXT = Kind("text/plain", "txt")
CSV = Kind("text/csv", "csv")
ODF = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# Text files may hold tabs, line and page breaks; any other control character means a binary file.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


class Refused(ValueError):
    """The file is not one the tracker keeps; the message says why and what to send instead."""


def _zipped(upload):
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if names and names[0] == "mimetype":
                mimetype = archive.read("mimetype").decode("ascii", "replace").strip()
                if mimetype in ODF:
                    return Kind(mimetype, ODF[mimetype])
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError):
        return None
    return None


def _text(upload, name):
    upload.seek(0)
    data = upload.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    if CONTROL.search(text):
        return None
    return CSV if name.lower().endswith(".csv") else TEXT


def recognise(upload):
    """The kind of an uploaded file, read from its first bytes (and, for Office files, its zip
    structure); Refused with a clear message for anything else."""
    if upload.size == 0:
        raise Refused(f"{upload.name} is empty: choose the file again, or a different one")
    if upload.size > MAX_FILE_SIZE:
        raise Refused(f"{upload.name} is larger than 20 MB: send a smaller file, or a link to it")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        kind = PDF
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = PNG
    elif head.startswith(b"\xff\xd8\xff"):
        kind = JPEG
    elif head.startswith(b"PK\x03\x04"):
        kind = _zipped(upload)
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise Refused(f"{upload.name} is an older Office file: save it as .docx or .xlsx, or as a PDF, and send that")
    else:
        kind = _text(upload, upload.name)
    upload.seek(0)
    if kind is None:
        raise Refused(f"{upload.name} is not a file the tracker accepts. Send a {ACCEPTED} file")
    return kind


def clean_name(name, kind):
    """A safe file name: no folders, only plain letters, digits, dots, dashes and
    underscores, at most 100 characters, ending in the extension its content shows."""
    base = unicodedata.normalize("NFKD", name.replace("\\", "/").rsplit("/", 1)[-1])
    base = base.encode("ascii", "ignore").decode()
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip(".-_")[:90] or "evidence"
    return f"{stem}.{kind.extension}"


def sha256(upload):
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()
