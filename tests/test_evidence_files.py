"""Evidence files: recognised by content, never by name; kept with a clean name and a SHA-256;
served only to inspectorate staff and the owning team, as a download; never left behind by a failure."""

import hashlib
import io
import os
import socket
import subprocess
import sys
import tempfile
import time
import zipfile

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile

from icibi_tracker.settings import default_storage
from submissions import evidence
from submissions.models import Evidence, Submission

from .conftest import TODAY
from .submission_helpers import MINIMAL_PDF, asylum_data

pytestmark = pytest.mark.usefixtures("today")


def zipped(files):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})
ODT = zipped({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<office/>"})
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 40


@pytest.mark.parametrize(
    ("name", "content", "content_type", "kept_as"),
    [
        ("report.pdf", MINIMAL_PDF, "application/pdf", "report.pdf"),
        ("plan.docx", DOCX, evidence.DOCX.content_type, "plan.docx"),
        ("figures.xlsx", XLSX, evidence.XLSX.content_type, "figures.xlsx"),
        ("note.odt", ODT, "application/vnd.oasis.opendocument.text", "note.odt"),
        ("photo.png", PNG, "image/png", "photo.png"),
        ("photo.jpeg", JPEG, "image/jpeg", "photo.jpg"),
        ("rows.csv", b"team,done\nTransformation,yes\n", "text/csv", "rows.csv"),
        ("note.txt", b"Done in October.", "text/plain", "note.txt"),
        # Named wrongly: the content decides, and the name follows it.
        ("scan.docx", MINIMAL_PDF, "application/pdf", "scan.pdf"),
    ],
)
def test_each_accepted_kind_is_recognised_by_its_content(name, content, content_type, kept_as):
    upload = SimpleUploadedFile(name, content)
    kind = evidence.recognise(upload)
    assert kind.content_type == content_type
    assert evidence.clean_name(name, kind) == kept_as


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 100, "not a file the tracker accepts"),
        ("script.txt", b"#!/bin/sh\x00\x01rm -rf", "not a file the tracker accepts"),
        ("archive.docx", zipped({"evil.exe": "MZ"}), "not a file the tracker accepts"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "save it as .docx or .xlsx"),
        ("empty.pdf", b"", "is empty"),
    ],
)
def test_a_disguised_binary_or_empty_file_is_refused_with_a_clear_message(name, content, message):
    with pytest.raises(evidence.Refused, match=message):
        evidence.recognise(SimpleUploadedFile(name, content))


def test_a_file_over_20_mb_is_refused():
    upload = SimpleUploadedFile("big.pdf", MINIMAL_PDF)
    upload.size = evidence.MAX_FILE_SIZE + 1
    with pytest.raises(evidence.Refused, match="larger than 20 MB"):
        evidence.recognise(upload)


@pytest.mark.parametrize(
    ("name", "kept_as"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\me\\Report <final>.pdf", "Report-final.pdf"),
        ("Résumé 2026.pdf", "Resume-2026.pdf"),
        (".pdf", "evidence.pdf"),
    ],
)
def test_file_names_are_cleaned(name, kept_as):
    assert evidence.clean_name(name, evidence.PDF) == kept_as


def attach(by, content=MINIMAL_PDF, name="evidence.pdf"):
    upload = SimpleUploadedFile(name, content)
    draft = Submission.start(
        asylum_data(),
        Submission.Kind.CLOSURE,
        by,
        {"implemented_on": TODAY, "text": "Done."},
        files=[(upload, evidence.recognise(upload))],
    )
    return draft.submit(by, draft.version)


def test_a_file_is_kept_with_its_sha256_and_served_as_a_download_only_to_its_team_and_the_inspectorate(
    client, transformation_member, border_member, inspectorate_user, policy_user, evidence_storage
):
    claim = attach(transformation_member)
    item = claim.evidence.get()
    assert item.sha256 == hashlib.sha256(MINIMAL_PDF).hexdigest() and item.size == len(MINIMAL_PDF)
    assert (evidence_storage / item.file.name).read_bytes() == MINIMAL_PDF
    address = f"/submissions/{claim.pk}/evidence/{item.pk}/"
    for person in (transformation_member, inspectorate_user):
        client.force_login(person)
        response = client.get(address)
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="evidence.pdf"'
        assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == MINIMAL_PDF
    for person in (border_member, policy_user):
        client.force_login(person)
        assert client.get(address).status_code == 404
    client.logout()
    assert client.get(address).status_code == 302  # to sign in


def test_evidence_is_never_deleted(transformation_member, evidence_storage):
    item = attach(transformation_member).evidence.get()
    with pytest.raises(Exception, match="never deleted"):
        item.delete()
    assert Evidence.objects.filter(pk=item.pk).exists()


def test_a_submission_that_fails_to_save_leaves_no_file_behind(transformation_member, evidence_storage, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Evidence, "save", broken)
    with pytest.raises(RuntimeError):
        attach(transformation_member)
    assert not Submission.objects.exists()
    assert [p for p in evidence_storage.rglob("*") if p.is_file()] == []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def local_s3():
    """moto's S3 server on a free local port. In its own process: moto imports the PyPI package
    `responses`, which this project's `responses` app shadows in the tests' own process."""
    port = free_port()
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield endpoint
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_evidence_is_stored_in_an_s3_bucket_when_the_settings_say_so(
    settings, monkeypatch, transformation_member, local_s3
):
    """The production configuration (README: EVIDENCE_S3_*), against a local S3 server, never the internet."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    s3 = boto3.client("s3", endpoint_url=local_s3, region_name="eu-west-2")
    s3.create_bucket(Bucket="evidence", CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    environ = {
        "EVIDENCE_S3_BUCKET": "evidence",
        "EVIDENCE_S3_ENDPOINT_URL": local_s3,
        "EVIDENCE_S3_REGION": "eu-west-2",
    }
    settings.STORAGES = {**settings.STORAGES, "default": default_storage(environ)}
    try:
        item = attach(transformation_member).evidence.get()
        assert s3.get_object(Bucket="evidence", Key=item.file.name)["Body"].read() == MINIMAL_PDF
        with item.file.open("rb") as read_back:
            assert read_back.read() == MINIMAL_PDF
        assert default_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    finally:
        storages._storages = {}  # the next test's storage is read from its settings again
