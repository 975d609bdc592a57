"""Remove page furniture that is not the article, and log each removal.

Cleaning works on whole lines only: a line whose stripped text matches one of the named
rules in `RULES` is removed together with its line break, and each removal becomes a
`CleaningEntry` whose `start`/`end` index the text exactly as supplied, so
`supplied[entry.start:entry.end] == entry.text_removed` always holds and any offset in the
cleaned text maps back to the input by adding the lengths of earlier removals.

Blank lines next to a removed line are taken out with it (and are part of the logged
`text_removed`) so that removing a paragraph leaves one paragraph break, not three; the
cleaned text never starts or ends with whitespace for the same reason (rule
`whitespace`). Lines longer than `MAX_LINE` are never touched: boilerplate is short, and a
long paragraph that happens to start like a prompt is more likely article text.
"""

from __future__ import annotations

import re

from newscred.article import CleaningEntry, Part, normalise_for_id

MAX_LINE = 300

_AGENCIES = (
    r"(?-i:AP|AFP|Reuters|EPA|Getty(?: Images)?|Shutterstock|Alamy|Unsplash|Bloomberg|PA|ANP|dpa)"
)
_SOCIAL = (
    r"(?:share|shares|tweet|email|e-mail|print|copy link|save|comment|comments|facebook|"
    r"twitter|x|linkedin|reddit|pinterest|whatsapp|telegram|flipboard|messenger|threads|"
    r"bluesky|mastodon)"
)

# Each rule is a name and one pattern matched (case-insensitively, with fullmatch) against
# the stripped line. Names are stable: they appear in reports as `cleaning[].rule`. The
# patterns are deliberately narrow: a sentence of reporting *about* cookies, browsers or
# subscribers must not match, so most alternatives are anchored at the start of the line
# or allow no free text after the prompt.
RULES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        (
            "browser_notice",
            r"(?=.*\b(?:your|this|an? (?:outdated|old|older|unsupported)|outdated) (?:web )?browser\b)"
            r"(?=.*\b(?:upgrade|update|outdated|out of date|no longer supported|not supported"
            r"|does not support|doesn't support|unsupported)\b).*"
            r"|(?:please )?(?:enable|turn on|activate) javascript\b.{0,120}"
            r"|.{0,80}\bjavascript (?:is )?(?:required|disabled)\b.{0,80}",
        ),
        (
            "archive_notice",
            r"this (?:is an )?archived (?:article|story|page|content)\b.*"
            r"|this (?:article|story) (?:is|was published) (?:more than|over) .{1,20}"
            r"(?:years?|months?) (?:old|ago)\b.*"
            r"|from (?:the|our) archives?[.:!]?"
            r"|archived (?:article|story)[.:!]?",
        ),
        (
            "cookie_notice",
            r"(?:we|this (?:web)?site|our (?:web)?site) uses? cookies\b.*"
            r"|(?:accept|allow|reject|manage|decline)(?: all)? cookies\b.{0,80}"
            r"|.*\byou (?:agree|consent|accept)\b.{0,40}\bcookies\b.*"
            r"|cookies? (?:policy|settings|preferences|notice|consent)[.:]?",
        ),
        (
            "subscription_prompt",
            r"subscribe (?:now|today|for|to (?:read|continue|unlock|get))\b.{0,150}"
            r"|already (?:a subscriber|subscribed|have an account)\b.{0,100}"
            r"|.*\b(?:reached|used) (?:your|all your) (?:limit of )?free (?:articles?|stories)\b.*"
            r"|(?:this (?:article|content|story) is )?(?:only )?(?:for|available to|exclusive to"
            r"|reserved for) (?:paying |premium )?subscribers(?: only)?[.!]?"
            r"|support (?:our|independent|quality) journalism\b.*"
            r"|(?:sign in|log in) to (?:continue|read)\b.*",
        ),
        (
            "newsletter_prompt",
            r"(?:sign up|subscribe|register) (?:for|to) (?:our|the|a|this) .{0,40}newsletters?\b.*"
            r"|.*\bnewsletter sign[- ]?up\b.*"
            r"|.*\bdelivered (?:straight |directly )?to your inbox\b.*",
        ),
        (
            "social_share",
            rf"share (?:this|on|via|article|story|page)\b.{{0,60}}"
            rf"|{_SOCIAL}(?:[\s|•·,/]+{_SOCIAL})*[:.]?",
        ),
        (
            "photo_credit",
            r"[(\[]?(?:photo(?:graph)?s?|image|picture|illustration)(?: credits?| by)?\s*[:/].{1,200}"
            r"|(?:photo|image) credits?\b.{0,200}"
            r"|credits?\s*:.{1,200}"
            r"|.{0,300}\(\s*(?-i:(?:[A-Z][\w.&-]*\s+){1,3}Photos?)(?:\s*/[^)]{1,80})?\s*\)\.?"
            r"|.{0,300}\(\s*photo(?:graph)? by [^)]{1,80}\)\.?"
            rf"|.{{0,300}}\b(?:photo(?:graph)?|image|picture)\s*:\s*[^:]{{1,80}}(?:/|\b){_AGENCIES}\b.{{0,40}}",
        ),
        (
            "advertisement",
            r"(?:advertisement|advertising|advert|ad|sponsored(?: content)?|paid content"
            r"|story continues (?:below|after) (?:this )?(?:advertisement|ad)"
            r"|scroll (?:down )?to continue(?: with content)?"
            r"|continue reading (?:the main story|below))[.:]?",
        ),
        (
            "read_more",
            r"(?:read more|read also|also read|read next|see also|related|recommended"
            r"|more on this(?: story)?|you may also like|you might also like"
            r"|more from [\w.'-]+(?: [\w.'-]+){0,3}"
            r"|related (?:articles?|stories|story|coverage|content|links?|reading)"
            r"|most (?:read|popular))"
            r"(?:\s*(?:[:»>|\-–—…]|\.\.\.)\s*.{0,200})?",
        ),
        ("click_here", r"(?:click|tap) here\b.{0,200}"),
        (
            "navigation",
            r"(?:skip to (?:main )?(?:content|navigation)|back to top|jump to comments"
            r"|(?:toggle|open|close) (?:menu|navigation|search))\.?",
        ),
    )
)

