"""The OpenAPI 3.1 document of /api/v1 (served at /api/v1/openapi.json), written from the app's routes: each route's
methods and path parameters from its rule, its summary from the view's docstring, its query parameters from their
declarations (data/params.py) and the rest from its ``documented`` Doc (dashboard/api/params.py)."""

from __future__ import annotations

import re

from flask import current_app

from dashboard.api.params import Doc
from data.params import Param

PREFIX = "/api/v1/"
_RULE_PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
# path parameters as the document has always named them (the view's own name is longer)
DOCUMENTED_NAMES = {"facility_id": "id", "campaign_id": "id", "token_id": "id"}
_TYPES = {"integer": "integer", "number": "number", "boolean": "boolean", "date": "string", "list": "string"}
_ERROR = {
    "description": "Refused: JSON {error, error_th, problems[]}",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
INFO = {
    "title": "Jitasa Map API",
    "version": "1",
    "description": "Areas, facilities and vaccination coverage of Thailand. Names come as name_th and name_en; area "
    "codes are DOPA codes ('50', '5001', '500101'); ISO 3166-2 (TH-50), OCHA P-codes (TH5001) and Thai or English "
    "names are accepted on input.",
}


def openapi_document() -> dict:
    paths: dict[str, dict] = {}
    for rule in sorted(current_app.url_map.iter_rules(), key=lambda r: r.rule):
        view = current_app.view_functions[rule.endpoint]
        doc = getattr(view, "openapi", None)
        if not rule.rule.startswith(PREFIX) or doc is None:
            continue  # the catch-all JSON 404 says nothing of itself
        path = _RULE_PARAM.sub(lambda m: "{" + DOCUMENTED_NAMES.get(m[2], m[2]) + "}", rule.rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(rule.rule, view, doc)
    return {"openapi": "3.1.0", "info": INFO, "paths": paths, "components": _COMPONENTS}


def param_schema(param: Param) -> dict:
    """The JSON schema of a declared parameter: its type, bounds, choices and default."""
    schema: dict = {"type": _TYPES.get(param.type, "string")}
    if param.type == "date":
        schema["format"] = "date"
    if param.minimum is not None:
        schema["minimum"] = param.minimum
    if param.maximum is not None:
        schema["maximum"] = param.maximum
    options = param.options()
    if options and param.type != "list":
        schema["enum"] = [int(o) for o in options] if param.type == "integer" else list(options)
    if param.default is not None:
        schema["default"] = int(param.default) if param.type == "integer" else param.default
    return schema


def _operation(rule: str, view, doc: Doc) -> dict:
    summary = doc.summary or " ".join((view.__doc__ or "").split()).rstrip(".")
    operation: dict = {"summary": summary, "operationId": view.__name__}
    parameters = [_path_param(kind, name, doc) for kind, name in _RULE_PARAM.findall(rule)]
    parameters += [_query_param(p) for p in doc.params]
    if parameters:
        operation["parameters"] = parameters
    if doc.body:
        operation["requestBody"] = {
            "description": f"JSON object: {doc.body}",
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    if doc.bearer:
        operation["security"] = [{"bearer": []}]
    responses = {str(doc.status): {"description": doc.answer, "content": {doc.media: {}}}}
    responses.update({str(status): _ERROR for status in doc.errors})
    operation["responses"] = responses
    return operation


def _path_param(kind: str, name: str, doc: Doc) -> dict:
    schema = {"type": "integer"} if kind == "int" else {"type": "string"}
    help_en = doc.path_help.get(name) or name.replace("_", " ").capitalize()
    return {
        "name": DOCUMENTED_NAMES.get(name, name),
        "in": "path",
        "required": True,
        "description": help_en,
        "schema": schema,
    }


def _query_param(param: Param) -> dict:
    help_en = param.help_en
    if param.type == "list" and param.options():
        help_en += ": " + ", ".join(param.options())
    return {
        "name": param.name,
        "in": "query",
        "required": param.required,
        "description": help_en,
        "schema": param_schema(param),
    }


_COMPONENTS = {
    "schemas": {
        "Problem": {
            "type": "object",
            "properties": {
                "row": {"type": ["integer", "null"], "description": "Row as the spreadsheet numbers it (header = 1)"},
                "column": {"type": ["string", "null"]},
                "value": {},
                "message_th": {"type": "string"},
                "message_en": {"type": "string"},
            },
        },
        "Error": {
            "type": "object",
            "properties": {
                "error": {"type": "string"},
                "error_th": {"type": "string"},
                "problems": {"type": "array", "items": {"$ref": "#/components/schemas/Problem"}},
            },
            "required": ["error", "problems"],
        },
    },
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
}
