"""The web page, in-process: the form, the HTML report, its JSON twin, hostile input."""

from __future__ import annotations

import base64
import json
import re
from importlib import resources

from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE
from tests.server.conftest import KEY
from tests.server.helpers import HOSTILE_BODY, HOSTILE_TITLE, Page, without_timings


def test_the_form_is_labelled_and_posts_to_check(client):
    response = client.get("/")
    assert response.status_code == 200
    page = Page(response.text)
    (form,) = page.named("form")
    assert form["action"] == "/check" and form["method"] == "post"
    assert form["enctype"] == "multipart/form-data"
    labelled = {attrs["for"] for attrs in page.named("label")}
    fields = [a["id"] for a in page.named("input") + page.named("textarea")]
    assert set(fields) == {"title", "text", "url", "file"}
    assert set(fields) <= labelled
    assert not page.named("script")
    assert [a["href"] for a in page.named("link")] == ["/static/newscred.css"]


def test_form_post_gives_the_report_page(client):
    response = client.post("/check", data={"title": SENSATIONAL_TITLE, "text": SENSATIONAL_BODY})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    marks = page.named("mark")
    assert {m["data-signal"] for m in marks} >= {"headline", "sourcing"}
    assert all(m["tabindex"] == "0" and m["title"] for m in marks)  # notes on hover and focus
    toggles = [i for i in page.named("input") if i.get("type") == "checkbox"]
    assert {t["data-signal"] for t in toggles} == {m["data-signal"] for m in marks}
    captions = " ".join(page.text)
    assert "Sourcing profile" in captions and "Why this score" in captions
    assert not page.named("script")


def test_download_is_the_json_twin(client):
    fields = {"title": WIRE_TITLE, "text": WIRE_BODY}
    page = Page(client.post("/check", data=fields).text)
    (download,) = [a for a in page.named("a") if "download" in a]
    prefix = "data:application/json;base64,"
    assert download["href"].startswith(prefix)
    report = json.loads(base64.b64decode(download["href"][len(prefix):]))
    twin = client.post("/v1/check", json=fields).json()
    assert without_timings(report) == without_timings(twin)
    assert download["download"] == f"newscred-report-{twin['article']['id']}.json"


def test_check_takes_the_same_json_as_the_api(client):
    fields = {"title": SENSATIONAL_TITLE, "text": SENSATIONAL_BODY}
    response = client.post("/check", json=fields)
    assert response.status_code == 200
    twin = client.post("/v1/check", json=fields).json()
    flagged = {s["name"] for s in twin["signals"] if s["spans"]}
    assert flagged and {m["data-signal"] for m in Page(response.text).named("mark")} == flagged


def test_uploaded_html_file(client):
    page = "<html><head><title>Ardenport sues</title></head><body><article>" + "".join(
        f"<p>{p}</p>" for p in WIRE_BODY.split("\n\n")
    ) + "</article></body></html>"
    response = client.post(
        "/check", data={"title": ""}, files={"file": ("story.html", page.encode("utf-8"), "text/html")}
    )
    assert response.status_code == 200, response.text
    assert "Mayor" in response.text and "Elena Vasquez" in response.text


def test_uploaded_text_file_uses_its_first_line_as_headline(client):
    saved = f"{WIRE_TITLE}\n\n{WIRE_BODY}".encode()
    response = client.post("/check", files={"file": ("story.txt", saved, "text/plain")})
    assert response.status_code == 200, response.text
    assert f'<h2 id="report-1-title">{WIRE_TITLE}</h2>' in response.text


def test_hostile_article_stays_text(client):
    response = client.post("/check", data={"title": HOSTILE_TITLE, "text": HOSTILE_BODY})
    assert response.status_code == 200
    page = Page(response.text)
    tags = {name for name, _ in page.tags}
    assert not tags & {"script", "img", "svg", "iframe", "style", "textarea", "object", "embed"}
    for _name, attrs in page.tags:
        for attribute, value in attrs.items():
            assert not attribute.startswith("on"), attribute
            if attribute == "href" and value and not value.startswith("data:application/json"):
                assert not value.lower().startswith("javascript:")
    text = "".join(page.text)
    assert '<script>alert("t")</script>' in text  # shown, as text
    assert "<img src=x onerror=alert(1)>" in text
    assert "default-src 'none'" in response.headers["content-security-policy"]


def test_page_errors_are_pages_with_the_code(client):
    response = client.post("/check", data={"title": "Only a title"})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "NC108" in response.text and 'role="alert"' in response.text
    unsupported = client.post("/check", content=b"text", headers={"content-type": "text/plain"})
    assert unsupported.status_code == 415 and "NC118" in unsupported.text
    bad_json = client.post("/check", content=b"{", headers={"content-type": "application/json"})
    assert bad_json.status_code == 400 and "NC106" in bad_json.text
    binary = client.post("/check", files={"file": ("x.html", b"%PDF-1.7\x00\x01\x02", "text/html")})
    assert binary.status_code == 422 and "NC102" in binary.text


def test_get_check_goes_to_the_form(client):
    response = client.get("/check", follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"] == "/"


def test_page_with_keys_asks_for_one(make_client):
    client = make_client(api_keys=(KEY,))
    assert 'name="api_key"' in client.get("/").text
    fields = {"title": WIRE_TITLE, "text": WIRE_BODY}
    refused = client.post("/check", data=fields)
    assert refused.status_code == 401 and "NC119" in refused.text
    assert client.post("/check", data={**fields, "api_key": KEY}).status_code == 200


def test_stylesheet_has_a_rule_for_every_registered_signal(client):
    from newscred.analyzers import registered

    css = client.get("/static/newscred.css")
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    for name in registered():
        assert re.search(rf"\.sig-{name} \{{ background-color: #[0-9a-f]{{6}}", css.text), name
        assert f".text:has(.toggle-sig-{name}:not(:checked)) mark.sig-{name}" in css.text


def test_the_page_route_answers_400_for_deep_json(client):
    response = client.post("/check", content="[" * 100_000 + "]" * 100_000, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "NC106" in response.text  # the page route answers with its error page


def test_no_rule_lets_a_table_cell_break_inside_a_word(client):
    """`overflow-wrap: anywhere` (or `word-break: break-all`) on a cell, or on anything a cell
    inherits from, split "POISONING" and "0.5337" across lines: tables scroll in their own
    box instead (the browser tests check the layout itself)."""
    css = re.sub(r"/\*.*?\*/", "", client.get("/static/newscred.css").text, flags=re.S)
    rules = re.findall(r"([^{}]+)\{([^{}]*)\}", css)
    assert len(rules) > 50
    breaking = [
        selector.strip() for selector, body in rules
        if re.search(r"overflow-wrap:\s*anywhere|word-break:\s*break-(all|word)", body)
    ]
    assert breaking == []
    # each table that can be wider than a phone scrolls inside a box of its own
    boxes = {selector.strip(): body for selector, body in rules if "overflow-x: auto" in body}
    assert "section.signals, section.sourcing, section.cleaning" in boxes and ".scroll" in boxes
    for template in resources.files("newscred.server").joinpath("templates").iterdir():
        source = template.read_text(encoding="utf-8")
        assert source.count("<table") == source.count('<div class="scroll">\n<table'), template.name
