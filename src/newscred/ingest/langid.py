"""A cheap language guess: Unicode script first, then stopword profiles for Latin text.

Latin-script text is scored against short lists of the commonest function words of
English, Spanish, French, German, Italian, Portuguese and Dutch; a language must clearly
beat the runner-up to be named. Other scripts map to the main language written in them
(Cyrillic -> ru, or uk when Ukrainian letters show; Arabic -> ar, or fa with Persian
letters; Han with kana -> ja; ...). Only the first `SAMPLE_CHARS` characters are read
(the first `SCRIPT_SAMPLE_CHARS` for the script), which keeps a call well under 0.3 ms.
"""

from __future__ import annotations

import re
from collections import Counter

SAMPLE_CHARS = 2500
SCRIPT_SAMPLE_CHARS = 1000
MIN_WORDS = 5
MIN_HITS = 3
MIN_SHARE = 0.12  # stopword hits / words for the winner
MIN_MARGIN = 1.3  # winner's hits / runner-up's hits

_PROFILES: dict[str, frozenset[str]] = {
    lang: frozenset(words.split())
    for lang, words in {
        "en": "the and of to is that for it with was on are be by this have from at not but "
        "they has had were which said been their will would an or who its",
        "es": "el la los las de que y en un una es por con para del se no lo al como más "
        "pero sus su fue ha este esta también entre sobre cuando muy sin ya",
        "fr": "le la les de des du et est un une en que qui dans pour pas sur au aux avec "
        "ce cette il elle sont ont mais par plus été nous vous leur ses",
        "de": "der die das und ist nicht den dem des ein eine einen zu mit sich auf für von "
        "im auch es sie wird wurde hat sind aus bei nach wie noch dass oder",
        "it": "il lo la gli le di e che è un una per con non del della dei delle nel nella "
        "sono anche più ma alla al da ha come questo stato essere",
        "pt": "o a os as de do da dos das e que em um uma não para com por no na se mais "
        "foi é ao pelo pela são também mas seu sua ele",
        "nl": "de het een en van is dat die in op te met voor niet zijn aan er ook als bij "
        "maar om door naar dan nog werd worden wordt heeft hij zij deze ze",
    }.items()
}

_WORD = re.compile(r"[^\W\d_]+")
_NOT_ASCII_LETTER = bytes(b for b in range(256) if not (65 <= b <= 90 or 97 <= b <= 122))
_OTHER_LETTER = re.compile(r"[^\x00-\u024f\u1e00-\u1eff\W\d_]")

# (first code point, last code point, script) for the scripts mapped to one language.
_SCRIPTS: tuple[tuple[int, int, str], ...] = (
    (0x0370, 0x03FF, "greek"),
    (0x1F00, 0x1FFF, "greek"),
    (0x0400, 0x052F, "cyrillic"),
    (0x0530, 0x058F, "armenian"),
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0900, 0x097F, "devanagari"),
    (0x0980, 0x09FF, "bengali"),
    (0x0A00, 0x0A7F, "gurmukhi"),
    (0x0B80, 0x0BFF, "tamil"),
    (0x0C00, 0x0C7F, "telugu"),
    (0x0E00, 0x0E7F, "thai"),
    (0x10A0, 0x10FF, "georgian"),
    (0x3040, 0x30FF, "kana"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0x1100, 0x11FF, "hangul"),
    (0xAC00, 0xD7AF, "hangul"),
)
# Every range above starts and ends on a 16-code-point boundary, so a block lookup is exact.
_SCRIPT_OF_BLOCK = {
    block: script for low, high, script in _SCRIPTS for block in range(low >> 4, (high >> 4) + 1)
}
_SCRIPT_LANGUAGE = {
    "greek": "el",
    "cyrillic": "ru",
    "armenian": "hy",
    "hebrew": "he",
    "arabic": "ar",
    "devanagari": "hi",
    "bengali": "bn",
    "gurmukhi": "pa",
    "tamil": "ta",
    "telugu": "te",
    "thai": "th",
    "georgian": "ka",
    "hangul": "ko",
}
_UKRAINIAN = frozenset("іїєґІЇЄҐ")
_PERSIAN = frozenset("پچژگکی")
_CLASSIFIED_LETTERS = 200  # enough to find the majority script


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    if not sample.isascii():
        head = sample[:SCRIPT_SAMPLE_CHARS]
        other = _OTHER_LETTER.findall(head)
        # ASCII letters stand in for Latin ones: counting accented letters costs more
        # than the answer is worth.
        latin = len(head.encode("ascii", "ignore").translate(None, _NOT_ASCII_LETTER))
        if len(other) > latin:
            return _by_script(other)
    words = _WORD.findall(sample.lower())
    if len(words) < MIN_WORDS:
        return None
    counts = Counter(words)
    scores = sorted(
        ((sum(counts[word] for word in profile if word in counts), lang)
         for lang, profile in _PROFILES.items()),
        reverse=True,
    )
    (best, lang), (second, _) = scores[0], scores[1]
    if best < MIN_HITS or best < MIN_SHARE * len(words) or best < MIN_MARGIN * second:
        return None
    return lang


def _by_script(letters: list[str]) -> str | None:
    """The language of the majority script among non-Latin letters."""
    if len(letters) < 2 * MIN_WORDS:
        return None
    scripts = Counter(_SCRIPT_OF_BLOCK.get(ord(letter) >> 4) for letter in letters[:_CLASSIFIED_LETTERS])
    del scripts[None]
    if not scripts:
        return None
    if scripts["kana"] and scripts["kana"] + scripts["han"] >= sum(scripts.values()) / 2:
        return "ja"
    script, count = scripts.most_common(1)[0]
    if count * 2 < min(len(letters), _CLASSIFIED_LETTERS):
        return None
    if script == "han":
        return "zh"
    if script == "cyrillic" and not _UKRAINIAN.isdisjoint(letters):
        return "uk"
    if script == "arabic" and not _PERSIAN.isdisjoint(letters):
        return "fa"
    return _SCRIPT_LANGUAGE.get(script)
