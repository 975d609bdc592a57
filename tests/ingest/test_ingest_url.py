"""Safe URL fetching: address vetting offline, then real fetches from a loopback server."""

from __future__ import annotations

import http.server
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscred.errors import NewscredError
from newscred.ingest import ArticleInput, fetch_url, read_source, refusal_reason, vet_url
from newscred.ingest import url as url_module

# --- vetting, no network ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://127.0.0.1/", "loopback"),
        ("http://localhost/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://10.0.0.1/", "private"),
        ("http://192.168.1.20:8080/admin", "private"),
        ("http://0.0.0.0/", "unspecified"),
        ("http://[::ffff:127.0.0.1]/", "loopback"),
        ("http://[::ffff:10.1.2.3]/", "private"),
        ("http://[2002:7f00:1::]/", "loopback"),
        ("http://[64:ff9b::a9fe:a9fe]/", "link-local"),
        ("http://100.64.0.1/", "not a public address"),
        ("http://224.0.0.1/", "multicast"),
    ],
)
def test_private_addresses_are_refused(url: str, why: str) -> None:
    with pytest.raises(NewscredError) as caught:
        vet_url(url)
    assert caught.value.code == "NC110"
    assert why in caught.value.message


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.txt", "gopher://example.org/", "example.org/page"]
)
def test_other_schemes_are_refused(url: str) -> None:
    with pytest.raises(NewscredError) as caught:
        fetch_url(url)
    assert caught.value.code == "NC110"


def test_credentials_in_url_are_refused() -> None:
    with pytest.raises(NewscredError) as caught:
        vet_url("http://user:secret@127.0.0.1/")
    assert caught.value.code == "NC110"


def test_any_bad_address_among_several_refuses(monkeypatch: pytest.MonkeyPatch) -> None:
    def resolve(host: str, port: int, **kwargs: object) -> list[tuple[object, ...]]:
        return [(2, 1, 6, "", ("93.184.215.14", port)), (2, 1, 6, "", ("127.0.0.1", port))]

    monkeypatch.setattr(url_module.socket, "getaddrinfo", resolve)
    with pytest.raises(NewscredError) as caught:
        vet_url("https://news.example/story")
    assert "news.example resolves to 127.0.0.1" in caught.value.message


def test_public_addresses_pass() -> None:
    assert refusal_reason("93.184.215.14") is None
    assert refusal_reason("2606:4700:4700::1111") is None
    assert refusal_reason("2002:5db8:d70e::1") is None  # 6to4 of a public address


def test_allow_private_skips_the_refusal() -> None:
    _, addresses = vet_url("http://127.0.0.1:9/", allow_private=True)
    assert addresses == ["127.0.0.1"]


# --- a loopback server ------------------------------------------------------------------

