"""What every router needs: the service, the caller's identity and the rate limit."""

from __future__ import annotations

from fastapi import Request

from newscred.errors import NewscredError
from newscred.server.errors import ErrorResponse
from newscred.server.limits import RateLimited
from newscred.server.service import Service


def service_of(request: Request) -> Service:
    service = getattr(request.app.state, "service", None)
    if service is None:
        raise NewscredError("NC205", "the models are not loaded yet")
    return service


def caller(request: Request, *, form_key: str | None = None) -> str:
    """The rate-limit bucket for this request: the key's id, or the client address.

    Raises NC119 when keys are required and none (or a wrong one) is given. The page
    endpoint may take the key from a form field, since a browser form sends no headers.
    """
    app = request.app
    if app.state.settings.keys_required:
        header = request.headers.get("authorization")
        if header is None and form_key:
            return "key:" + app.state.keys.identify_key(form_key)
        return "key:" + app.state.keys.identify(header)
    return "ip:" + (request.client.host if request.client else "unknown")


def spend(request: Request, client: str, cost: int = 1) -> None:
    try:
        request.app.state.limiter.take(client, cost)
    except RateLimited as exc:
        request.state.retry_after = exc.retry_after
        raise


def require_json(request: Request) -> None:
    """A dependency for JSON routes: any body must be sent as JSON (415 NC118 otherwise)."""
    media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if media != "application/json" and not (media.startswith("application/") and media.endswith("+json")):
        raise NewscredError(
            "NC118", f"the body must be sent as application/json, not {media or 'without a Content-Type'}",
            hint="Send the header 'Content-Type: application/json' with a JSON object.",
        )


def error_responses(*statuses: int) -> dict[int | str, dict]:
    """OpenAPI entries for the error statuses a route can answer, all one shape."""
    return {status: {"model": ErrorResponse, "description": DESCRIPTIONS[status]} for status in statuses}


DESCRIPTIONS = {
    400: "Malformed JSON (NC106).",
    401: "API key missing or invalid (NC119).",
    413: "Body over max_body_bytes (NC105) or article over max_chars (NC113).",
    404: "No such stored article (NC301) or story (NC302).",
    409: "The request needs the article store and the server has none (NC304): start it "
    "with --db PATH.",
    415: "Content-Type is not application/json (NC118).",
    422: "Well-formed JSON that fails validation, or an article that cannot be used "
    "(NC108-NC114, NC121; NC303: fewer than two different articles to compare).",
    429: "Rate limit exceeded (NC120); see the Retry-After header.",
    501: "The embedding model that comparing needs is not installed on the server (NC206).",
    502: "The URL could not be fetched (NC111).",
    503: "Models not loaded yet (NC205).",
}
