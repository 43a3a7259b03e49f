"""The OpenAPI schema, with the app's own error bodies documented.

FastAPI documents 422 as its validation error (`detail` a list); the app's own refusals
(`HTTPException`) answer `{"detail": "a sentence"}`. Every 4xx the API can give is
documented as one or the other, so clients (and the schemathesis fuzz test) can rely on it.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR_SCHEMA = {
    "title": "ErrorRead",
    "type": "object",
    "properties": {"detail": {"title": "Detail", "type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR = {
    "title": "ValidationError",
    "type": "object",
    "properties": {
        "loc": {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"type": "string"},
        "type": {"type": "string"},
    },
    "required": ["loc", "msg", "type"],
}
HTTP_VALIDATION_ERROR = {
    "title": "HTTPValidationError",
    "type": "object",
    "properties": {
        "detail": {"type": "array", "items": {"$ref": "#/components/schemas/ValidationError"}}
    },
}
COMMON_ERRORS = {
    "400": "the request cannot be used as sent",
    "401": "sign in or send a valid API token",
    "403": "the account's role does not allow this, or the CSRF token is missing",
    "404": "no such item",
    "413": "the upload is over the size limit",
    "415": "the file's type is not supported",
    "422": "the input is not valid",
    "429": "too many attempts; try again later",
}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def allowed_bodies(code: str, documented: dict[str, Any] | None) -> list[dict[str, Any]]:
    """What a response with `code` may hold: what the route documents, the app's error
    body, and for 422 FastAPI's own validation error too."""
    options = [] if documented is None else documented.get("anyOf", [documented])
    wanted = [ref("ErrorRead")] + ([ref("HTTPValidationError")] if code == "422" else [])
    return options + [w for w in wanted if w not in options]


def widen_responses(responses: dict[str, Any]) -> None:
    for code, description in COMMON_ERRORS.items():
        response = responses.setdefault(code, {"description": description})
        content = response.setdefault("content", {}).setdefault("application/json", {})
        bodies = allowed_bodies(code, content.get("schema"))
        content["schema"] = bodies[0] if len(bodies) == 1 else {"anyOf": bodies}


def build_openapi(app: FastAPI) -> dict[str, Any]:
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["ErrorRead"] = ERROR_SCHEMA
    components.setdefault("HTTPValidationError", HTTP_VALIDATION_ERROR)
    components.setdefault("ValidationError", VALIDATION_ERROR)
    for path, operations in schema.get("paths", {}).items():
        if not path.startswith("/api/"):
            continue
        for operation in operations.values():
            widen_responses(operation.setdefault("responses", {}))
    app.openapi_schema = schema
    return schema


def install_openapi(app: FastAPI) -> None:
    app.openapi = lambda: build_openapi(app)  # type: ignore[method-assign]
