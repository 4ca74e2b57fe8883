"""The OpenAPI document's error responses: every operation lists the 4xx answers it can give,
all in the one problem shape (RFC 9457) that `fritt.web.api_errors` writes."""

from __future__ import annotations

PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details; `code` is stable and machine-readable.",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "code": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
        "existing_id": {"type": "integer", "description": "Ved 409: id-en som finnes fra før"},
        "lines": {
            "type": "array",
            "description": "Ved en import: hver linje som er feil (linje, felt, kode, melding)",
            "items": {"type": "object", "additionalProperties": True},
        },
    },
    "required": ["title", "status", "code"],
}

DESCRIPTIONS = {
    "400": "Ugyldig forespørsel (feltfeil eller en regel som sier nei)",
    "401": "Mangler eller ugyldig legitimasjon (se WWW-Authenticate)",
    "403": "Ikke tillatt for denne kontoen eller dette tokenet",
    "404": "Finnes ikke",
    "409": "Finnes allerede (`existing_id`)",
    "422": "Idempotency-Key er brukt før med en annen forespørsel",
}

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": "Idempotency-Key",
    "required": False,
    "schema": {"type": "string", "maxLength": 200},
    "description": "Samme nøkkel og samme innhold gir samme svar, aldri en ny ressurs.",
}


def _problem(code: str) -> dict:
    return {
        "description": DESCRIPTIONS[code],
        "content": {
            "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
        },
    }


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: add the 4xx responses to every operation."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400"]
            security = operation.get("security") or [{}]
            if {} not in security:  # anonymous callers are refused
                codes += ["401", "403"]
            if "{" in path:
                codes.append("404")
            if method == "post" and "201" in responses:  # every create takes a key
                codes += ["409", "422"]
                operation.setdefault("parameters", []).append(IDEMPOTENCY_KEY)
            for code in codes:
                responses.setdefault(code, _problem(code))
    return result