CONTENT = ""  # line kind for article text; None marks a blank line, a rule name boilerplate

# Cheap necessary conditions of the slowest rules: every line that the rule's pattern
# fullmatches holds one of these words, read case-insensitively as the rule reads them, so
# a line without any skips the pattern (most lines of prose). tests/ingest checks each gate
# against its rule on generated lines.
GATES: dict[str, tuple[str, ...]] = {
    "browser_notice": ("browser", "javascript"),
    "cookie_notice": ("cookie",),
    "subscription_prompt": ("subscribe", "already", "free", "journalism", "sign in", "log in"),
    "newsletter_prompt": ("newsletter", "inbox"),
    "photo_credit": ("photo", "image", "picture", "illustration", "credit"),
}
# The only non-ASCII characters that re's IGNORECASE matches to an ASCII letter.
_AS_ASCII = str.maketrans({"İ": "i", "ı": "i", "ſ": "s", "K": "k"})


def boilerplate_rule(line: str) -> str | None:
    """The name of the rule a line matches, or None when the line looks like content."""
    stripped = line.strip()
    if not stripped or len(stripped) > MAX_LINE:
        return None
    folded = (stripped if stripped.isascii() else stripped.translate(_AS_ASCII)).lower()
    for name, pattern in RULES:
        gate = GATES.get(name)
        if gate is not None and not any(word in folded for word in gate):
            continue
        if pattern.fullmatch(stripped):
            return name
    return None


def clean_text(
    text: str, *, part: Part, headline: str | None = None
) -> tuple[str, list[CleaningEntry]]:
    """Clean `text` line by line; return the cleaned text and one entry per removal.

    With `headline`, a first content line that repeats it (ignoring case and spacing) is
    removed as `repeated_headline`, as when a page's body starts with its own title.
    """
    lines = _line_bounds(text)
    kinds = [_kind(text[start:end]) for start, end in lines]
    _mark_repeated_headline(text, lines, kinds, headline)

    removals: list[tuple[int, int, str]] = []
    index = 0
    while index < len(lines):
        if kinds[index] == CONTENT:
            index += 1
            continue
        run_end = index
        while run_end < len(lines) and kinds[run_end] != CONTENT:
            run_end += 1
        removals.extend(_run_removals(text, lines, kinds, index, run_end))
        index = run_end
    removals.extend(_outer_whitespace(text, lines, kinds, removals))
    removals.sort()

    pieces: list[str] = []
    entries: list[CleaningEntry] = []
    position = 0
    for start, end, rule in removals:
        pieces.append(text[position:start])
        entries.append(
            CleaningEntry(part=part, start=start, end=end, text_removed=text[start:end], rule=rule)
        )
        position = end
    pieces.append(text[position:])
    return "".join(pieces), entries


