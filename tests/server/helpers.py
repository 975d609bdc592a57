"""Helpers shared by the server and browser tests: request bodies, error checks, a page parser.

A plain module (not a test module), so a test file can import it without collecting
another file's tests.
"""

from __future__ import annotations

from html.parser import HTMLParser

from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE

WIRE = {"title": WIRE_TITLE, "text": WIRE_BODY, "outlet": "Ardenport Public Radio"}
SENSATIONAL = {"title": SENSATIONAL_TITLE, "text": SENSATIONAL_BODY}

HOSTILE_TITLE = 'Breaking <script>alert("t")</script> news <img src=x onerror=alert(1)>'
HOSTILE_BODY = (
    WIRE_BODY
    + '\n\n<script>document.title="owned"</script> <img src="x" onerror="alert(2)"> '
    '<a href="javascript:alert(3)">click</a> <svg onload=alert(4)></svg> '
    '"><iframe src=//evil.example></iframe> </textarea><style>body{display:none}</style>'
)


def without_timings(report: dict) -> dict:
    return {k: v for k, v in report.items() if k != "timings"}


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "hint"}
    assert body["error"]["code"] == code
    assert body["error"]["message"] and body["error"]["hint"]
    return body["error"]


class Page(HTMLParser):
    """Tags, attributes and text of a page, as a browser's parser would see them."""

    def __init__(self, document: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(document)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]
