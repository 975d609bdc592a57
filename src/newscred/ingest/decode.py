"""Turn input bytes into text: refuse binary data, decode UTF-8 first, guess only when sure."""

from __future__ import annotations

import codecs
import logging

from newscred.errors import NewscredError

logger = logging.getLogger(__name__)

# Leading bytes of formats that are certainly not article text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF", "a RIFF (WebP, WAV or AVI) file"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.epub file)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
    (b"OggS", "an audio file"),
    (b"ID3", "an MP3 file"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PAR1", "a Parquet file"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes that never appear in text files (tab, newlines, form feed and escape do).
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27)) + b"\x7f"
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL)
BINARY_SAMPLE = 8192
MAX_CONTROL_SHARE = 0.05
MAX_GUESS_CHAOS = 0.1
MIN_GUESS_COHERENCE = 0.1
# Encodings preferred when a guess ties: these texts are mostly western-European.
_PREFERRED = ("utf_8", "cp1252", "iso8859_15", "latin_1")


def bom_encoding(data: bytes) -> str | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding
    return None


def check_not_binary(data: bytes, *, name: str) -> None:
    """Raise NC102 for data that is not text: NUL bytes, a known file signature, or
    many control characters. Data with a UTF-16/32 byte-order mark is text."""
    if bom_encoding(data) is not None:
        return
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise NewscredError("NC102", f"{name} looks like {kind}, not text")
    sample = data[:BINARY_SAMPLE]
    if b"\x00" in sample:
        raise NewscredError("NC102", f"{name} contains NUL bytes, so it is not a text file")
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise NewscredError(
            "NC102", f"{name} is {controls / len(sample):.0%} control characters, not text"
        )


def decode_bytes(data: bytes, *, name: str, declared: str | None = None) -> tuple[str, str | None]:
    """Decode input bytes; return the text and a warning when the encoding was guessed.

    Order: a byte-order mark (UTF-8/16/32); UTF-8; the `declared` encoding (an HTTP
    charset); then charset_normalizer's best guess, accepted only when it is confident.
    Raises NC104 when nothing fits.
    """
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError as error:
            raise NewscredError(
                "NC104", f"{name} starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}"
            ) from error
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        utf8_error = error
    if declared:
        try:
            return data.decode(declared), None
        except (LookupError, UnicodeDecodeError):
            logger.debug("declared charset %r does not decode %s", declared, name)
    guess = _guess(data)
    if guess is None:
        raise NewscredError(
            "NC104",
            f"{name} is not UTF-8 (invalid byte 0x{data[utf8_error.start]:02x} at offset "
            f"{utf8_error.start}) and its encoding could not be recognised",
        )
    text, guessed = guess
    warning = (
        f"decoded as {guessed}: {name} is not UTF-8, so its encoding was guessed; "
        "check accented letters and quotes"
    )
    logger.info("%s", warning)
    return text, warning


def _guess(data: bytes) -> tuple[str, str] | None:
    from charset_normalizer import from_bytes  # slow to import; only needed for non-UTF-8

    matches = [
        match
        for match in from_bytes(data)
        if match.chaos <= MAX_GUESS_CHAOS and match.coherence >= MIN_GUESS_COHERENCE
    ]
    if not matches:
        return None
    least_chaos = min(match.chaos for match in matches)
    calm = [match for match in matches if match.chaos <= least_chaos + 0.01]
    best = max(calm, key=lambda match: match.coherence)
    text = str(best)
    for encoding in _PREFERRED:
        # charset_normalizer often names cp1250 for western text; where a preferred
        # encoding reads the bytes identically, or scores as well, use that one.
        as_good = any(
            match.encoding == encoding and match.coherence >= best.coherence - 0.05
            for match in calm
        )
        if as_good or _decodes_same(data, encoding, text):
            try:
                return data.decode(encoding), _display(encoding)
            except UnicodeDecodeError:
                continue
    return text, _display(best.encoding)


def _decodes_same(data: bytes, encoding: str, text: str) -> bool:
    try:
        return data.decode(encoding) == text
    except UnicodeDecodeError:
        return False


def _display(encoding: str) -> str:
    return encoding.replace("_", "-") if not encoding.startswith("cp") else encoding