def _line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, the end including its line break."""
    bounds: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        newline = text.find("\n", position)
        end = len(text) if newline == -1 else newline + 1
        bounds.append((position, end))
        position = end
    return bounds


def _kind(line: str) -> str | None:
    if not line.strip():
        return None
    return boilerplate_rule(line) or CONTENT


def _mark_repeated_headline(
    text: str, lines: list[tuple[int, int]], kinds: list[str | None], headline: str | None
) -> None:
    if not headline or not headline.strip():
        return
    content = [i for i, kind in enumerate(kinds) if kind == CONTENT]
    if len(content) < 2:
        return
    first = content[0]
    start, end = lines[first]
    if normalise_for_id(text[start:end]) == normalise_for_id(headline):
        kinds[first] = "repeated_headline"


def _run_removals(
    text: str,
    lines: list[tuple[int, int]],
    kinds: list[str | None],
    first: int,
    stop: int,
) -> list[tuple[int, int, str]]:
    """Removals for one run of blank and boilerplate lines, lines[first:stop]."""
    at_start = first == 0
    at_end = stop == len(lines)
    has_boilerplate = any(kinds[i] is not None for i in range(first, stop))
    if not has_boilerplate:
        if not (at_start or at_end):
            return []  # an ordinary paragraph break
        start, end = lines[first][0], lines[stop - 1][1]
        if at_end and not at_start:
            start = len(text[:start].rstrip())
        return [(start, end, "whitespace")]

    kept: int | None = None
    if not (at_start or at_end):
        # Keep one blank line (a paragraph break) when the run had one, chosen so that
        # every removed stretch holds a boilerplate line to name it.
        blanks = [i for i in range(first, stop) if kinds[i] is None]
        if blanks:
            kept = blanks[0]
            if all(kinds[i] is None for i in range(kept, stop)):
                kept = stop - 1

    removals: list[tuple[int, int, str]] = []
    for segment in _segments(first, stop, kept):
        removals.extend(_segment_removals(lines, kinds, segment))
    if at_end and not at_start and removals:
        # Take the line break ending the last kept line too, so nothing trails.
        start, end, rule = removals[0]
        removals[0] = (len(text[:start].rstrip()), end, rule)
    return removals


def _segments(first: int, stop: int, kept: int | None) -> list[range]:
    if kept is None:
        return [range(first, stop)]
    return [segment for segment in (range(first, kept), range(kept + 1, stop)) if segment]


def _segment_removals(
    lines: list[tuple[int, int]], kinds: list[str | None], segment: range
) -> list[tuple[int, int, str]]:
    """One removal per boilerplate line; blank lines join the boilerplate line before them
    (or, at the start of the segment, the one after)."""
    removals: list[list[int | str]] = []
    pending_start: int | None = None
    for i in segment:
        start, end = lines[i]
        kind = kinds[i]
        if kind is None:
            if removals:
                removals[-1][1] = end
            elif pending_start is None:
                pending_start = start
            continue
        removals.append([start if pending_start is None else pending_start, end, kind])
        pending_start = None
    return [(int(s), int(e), str(rule)) for s, e, rule in removals]


def _outer_whitespace(
    text: str,
    lines: list[tuple[int, int]],
    kinds: list[str | None],
    removals: list[tuple[int, int, str]],
) -> list[tuple[int, int, str]]:
    """Spaces before the first kept character and after the last, not yet removed."""
    content = [i for i, kind in enumerate(kinds) if kind == CONTENT]
    if not content:
        return []
    extra: list[tuple[int, int, str]] = []
    first_start, first_end = lines[content[0]]
    line = text[first_start:first_end]
    indent = len(line) - len(line.lstrip())
    if indent:
        extra.append((first_start, first_start + indent, "whitespace"))
    last_start, last_end = lines[content[-1]]
    line = text[last_start:last_end]
    trailing = len(line) - len(line.rstrip())
    covered = any(start <= last_end - trailing < end for start, end, _ in removals)
    if trailing and not covered:
        extra.append((last_end - trailing, last_end, "whitespace"))
    return extra