ARTICLE = (
    b"<!doctype html><html><head><title>Tram line opens</title>"
    b'<meta property="og:site_name" content="Northside Post"></head><body><article>'
    b"<h1>Tram line opens</h1><p>The new tram line between the station and the hospital "
    b"opened on Saturday, two years after building work began, the transport office said.</p>"
    b"<p>Riders said the trams were quiet and ran on time during the first morning.</p>"
    b"</article></body></html>"
)


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        routes = {
            "/article": lambda: self.reply(200, "text/html; charset=utf-8", ARTICLE),
            "/host": lambda: self.reply(200, "text/plain", self.headers["Host"].encode()),
            "/agent": lambda: self.reply(200, "text/plain", self.headers["User-Agent"].encode()),
            "/redirect": lambda: self.redirect("/article"),
            "/redirect-absolute": lambda: self.redirect(f"http://127.0.0.1:{self.server.server_port}/redirect"),
            "/loop": lambda: self.redirect("/loop"),
            "/metadata": lambda: self.redirect("http://169.254.169.254/latest/meta-data/"),
            "/missing": lambda: self.reply(404, "text/html", b"not here"),
            "/image": lambda: self.reply(200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/big": lambda: self.reply(200, "text/plain", b"a" * 5000),
            "/big-unsized": self.big_unsized,
            "/slow": self.slow,
        }
        routes.get(self.path, lambda: self.reply(404, "text/plain", b""))()

    def reply(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def big_unsized(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.end_headers()
        self.wfile.write(b"b" * 200_000)

    def slow(self) -> None:
        time.sleep(1.5)
        self.reply(200, "text/plain", b"late")

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients that hang up early (size cap, timeout) are expected here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)



@pytest.mark.network
def test_loopback_is_refused_without_allow_private(server: str) -> None:
    with pytest.raises(NewscredError) as caught:
        fetch_url(f"{server}/article")
    assert caught.value.code == "NC110"


@pytest.mark.network
def test_fetches_a_page(server: str) -> None:
    page = fetch_url(f"{server}/article", allow_private=True)
    assert page.body == ARTICLE
    assert page.encoding == "utf-8"
    assert page.url == f"{server}/article"
    assert fetch_url(f"{server}/agent", allow_private=True).body.startswith(b"newscred/")


@pytest.mark.network
def test_redirects_are_followed_and_the_final_url_kept(server: str) -> None:
    page = fetch_url(f"{server}/redirect-absolute", allow_private=True)
    assert page.body == ARTICLE
    assert page.url == f"{server}/article"


@pytest.mark.network
def test_redirect_loops_stop(server: str) -> None:
    with pytest.raises(NewscredError) as caught:
        fetch_url(f"{server}/loop", allow_private=True, max_redirects=3)
    assert caught.value.code == "NC111"
    assert "redirects" in caught.value.message


@pytest.mark.network
def test_each_redirect_hop_is_vetted(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Treat the loopback test server as public: the redirect it sends to the cloud
    # metadata address must still be refused before any connection is made.
    real = url_module.refusal_reason
    monkeypatch.setattr(url_module, "refusal_reason", lambda a: None if a == "127.0.0.1" else real(a))
    with pytest.raises(NewscredError) as caught:
        fetch_url(f"{server}/metadata")
    assert caught.value.code == "NC110"
    assert "169.254.169.254 is a link-local address" in caught.value.message


@pytest.mark.network
def test_connection_is_pinned_and_sends_the_host_name(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    port = server.rsplit(":", 1)[1]
    real = url_module.socket.getaddrinfo

    def resolve(host: str, *args: object, **kwargs: object) -> object:
        return real("127.0.0.1" if host == "news.test" else host, *args, **kwargs)

    monkeypatch.setattr(url_module.socket, "getaddrinfo", resolve)
    page = fetch_url(f"http://news.test:{port}/host", allow_private=True)
    assert page.body == f"news.test:{port}".encode()


@pytest.mark.network
@pytest.mark.parametrize(("path", "code"), [("/missing", "NC111"), ("/image", "NC102")])
def test_error_status_and_non_text_types(server: str, path: str, code: str) -> None:
    with pytest.raises(NewscredError) as caught:
        fetch_url(f"{server}{path}", allow_private=True)
    assert caught.value.code == code
    if path == "/missing":
        assert "HTTP 404" in caught.value.message


@pytest.mark.network
@pytest.mark.parametrize("path", ["/big", "/big-unsized"])
def test_size_cap(server: str, path: str) -> None:
    with pytest.raises(NewscredError) as caught:
        fetch_url(f"{server}{path}", allow_private=True, max_bytes=1000)
    assert caught.value.code == "NC105"


@pytest.mark.network
def test_timeout(server: str) -> None:
    # /slow answers after 1.5 s: NC111 (not a page) shows the 0.3 s timeout cut it off
    with pytest.raises(NewscredError) as caught:
        fetch_url(f"{server}/slow", allow_private=True, timeout=0.3)
    assert caught.value.code == "NC111"
    assert "timed out" in caught.value.message


@pytest.mark.network
def test_unreachable_port_is_nc111() -> None:
    with pytest.raises(NewscredError) as caught:
        fetch_url("http://127.0.0.1:9/", allow_private=True, timeout=1)
    assert caught.value.code == "NC111"


@pytest.mark.network
def test_read_source_url_gives_html_with_final_url(server: str) -> None:
    records = list(read_source(f"{server}/redirect", allow_private_urls=True))
    assert len(records) == 1 and isinstance(records[0], ArticleInput)
    assert records[0].html == ARTICLE.decode()
    assert records[0].url == f"{server}/article"
    with pytest.raises(NewscredError) as caught:
        read_source(f"{server}/article")
    assert caught.value.code == "NC110"


@pytest.mark.network
@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command to make a certificate")
def test_https_to_a_pinned_address_still_verifies_the_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import urllib3

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.test",
         "-addext", "subjectAltName=DNS:news.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    real_resolve, real_pool = url_module.socket.getaddrinfo, urllib3.HTTPSConnectionPool

    def resolve(host: str, *args: object, **kwargs: object) -> object:
        return real_resolve("127.0.0.1" if host.endswith(".test") else host, *args, **kwargs)

    def trusting_pool(*args: object, **kwargs: object) -> object:
        return real_pool(*args, ca_certs=str(cert), **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(url_module.socket, "getaddrinfo", resolve)
    port = httpd.server_port
    try:
        with pytest.raises(NewscredError) as caught:  # an untrusted certificate
            fetch_url(f"https://news.test:{port}/host", allow_private=True)
        assert "TLS" in caught.value.message
        monkeypatch.setattr(urllib3, "HTTPSConnectionPool", trusting_pool)
        page = fetch_url(f"https://news.test:{port}/host", allow_private=True)
        assert page.body == f"news.test:{port}".encode()
        with pytest.raises(NewscredError) as caught:  # right address, wrong name
            fetch_url(f"https://other.test:{port}/host", allow_private=True)
        assert "doesn't match" in caught.value.message
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
