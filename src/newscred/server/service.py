"""What the routes call: request models, validation, URL fetching, and the analysis
handed to a backend (backends.py). URL fetches wait in a thread, so a slow site never
holds up other requests."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from anyio import to_thread
from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from newscred.errors import NewscredError
from newscred.ingest import ArticleInput, read_source
from newscred.ingest.record import FIELDS, NUMBER_FIELDS, TEXT_ALIAS
from newscred.pipeline import batch_error
from newscred.report import BatchError, Report
from newscred.server.backends import Backend, Checked, Loaded
from newscred.server.errors import describe_validation
from newscred.server.metrics import Metrics
from newscred.server.settings import ServerSettings

SCHEMA_HINT = "See the ArticleRequest schema at /docs."


def _request_fields() -> dict[str, Any]:
    """The request's fields, from the record's (ingest.record.ArticleInput, where the
    input fields are declared): each optional, with the record's description; number
    fields also take an integer; the text alias follows `text`."""
    fields: dict[str, Any] = {}
    for name in FIELDS:
        info = ArticleInput.model_fields[name]
        kind: Any = str | int | None if name in NUMBER_FIELDS else str | None
        fields[name] = (kind, Field(default=None, description=info.description))
        if name == "text":
            fields[TEXT_ALIAS] = (str | None, Field(default=None, description="Alias of `text`."))
    return fields


ArticleRequest = create_model(
    "ArticleRequest",
    __doc__="""One article. Give `text` (or its alias `body`), `html`, or a `url` to fetch.

    `url` is fetched only when there is no `text` and no `html`; otherwise it is metadata.
    """,
    __config__=ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": "City sues over grant conditions",
                    "text": "The city filed suit on Monday, the mayor said. ...",
                    "outlet": "Example Daily",
                }
            ]
        },
    ),
    **_request_fields(),
)
"""The body of POST /v1/check (and each item of a batch): the input fields, as JSON."""


class BatchRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    articles: list[Any] = Field(
        description="Article objects as for POST /v1/check. An item that is not a valid "
        "article becomes an error entry in its place; the others are still analysed.",
        json_schema_extra={"items": {"$ref": "#/components/schemas/ArticleRequest"}},
    )


class BatchResponse(BaseModel):
    """One entry per article, in request order: a report or an error entry."""

    count: int
    failed: int
    results: list[Report | BatchError]


class Service:
    """What requests share: settings, metrics, and the backend that analyses."""

    def __init__(
        self, *, settings: ServerSettings, backend: Backend, loaded: Loaded, metrics: Metrics
    ) -> None:
        self.settings = settings
        self.backend = backend
        self.loaded = loaded
        self.metrics = metrics

    # -- turning a request into a record ----------------------------------------------
    def record_from(self, data: Mapping[str, Any], *, fetch: bool = True) -> ArticleInput | None:
        """Validate one article object into a record, fetching its URL when needed.

        With `fetch=False`, a record that would need its URL fetched gives None instead.
        """
        if not isinstance(data, Mapping):
            raise NewscredError("NC109", "each article must be a JSON object", hint=SCHEMA_HINT)
        try:
            request = ArticleRequest.model_validate(data)
        except ValidationError as exc:
            raise NewscredError(
                "NC109", describe_validation(list(exc.errors())), hint=SCHEMA_HINT
            ) from exc
        fields = request.model_dump(exclude_none=True)
        record = ArticleInput.from_mapping(fields)
        if record.has_content:
            return record
        if not record.url:
            raise NewscredError(
                "NC108", "the article has no 'text' (or 'body'), 'html' or 'url'",
                hint="Give the article text as 'text', a page as 'html', or a 'url' to fetch.",
            )
        return self._fetched(record) if fetch else None

    def _fetched(self, record: ArticleInput) -> ArticleInput:
        assert record.url is not None
        # read_source reads local paths too: only ever hand it an absolute http(s) URL.
        if not re.match(r"^https?://", record.url.strip(), re.IGNORECASE):
            raise NewscredError(
                "NC110", f"{record.url!r} is not an http(s) URL; only those are fetched",
                hint="Give a public http(s) URL, or send the article's text or html instead.",
            )
        items = list(
            read_source(
                record.url,
                title=record.title,
                allow_private_urls=self.settings.allow_private_urls,
                max_bytes=self.settings.max_body_bytes,
            )
        )
        pages = [item for item in items if isinstance(item, ArticleInput)]
        if len(items) != 1 or len(pages) != 1:
            raise NewscredError(
                "NC114", f"{record.url} holds {len(items)} records, not one article",
                hint="Give the URL of one article page, or send the records to /v1/check/batch.",
            )
        given = record.model_dump(exclude_none=True, exclude={"url", "title"})
        return pages[0].model_copy(update=given)

    # -- analysis ----------------------------------------------------------------------
    async def check(self, data: Mapping[str, Any]) -> Checked:
        # Validating is cheap and stays on the event loop; a URL fetch waits in a thread.
        record = self.record_from(data, fetch=False)
        if record is None:
            record = await to_thread.run_sync(self.record_from, data)
        try:
            checked = await self.backend.analyse(record)
        except NewscredError:
            self.metrics.articles.labels(outcome="error").inc()
            raise
        self.metrics.articles.labels(outcome="abstained" if checked.abstained else "scored").inc()
        return checked

    async def check_many(self, items: list[Any]) -> list[Checked | BatchError]:
        results: list[Checked | BatchError] = []
        for number, data in enumerate(items, start=1):
            try:
                results.append(await self.check(data))
            except NewscredError as exc:
                record_id = data.get("id") if isinstance(data, Mapping) else None
                shown = str(record_id) if isinstance(record_id, str | int) else None
                self.metrics.errors.labels(code=exc.code).inc()
                results.append(batch_error(exc, record=number, record_id=shown))
        return results


def batch_json(results: list[Checked | BatchError]) -> str:
    """The BatchResponse body, joined from reports that are already JSON."""
    failed = sum(isinstance(item, BatchError) for item in results)
    entries = ",".join(
        item.json if isinstance(item, Checked) else item.model_dump_json() for item in results
    )
    return f'{{"count":{len(results)},"failed":{failed},"results":[{entries}]}}'
