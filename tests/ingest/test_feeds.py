"""RSS and Atom feeds: parsing, politeness (rate limit, robots.txt) and `newscred ingest FEED`.

The feeds and pages are written here. Unit tests inject a fake fetch and a fake clock;
the end-to-end tests serve everything from a loopback server, which the safe fetcher
only reaches with `--allow-private-urls` (its test hook), with `--crawl-delay 0`.
"""

from __future__ import annotations

import http.server
import io
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newscred.cli import app
from newscred.errors import NewscredError
from newscred.ingest import ArticleInput, FetchedPage, RecordError
from newscred.ingest.feeds import FeedReader, SkippedEntry, is_feed_url, parse_feed
from newscred.ingest.polite import HostPacer, RobotsRules
from newscred.ingest.url import HTTPStatusError

# --- our own feeds and pages --------------------------------------------------------------

ARTICLES = {
    "tram": (
        "Tram line opens between station and hospital",
        [
            "The new tram line between the central station and the county hospital opened on "
            "Saturday, two years after building work began, the regional transport office said.",
            '"The first trams ran on time and nearly full," said Ines Calder, who manages the '
            "line for the transport office. She said about 4,000 riders used it on the first day.",
            "The line cost 310 million euros, about 12 percent more than planned, according to "
            "the office's annual report. Trams run every eight minutes until midnight.",
        ],
    ),
    "library": (
        "Council votes to extend library opening hours",
        [
            "The town council voted 9-4 on Monday to keep the three public libraries open until "
            "8 p.m. on weekdays from April, at a yearly cost of 180,000 euros.",
            '"Students and shift workers asked for this for years," council member Tomas Weber '
            "said after the vote. Two members said the money should go to school repairs.",
            "The libraries will hire six part-time staff, the council's budget office said in a "
            "statement. A review of visitor numbers is planned for the end of the year.",
        ],
    ),
    "bridge": (
        "Harbour bridge closes for six weeks of repairs",
        [
            "The harbour bridge will close to cars for six weeks from March 20 while engineers "
            "replace its expansion joints, the city's roads department said on Thursday.",
            '"The joints are forty years old and worn," the department\'s chief engineer, Mara '
            "Lind, said. Buses and bicycles will still be allowed to cross on one lane.",
            "Detours add about fifteen minutes to trips from the east side, according to the "
            "department, which will publish daily traffic updates on its website.",
        ],
    ),
}


def page(key: str) -> bytes:
    title, paragraphs = ARTICLES[key]
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><title>{title} | Harbour Courier</title></head>"
        f"<body><nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}</article>"
        "<footer>Copyright Harbour Courier</footer></body></html>"
    ).encode()


