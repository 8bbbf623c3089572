"""Fetching a GOV.UK address: only https, only allowed hosts (every redirect checked), a
timeout and a size limit, only HTML, PDF or text; every refusal says what to do instead.

Never the internet: an HTTPS server on 127.0.0.1, started here with a certificate made
here, stands in for GOV.UK. The allow-list names it, and the fetch trusts its certificate
through the `context` it takes, so the https rule is tested as it runs in production.
"""

import datetime
import ipaddress
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.test import override_settings

from responses.sources import FetchRefused, fetch_govuk

from .pdfs import make_pdf

PAGE = (
    b'<html><body><main><div class="govspeak"><h2>Recommendation 1</h2><p>Accepted</p></div></main>'
    b"<footer>Crown copyright</footer></body></html>"
)


def _certificate(tmp_path):
    """A self-signed certificate for 127.0.0.1 and localhost, as files ssl can load."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test GOV.UK")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert_file, key_file


class _Handler(BaseHTTPRequestHandler):
    routes = {}  # path: (status, headers, body), set by the fixture

    def do_GET(self):
        status, headers, body = self.routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"Not found"))
        if callable(body):
            body(self, status, headers)
            return
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server:
    def __init__(self, host, routes, client_context):
        self.host, self.routes, self.context = host, routes, client_context

    def url(self, path, host=None):
        return f"https://{host or self.host}{path}"

    def fetch(self, path, **options):
        return fetch_govuk(self.url(path), context=self.context, **options)


@pytest.fixture
def govuk(tmp_path, monkeypatch):
    """A local HTTPS server standing in for GOV.UK, on the allow-list for the test."""
    for proxy in ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(proxy, raising=False)  # straight to the local server, as no proxy would allow
    cert_file, key_file = _certificate(tmp_path)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert_file, key_file)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    httpd.block_on_close = False
    httpd.socket = server_context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    host = f"127.0.0.1:{httpd.server_address[1]}"
    routes = {}
    _Handler.routes = routes
    client_context = ssl.create_default_context(cafile=str(cert_file))
    try:
        with override_settings(IMPORT_ALLOWED_HOSTS=[host]):
            yield Server(host, routes, client_context)
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_page_on_an_allowed_host_gives_its_text(govuk):
    govuk.routes["/government/publications/response"] = (200, {"Content-Type": "text/html; charset=utf-8"}, PAGE)

    fetched = govuk.fetch("/government/publications/response")

    assert fetched.text == "Recommendation 1\n\nAccepted"
    assert fetched.url == govuk.url("/government/publications/response")
    assert fetched.content_type == "text/html"


def test_a_pdf_served_gives_its_text(govuk):
    pdf = make_pdf(["Recommendation 1", "Accepted"], marking="OFFICIAL")
    govuk.routes["/media/report.pdf"] = (200, {"Content-Type": "application/pdf"}, pdf)

    fetched = govuk.fetch("/media/report.pdf")

    assert (fetched.text, fetched.content_type) == ("Recommendation 1\n\nAccepted", "application/pdf")


def test_plain_text_is_given_as_it_is_in_its_character_set(govuk):
    body = "Recommendation 1 – accepted".encode("cp1252")
    govuk.routes["/r.txt"] = (200, {"Content-Type": "text/plain; charset=windows-1252"}, body)

    assert govuk.fetch("/r.txt").text == "Recommendation 1 – accepted"


def test_a_redirect_within_the_allowed_hosts_is_followed(govuk):
    govuk.routes["/old"] = (301, {"Location": "/new"}, b"")
    govuk.routes["/new"] = (200, {"Content-Type": "text/html"}, PAGE)

    fetched = govuk.fetch("/old")

    assert fetched.url == govuk.url("/new")
    assert "Recommendation 1" in fetched.text


def test_a_host_off_the_list_is_refused_before_anything_is_fetched(govuk):
    govuk.routes["/page"] = (200, {"Content-Type": "text/html"}, PAGE)

    with pytest.raises(FetchRefused, match=rf"Only addresses on {govuk.host} can be fetched: download the file"):
        fetch_govuk(govuk.url("/page", host="localhost:1"), context=govuk.context)


def test_the_real_allow_list_is_govuk_and_its_files():
    with pytest.raises(
        FetchRefused,
        match="Only addresses on www.gov.uk or assets.publishing.service.gov.uk can be fetched: "
        "download the file and upload it instead.",
    ):
        fetch_govuk("https://example.com/response")


@pytest.mark.parametrize(
    "address",
    [
        "https://www.gov.uk.example.com/x",
        "https://evil.example@www.gov.uk.example.com/x",
        "https://www.gov.uk@example.com/x",
        "https://www.gov.uk:8443/x",
        "file:///etc/passwd",
        "ftp://www.gov.uk/x",
    ],
)
def test_addresses_that_only_look_like_govuk_are_refused(address):
    with pytest.raises(FetchRefused, match="can be fetched"):
        fetch_govuk(address)


def test_an_address_that_is_not_https_is_refused(govuk):
    with pytest.raises(FetchRefused, match="Only addresses that start https:// can be fetched"):
        fetch_govuk(f"http://{govuk.host}/page", context=govuk.context)


def test_an_address_without_its_https_is_taken_as_https(govuk):
    govuk.routes["/page"] = (200, {"Content-Type": "text/html"}, PAGE)

    assert fetch_govuk(f"{govuk.host}/page", context=govuk.context).url == govuk.url("/page")


def test_a_certificate_the_fetch_cannot_check_is_refused(govuk):
    govuk.routes["/page"] = (200, {"Content-Type": "text/html"}, PAGE)

    with pytest.raises(FetchRefused, match="security certificate could not be checked"):
        fetch_govuk(govuk.url("/page"))  # the system's certificates do not vouch for this server


def test_a_redirect_off_the_list_is_refused_naming_where_it_goes(govuk):
    govuk.routes["/moved"] = (302, {"Location": "https://example.com/elsewhere"}, b"")

    with pytest.raises(FetchRefused, match="redirects to example.com, which is not on"):
        govuk.fetch("/moved")


def test_a_redirect_to_http_on_an_allowed_host_is_refused(govuk):
    govuk.routes["/moved"] = (302, {"Location": f"http://{govuk.host}/page"}, b"")

    with pytest.raises(FetchRefused, match="redirects to one that does not start https://"):
        govuk.fetch("/moved")


def test_a_chain_of_redirects_stops_after_a_few(govuk):
    for n in range(6):
        govuk.routes[f"/r{n}"] = (302, {"Location": f"/r{n + 1}"}, b"")
    govuk.routes["/r6"] = (200, {"Content-Type": "text/html"}, PAGE)

    with pytest.raises(FetchRefused, match="redirects more than 3 times"):
        govuk.fetch("/r0")


def test_an_answer_declared_too_large_is_refused_before_it_is_read(govuk):
    govuk.routes["/big"] = (200, {"Content-Type": "text/html", "Content-Length": str(10**9)}, b"")

    with pytest.raises(FetchRefused, match="more than 1 MB, the most the import reads"):
        govuk.fetch("/big", max_bytes=1024 * 1024)


def test_an_answer_that_goes_on_past_the_limit_is_cut_off(govuk):
    sent = []

    def endless(handler, status, headers):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()  # no length: it would go on for ever
        try:
            for _ in range(1000):
                handler.wfile.write(b"<p>more</p>" * 1000)
                sent.append(1)
        except OSError:
            pass  # the fetch stopped reading and hung up

    govuk.routes["/endless"] = (200, {}, endless)

    with pytest.raises(FetchRefused, match="more than 0.1 MB"):
        govuk.fetch("/endless", max_bytes=100 * 1024)
    assert len(sent) < 1000, "the fetch stopped reading long before the end"


def test_a_server_that_does_not_answer_in_time_is_refused(govuk):
    def slow(handler, status, headers):
        time.sleep(3)

    govuk.routes["/slow"] = (200, {}, slow)

    started = time.monotonic()
    with pytest.raises(FetchRefused, match="did not answer within 0.5 seconds: try again later"):
        govuk.fetch("/slow", timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_a_server_that_trickles_its_answer_is_cut_off_at_the_timeout(govuk):
    def trickle(handler, status, headers):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/html")
        handler.end_headers()
        try:
            for _ in range(30):
                handler.wfile.write(b"<p>a</p>")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    govuk.routes["/trickle"] = (200, {}, trickle)

    started = time.monotonic()
    with pytest.raises(FetchRefused, match="did not answer within 0.5 seconds"):
        govuk.fetch("/trickle", timeout=0.5)
    assert time.monotonic() - started < 1.5


@pytest.mark.parametrize(
    ("content_type", "shown"),
    [
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "wordprocessingml"),
        ("image/png", "image/png"),
        ("application/json", "application/json"),
    ],
)
def test_anything_but_html_pdf_or_text_is_refused(govuk, content_type, shown):
    govuk.routes["/file"] = (200, {"Content-Type": content_type}, b"PK\x03\x04")

    with pytest.raises(FetchRefused, match=rf"{shown}.*not a web page, a PDF or text: download it"):
        govuk.fetch("/file")


def test_a_missing_page_is_refused_with_govuks_answer(govuk):
    with pytest.raises(FetchRefused, match="answered “404 Not Found” for that address: check it"):
        govuk.fetch("/no-such-page")


def test_a_page_with_no_text_is_refused(govuk):
    govuk.routes["/empty"] = (200, {"Content-Type": "text/html"}, b"<html><body><nav>Menu</nav></body></html>")

    with pytest.raises(FetchRefused, match="no text"):
        govuk.fetch("/empty")
