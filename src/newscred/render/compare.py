"""Comparison renderers: plain text (terminal), an HTML fragment (the server's compare
page) and one self-contained HTML page (the fragment with its own style).

The HTML page puts the articles side by side with their check-worthy claims marked by
status, then the claims aligned across articles, the framing terms and the sourcing
contrast. Every value is escaped; there is no script.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import TYPE_CHECKING, Any

from newscred.report import Report

if TYPE_CHECKING:
    from newscred.comparison import Comparison

    Result = Comparison | Mapping[str, Any]

STATUS_COLOURS = {"corroborated": "#cfe8cf", "contradicted": "#f6c6c6", "disputed": "#f7e0a8",
                  "unique": "#dde3ee"}
STATUS_MEANING = {
    "corroborated": "another article reports the same thing",
    "contradicted": "another article reports something conflicting",
    "disputed": "some articles report it, others conflict with it",
    "unique": "no other article reports it",
}


def plain(result: Result) -> dict[str, Any]:
    """The comparison as its JSON-ready dict: a `Comparison` is dumped, a dict (the JSON
    of `newscred compare -f json` or POST /v1/compare) is taken as it is."""
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    return dict(result)


def names_of(result: Result) -> dict[str, str]:
    """A display name per article id: its outlet, else its domain, else "article N"."""
    result = plain(result)
    return {a["id"]: a["outlet"] or a["domain"] or f"article {i}"
            for i, a in enumerate(result["articles"], start=1)}


def compare_text(result: Result) -> str:
    result = plain(result)
    names = names_of(result)
    lines = [f"same story: {'yes' if result['same_story'] else 'no'}  "
             f"(mean similarity {result['similarity']})"]
    for a in result["articles"]:
        lines.append(f"  [{a['id']}] {names[a['id']]}: {a['title']}  (score {a['score']})")
    lines.append("pairs:")
    for p in result["pairs"]:
        lines.append(f"  {names[p['a']]} / {names[p['b']]}: similarity {p['similarity']}, "
                     f"same story {'yes' if p['same_story'] else 'no'} (p={p['probability']})")
    c = result["counts"]
    lines.append(f"claims: {c['corroborated']} corroborated, {c['contradicted']} contradicted, "
                 f"{c['disputed']} disputed, {c['unique']} unique")
    for claim in result["claims"]:
        lines.append(f"  {claim['status'].upper():13} {names[claim['article']]}: {claim['text']}")
        for key, word in (("corroborated_by", "+"), ("contradicted_by", "-")):
            for e in claim[key]:
                reason = f" [{e['reason']}]" if e.get("reason") else ""
                lines.append(f"      {word} {names.get(e['article'], e['article'])} "
                             f"({e['similarity']}): {e['text']}{reason}")
    lines.append("framing (words each article uses more than the others):")
    for aid, side in result["framing"]["articles"].items():
        terms = ", ".join(t["term"] for t in side.get("terms", [])[:8]) or "-"
        lines.append(f"  {names.get(aid, aid)}: {terms}")
        quoted = ", ".join(side.get("quoted", [])) or "-"
        relayed = ", ".join(side.get("relayed", [])) or "-"
        lines.append(f"      quotes: {quoted}; relays: {relayed}")
    return "\n".join(lines)


def _marked_body(body: str, claims: list[dict[str, Any]]) -> str:
    out, at = [], 0
    for claim in sorted(claims, key=lambda c: c["span"]["start"]):
        start, end = claim["span"]["start"], claim["span"]["end"]
        if start < at:
            continue
        out.append(escape(body[at:start]))
        out.append(f'<mark class="{claim["status"]}" title="{escape(claim["status"])}: '
                   f'{escape(STATUS_MEANING[claim["status"]])}">{escape(body[start:end])}</mark>')
        at = end
    out.append(escape(body[at:]))
    # after marking (offsets index the body as it is): browsers send \r\n from a textarea
    return re.sub(r"\r?\n[ \t]*\r?\n", "</p><p>", "".join(out))


def _column(article: dict[str, Any], name: str, report: Report, claims: list[dict[str, Any]],
            side: dict[str, Any]) -> str:
    terms = "".join(f"<li>{escape(t['term'])} <small>z={t['z']:.1f}</small></li>"
                    for t in side.get("terms", [])[:10]) or "<li>none stand out</li>"
    quoted = escape(", ".join(side.get("quoted", [])) or "nobody")
    relayed = escape(", ".join(side.get("relayed", [])) or "nobody")
    score = "no score" if article["score"] is None else f"text score {article['score']}"
    band = f" ({escape(article['band'])})" if article.get("band") else ""
    return (
        f'<section class="article"><h2>{escape(article["title"] or "(no title)")}</h2>'
        f'<p class="meta">{escape(name)} · {escape(article["published"] or "date unknown")}'
        f' · {score}{band} · id {escape(article["id"])}</p>'
        f'<h3>Distinctive words</h3><ul class="terms">{terms}</ul>'
        f'<p><b>Quotes:</b> {quoted}<br><b>Relays:</b> {relayed}</p>'
        f'<div class="body"><p>{_marked_body(report.article.body, claims)}</p></div></section>'
    )


def compare_css(scope: str = "") -> str:
    """The comparison's rules (status colours, columns, the claims table); `scope` is a
    selector prefix (the server's stylesheet scopes them to `.compare`)."""
    pre = f"{scope} " if scope else ""
    rules = [f"{pre}mark.{status}{{background:{colour}}}" for status, colour in STATUS_COLOURS.items()]
    rules += [
        f"{pre}.columns{{display:grid;grid-template-columns:repeat(auto-fit,minmax(22rem,1fr));gap:1.5rem}}",
        f"{pre}.article{{border:1px solid #ccc;border-radius:6px;padding:0 1rem}}",
        f"{pre}.meta{{color:#555}}",
        f"{pre}table{{border-collapse:collapse;width:100%}}",
        f"{pre}td,{pre}th{{border-top:1px solid #ddd;padding:.4rem;vertical-align:top;text-align:left}}",
        f"{pre}li.against{{color:#8a1c1c}}",
    ]
    return "".join(rules)


def verdict_of(result: Result) -> str:
    result = plain(result)
    return "one story" if result["same_story"] else "not all one story"


def compare_fragment(result: Result, reports: Sequence[Report]) -> str:
    """The comparison's body, for the standalone page and the server's page alike: the
    verdict, the pairs, the articles side by side with their claims marked, the claims
    aligned with their evidence, the framing method. Every value is escaped."""
    result = plain(result)
    by_id = {r.article.id: r for r in reports}
    names = names_of(result)
    columns = "".join(
        _column(a, names[a["id"]], by_id[a["id"]], [c for c in result["claims"] if c["article"] == a["id"]],
                result["framing"]["articles"].get(a["id"], {}))
        for a in result["articles"] if a["id"] in by_id  # a column shows its article's report
    )
    rows = []
    for claim in result["claims"]:
        evidence = "".join(
            f'<li class="{"against" if key == "contradicted_by" else "for"}">'
            f'{escape(names.get(e["article"], e["article"]))}: “{escape(e["text"])}”'
            f'{" — " + escape(e["reason"]) if e.get("reason") else ""}</li>'
            for key in ("corroborated_by", "contradicted_by") for e in claim[key]
        ) or "<li>no other article reports it</li>"
        rows.append(f'<tr><td><mark class="{claim["status"]}">{escape(claim["status"])}</mark></td>'
                    f'<td>{escape(names[claim["article"]])}</td><td>{escape(claim["text"])}</td>'
                    f'<td><ul>{evidence}</ul></td></tr>')
    pairs = "".join(
        f'<tr><td>{escape(names.get(p["a"], p["a"]))}</td><td>{escape(names.get(p["b"], p["b"]))}</td>'
        f'<td>{p["similarity"]}</td><td>{"yes" if p["same_story"] else "no"} (p={p["probability"]})</td></tr>'
        for p in result["pairs"]
    )
    legend = "".join(f'<li><mark class="{s}">{s}</mark> {escape(m)}</li>'
                     for s, m in STATUS_MEANING.items())
    c = result["counts"]
    return (
        '<div class="compare">'
        f'<p class="verdict">Same story: <strong>{"yes" if result["same_story"] else "no"}</strong>'
        f" ({escape(verdict_of(result))}). Mean similarity {result['similarity']}. Claims: "
        f"{c['corroborated']} corroborated, {c['contradicted']} contradicted, {c['disputed']} "
        f"disputed, {c['unique']} unique. Corroborated means another article reports the same "
        "thing, not that it is true.</p>"
        "<table class=pairs><thead><tr><th>article</th><th>article</th><th>similarity</th>"
        f"<th>same story</th></tr></thead><tbody>{pairs}</tbody></table>"
        f"<ul class=legend>{legend}</ul><div class=columns>{columns}</div>"
        "<h2>Claims, aligned</h2><table class=claims><thead><tr><th>status</th><th>article</th>"
        f"<th>claim</th><th>evidence</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        f"<p><small>{escape(result['framing'].get('method', ''))}</small></p></div>"
    )


def compare_html(result: Result, reports: Sequence[Report]) -> str:
    """One self-contained page (`newscred compare --format html`)."""
    result = plain(result)
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        "<title>newscred comparison</title><style>"
        "body{font:16px/1.5 system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}"
        f"{compare_css()}</style></head><body>"
        f"<h1>Comparison: {escape(verdict_of(result))}</h1>"
        f"{compare_fragment(result, reports)}</body></html>"
    )