def rss(base: str, keys: list[str], *, title: str = "Harbour Courier", paths: dict[str, str] | None = None) -> bytes:
    items = []
    for day, key in enumerate(keys, start=2):
        path = (paths or {}).get(key, f"/news/{key}")
        items.append(
            f"<item><title>{ARTICLES[key][0]}</title><link>{base}{path}</link>"
            f"<pubDate>Mon, 0{day} Mar 2026 09:30:00 GMT</pubDate>"
            f"<author>desk@courier.example (City desk)</author>"
            f"<description>{ARTICLES[key][1][0]}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>{base}/</link><description>Local news</description>"
        f"{''.join(items)}</channel></rss>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Harbour Courier</title>
  <id>urn:example:courier</id>
  <updated>2026-03-04T08:00:00Z</updated>
  <entry>
    <title>Harbour bridge closes for six weeks of repairs</title>
    <link rel="alternate" href="/news/bridge"/>
    <id>urn:example:bridge</id>
    <published>2026-03-04T07:00:00+02:00</published>
    <updated>2026-03-04T08:00:00Z</updated>
    <author><name>Mara Olsen</name></author>
    <summary>The bridge closes to cars from March 20.</summary>
  </entry>
  <entry>
    <title type="html">Council votes &lt;em&gt;to extend&lt;/em&gt; library hours</title>
    <link rel="alternate" href="https://courier.example/news/library"/>
    <id>urn:example:library</id>
    <updated>2026-03-05T10:15:00Z</updated>
  </entry>
</feed>
"""


# --- parsing ------------------------------------------------------------------------------


def test_rss_entries_give_link_title_date_author_and_outlet() -> None:
    feed = parse_feed(rss("https://courier.example", ["tram", "library"]), url="https://courier.example/rss")
    assert feed.outlet == "Harbour Courier"
    first, second = feed.entries
    assert first.link == "https://courier.example/news/tram"
    assert first.title == ARTICLES["tram"][0]
    assert first.published == "2026-03-02T09:30:00+00:00"
    assert first.author and "City desk" in first.author
    assert second.published == "2026-03-03T09:30:00+00:00"


def test_atom_entries_resolve_relative_links_and_plain_titles() -> None:
    feed = parse_feed(ATOM, url="https://courier.example/atom.xml", content_type="application/atom+xml")
    bridge, library = feed.entries
    assert bridge.link == "https://courier.example/news/bridge"
    assert bridge.published == "2026-03-04T05:00:00+00:00"  # published wins, in UTC
    assert bridge.author == "Mara Olsen"
    assert library.title == "Council votes to extend library hours"  # markup removed
    assert library.published == "2026-03-05T10:15:00+00:00"  # updated when not published


@pytest.mark.parametrize("title", ["", "RSS", "x" * 120, "https://courier.example/"])
def test_feed_titles_that_are_not_outlet_names_are_left_out(title: str) -> None:
    feed = parse_feed(rss("https://courier.example", ["tram"], title=title), url="https://courier.example/rss")
    assert feed.outlet is None


def test_a_web_page_is_not_a_feed_and_names_its_feed() -> None:
    html = (b'<!doctype html><html><head><link rel="alternate" type="application/rss+xml" '
            b'href="/feed.xml"><title>Courier</title></head><body><p>Hello</p></body></html>')
    with pytest.raises(NewscredError) as caught:
        parse_feed(html, url="https://courier.example/", content_type="text/html")
    assert caught.value.code == "NC123"
    assert "web page" in caught.value.message
    assert "https://courier.example/feed.xml" in caught.value.hint


@pytest.mark.parametrize("data", [b"<rss><channel><item><title>cut off", b"{}", b"just words", b"  "])
def test_broken_or_foreign_data_is_nc123(data: bytes) -> None:
    with pytest.raises(NewscredError) as caught:
        parse_feed(data, url="https://courier.example/rss")
    assert caught.value.code == "NC123"


def test_a_valid_feed_with_no_entries_is_empty_not_an_error() -> None:
    assert parse_feed(rss("https://courier.example", []), url="https://courier.example/rss").entries == ()


def test_feed_urls_are_arguments_with_a_scheme() -> None:
    assert is_feed_url("https://courier.example/rss")
    assert is_feed_url("ftp://courier.example/rss")  # refused later with NC110
    assert not is_feed_url("feeds/courier.xml")


# --- politeness with a fake clock -------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_pacer_spaces_requests_per_host_only() -> None:
    clock = FakeClock()
    pacer = HostPacer(interval=2.0, clock=clock, sleep=clock.sleep)
    starts: list[tuple[str, float]] = []
    for url in ["https://a.example/1", "https://b.example/1", "https://a.example/2", "http://A.example:8080/3"]:
        with pacer.request(url):
            starts.append((url, clock.now))
            clock.now += 0.5  # the request itself takes time
    assert clock.sleeps == [1.5, 2.0]  # b.example never waits for a.example; ports share a host
    a_times = [t for u, t in starts if "a.example" in u.lower()]
    assert all(later - earlier >= 2.0 + 0.5 for earlier, later in zip(a_times, a_times[1:], strict=False))


def test_crawl_delay_widens_but_never_narrows() -> None:
    pacer = HostPacer(interval=1.0)
    pacer.widen("a.example", 5)
    pacer.widen("b.example", 0.2)
    pacer.widen("c.example", 10_000)
    assert (pacer.interval_for("a.example"), pacer.interval_for("b.example")) == (5.0, 1.0)
    assert pacer.interval_for("c.example") == 60.0  # capped
    with pytest.raises(NewscredError):
        HostPacer(interval=-1)


class FakeWeb:
    """A fetch function over a dict: URL -> bytes (HTML page), or an int HTTP status."""

    def __init__(self, pages: dict[str, bytes | int], clock: FakeClock | None = None) -> None:
        self.pages = pages
        self.clock = clock
        self.requests: list[tuple[str, float]] = []

    def __call__(self, url: str, *, max_bytes: int) -> FetchedPage:
        self.requests.append((url, self.clock.now if self.clock else 0.0))
        if self.clock:
            self.clock.now += 0.1
        found = self.pages.get(url, 404)
        if isinstance(found, int):
            raise HTTPStatusError(f"{url}: the server answered HTTP {found}", status=found)
        kind = "application/rss+xml" if url.endswith(".xml") else "text/html; charset=utf-8"
        if url.endswith("robots.txt"):
            kind = "text/plain"
        return FetchedPage(url=url, content_type=kind, body=found, encoding="utf-8")


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (b"User-agent: *\nDisallow: /private/\n", [True, False]),
        (b"User-agent: *\nDisallow: /\n\nUser-agent: newscred\nAllow: /\n", [True, True]),
        (b"User-agent: newscred\nDisallow: /news/\n", [False, True]),
        (404, [True, True]),
        (410, [True, True]),
        (403, [False, False]),
        (503, [False, False]),
    ],
)
def test_robots_rules_and_failures(robots: bytes | int, allowed: list[bool]) -> None:
    web = FakeWeb({"https://a.example/robots.txt": robots})
    rules = RobotsRules(web, pacer=HostPacer(interval=0))
    assert [rules.allowed("https://a.example/news/1"), rules.allowed("https://a.example/private/2")] == allowed
    assert [u for u, _ in web.requests] == ["https://a.example/robots.txt"]  # once per origin


def test_robots_that_cannot_be_fetched_disallow_with_a_reason() -> None:
    def offline(url: str, *, max_bytes: int) -> FetchedPage:
        raise NewscredError("NC111", f"{url}: the connection timed out")

    rules = RobotsRules(offline, pacer=HostPacer(interval=0))
    assert not rules.allowed("https://a.example/news/1")
    assert "timed out" in rules.reason("https://a.example/news/1")


def test_robots_crawl_delay_slows_that_host() -> None:
    clock = FakeClock()
    base = "https://courier.example"
    web = FakeWeb({f"{base}/rss.xml": rss(base, ["tram", "library"]),
                   f"{base}/robots.txt": b"User-agent: *\nCrawl-delay: 4\n",
                   f"{base}/news/tram": page("tram"), f"{base}/news/library": page("library")}, clock)
    reader = FeedReader(fetch=web, interval=1.0, clock=clock, sleep=clock.sleep)
    list(reader.read(f"{base}/rss.xml"))
    times = [t for _, t in web.requests]
    assert [round(b - a, 3) for a, b in zip(times, times[1:], strict=False)] == [1.1, 4.1, 4.1]


def test_reader_spaces_every_request_to_a_host_and_skips_what_is_known() -> None:
    clock = FakeClock()
    a, b = "https://a.example", "https://b.example"
    feed = rss(a, ["tram"]).replace(b"</channel>", (
        f"<item><title>{ARTICLES['library'][0]}</title><link>{b}/news/library</link></item>"
        f"<item><title>{ARTICLES['bridge'][0]}</title><link>{a}/news/bridge</link></item>"
        f"<item><title>Known</title><link>{a}/news/known</link></item>"
        f"<item><title>Again</title><link>{a}/news/tram</link></item></channel>"
    ).encode())
    web = FakeWeb({f"{a}/rss.xml": feed, f"{a}/robots.txt": 404, f"{b}/robots.txt": b"",
                   f"{a}/news/tram": page("tram"), f"{b}/news/library": page("library"),
                   f"{a}/news/bridge": page("bridge")}, clock)
    reader = FeedReader(fetch=web, interval=1.0, clock=clock, sleep=clock.sleep)
    items = list(reader.read(f"{a}/rss.xml", known=lambda url: url.endswith("/known")))

    assert [type(i).__name__ for i in items] == [
        "ArticleInput", "ArticleInput", "ArticleInput", "SkippedEntry", "SkippedEntry"]
    assert [i.reason for i in items if isinstance(i, SkippedEntry)] == ["stored", "duplicate"]
    fetched = [u for u, _ in web.requests]
    assert f"{a}/news/known" not in fetched and fetched.count(f"{a}/news/tram") == 1
    by_host: dict[str, list[float]] = {}
    for url, at in web.requests:
        by_host.setdefault(url.split("/")[2], []).append(at)
    for times in by_host.values():  # each request starts >= 1 s after the last one ended
        assert all(later - earlier >= 1.0 + 0.1 - 1e-9 for earlier, later in zip(times, times[1:], strict=False))
    assert len(by_host["b.example"]) == 2 and clock.sleeps  # b's requests did not wait for a's


def test_entry_records_take_the_feeds_metadata_and_the_pages_html() -> None:
    base = "https://courier.example"
    web = FakeWeb({f"{base}/rss.xml": rss(base, ["tram"], paths={"tram": "/t"}),
                   f"{base}/robots.txt": 404, f"{base}/t": page("tram")})
    (record,) = FeedReader(fetch=web, interval=0).read(f"{base}/rss.xml")
    assert isinstance(record, ArticleInput)
    assert (record.url, record.title, record.outlet) == (f"{base}/t", ARTICLES["tram"][0], "Harbour Courier")
    assert record.published == "2026-03-02T09:30:00+00:00"
    assert record.html and "Ines Calder" in record.html and record.text is None


def test_failed_pages_are_errors_even_with_a_long_summary() -> None:
    base = "https://courier.example"
    feed = rss(base, ["tram"]).replace(ARTICLES["tram"][1][0].encode(), " ".join(ARTICLES["tram"][1]).encode())
    web = FakeWeb({f"{base}/rss.xml": feed, f"{base}/robots.txt": 404, f"{base}/news/tram": 500})
    (item,) = FeedReader(fetch=web, interval=0).read(f"{base}/rss.xml")
    assert isinstance(item, RecordError) and item.record == 1
    assert item.error.code == "NC111"
    assert "summary is not taken for the article" in item.error.message


def test_entries_without_a_usable_link_are_errors() -> None:
    base = "https://courier.example"
    feed = (b'<rss version="2.0"><channel><title>C</title>'
            b"<item><title>No link</title><description>Teaser</description></item>"
            b"<item><title>Mail</title><link>mailto:desk@courier.example</link></item></channel></rss>")
    web = FakeWeb({f"{base}/rss.xml": feed})
    items = list(FeedReader(fetch=web, interval=0).read(f"{base}/rss.xml"))
    assert [i.error.code for i in items if isinstance(i, RecordError)] == ["NC108", "NC110"]
    assert [u for u, _ in web.requests] == [f"{base}/rss.xml"]


# --- end to end: newscred ingest FEED against a loopback server ----------------------------------


class Site(http.server.BaseHTTPRequestHandler):
    routes: dict[str, tuple[int, str, bytes]] = {}
    hits: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self.hits.append(self.path)
        status, kind, body = self.routes.get(self.path, (404, "text/plain", b"not here"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = QuietServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def site(server: str) -> Iterator[str]:
    Site.routes.clear()
    Site.hits.clear()
    yield server
    Site.routes.clear()
    Site.hits.clear()


def ingest(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["ingest", *args, "--allow-private-urls", "--crawl-delay", "0"])
    return result.exit_code, " ".join(result.output.split())


@pytest.mark.network
def test_ingest_a_feed_stores_pages_and_a_rerun_fetches_no_page(site: str, tmp_path: Path) -> None:
    Site.routes.update({
        "/rss.xml": (200, "application/rss+xml", rss(site, ["tram", "library"])),
        "/robots.txt": (200, "text/plain", b"User-agent: *\nDisallow: /drafts/\n"),
        "/news/tram": (200, "text/html; charset=utf-8", page("tram")),
        "/news/library": (200, "text/html; charset=utf-8", page("library")),
    })
    db = tmp_path / "s.sqlite"
    code, output = ingest(f"{site}/rss.xml", "--db", str(db))
    assert code == 0, output
    assert "2 added, 0 already stored, 0 failed" in output
    assert Site.hits == ["/rss.xml", "/robots.txt", "/news/tram", "/news/library"]
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT url, title, outlet, published FROM articles ORDER BY published").fetchall()
    assert rows == [
        (f"{site}/news/tram", ARTICLES["tram"][0], "Harbour Courier", "2026-03-02T09:30:00+00:00"),
        (f"{site}/news/library", ARTICLES["library"][0], "Harbour Courier", "2026-03-03T09:30:00+00:00"),
    ]

    Site.hits.clear()
    code, output = ingest(f"{site}/rss.xml", "--db", str(db))
    assert code == 0, output
    assert "0 added, 2 already stored, 0 failed" in output
    assert Site.hits == ["/rss.xml"]  # no page, not even robots.txt, fetched again


@pytest.mark.network
def test_robots_disallow_and_a_bad_page_are_reported_and_the_rest_stored(site: str, tmp_path: Path) -> None:
    Site.routes.update({
        "/feed.xml": (200, "application/rss+xml", rss(site, ["tram", "library", "bridge"],
                                                        paths={"library": "/private/library"})),
        "/robots.txt": (200, "text/plain", b"User-agent: newscred\nDisallow: /private/\n"),
        "/news/tram": (200, "text/html; charset=utf-8", page("tram")),
        "/private/library": (200, "text/html; charset=utf-8", page("library")),
        "/news/bridge": (500, "text/html", b"<p>oops</p>"),
    })
    code, output = ingest(f"{site}/feed.xml", "--db", str(tmp_path / "s.sqlite"))
    assert code == 3, output  # some entries failed: exit 3, as for tables
    assert "1 added, 0 already stored, 1 failed, 1 skipped by robots.txt" in output
    assert "NC111" in output and "HTTP 500" in output
    assert "skipped" in output and "NC122" in output and "robots.txt disallows it" in output
    assert "/private/library" not in Site.hits


@pytest.mark.network
def test_a_broken_feed_is_exit_2_with_the_coded_error(site: str, tmp_path: Path) -> None:
    Site.routes.update({
        "/broken.xml": (200, "application/rss+xml", b"<rss><channel><item><title>cut"),
        "/page": (200, "text/html", b"<!doctype html><html><body><p>A page</p></body></html>"),
    })
    db = str(tmp_path / "s.sqlite")
    code, output = ingest(f"{site}/broken.xml", "--db", db)
    assert code == 2 and "NC123" in output and "hint:" in output
    code, output = ingest(f"{site}/missing.xml", "--db", db)
    assert code == 2 and "NC111" in output
    code, output = ingest(f"{site}/broken.xml", f"{site}/page", "--db", db)  # several: go on
    assert code == 3 and "0 added, 0 already stored, 2 failed" in output


def test_feeds_on_private_addresses_are_refused_without_the_flag(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", "http://127.0.0.1:9/rss.xml", "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 2 and "NC110" in result.output


def test_the_progress_bar_counts_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from newscred.cli import store as cli
    from newscred.stories.ingest import IngestSummary

    screen = io.StringIO()
    monkeypatch.setattr(cli, "_stderr", lambda: Console(file=screen, force_terminal=True, width=120))
    with cli._ingest_progress() as progress:
        assert progress is not None
        progress(IngestSummary(added=2, failed=1))
    monkeypatch.setattr(cli, "_stderr", lambda: Console(file=io.StringIO()))
    with cli._ingest_progress() as progress:
        assert progress is None
    assert "2 added" in screen.getvalue() and "1 failed" in screen.getvalue()


def test_entries_on_refused_addresses_are_failures_not_robots_skips() -> None:
    base = "https://courier.example"
    inside = "http://10.0.0.5"

    def fetch(url: str, *, max_bytes: int) -> FetchedPage:
        if url.startswith(inside):
            raise NewscredError("NC110", f"refused {url}: 10.0.0.5 is a private address")
        return FakeWeb({f"{base}/rss.xml": rss(inside, ["tram", "library"])})(url, max_bytes=max_bytes)

    items = list(FeedReader(fetch=fetch, interval=0).read(f"{base}/rss.xml"))
    assert [i.error.code for i in items if isinstance(i, RecordError)] == ["NC110", "NC110"]
