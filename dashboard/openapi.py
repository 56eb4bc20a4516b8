"""The OpenAPI 3.1 document of /api/v1 (served at /api/v1/openapi.json)."""

from __future__ import annotations

from data.registries import FACILITY_STATUSES, FACILITY_TYPES


def _param(
    name: str, description: str, schema: dict | None = None, where: str = "query", required: bool = False
) -> dict:
    return {
        "name": name,
        "in": where,
        "required": required,
        "description": description,
        "schema": schema or {"type": "string"},
    }


_ERROR = {
    "description": "Bad request: JSON {error, error_th, problems[]}",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_PAGING = [
    _param(
        "limit", "Items per page (default 1,000, at most 10,000)", {"type": "integer", "minimum": 1, "maximum": 10000}
    ),
    _param("offset", "Items to skip", {"type": "integer", "minimum": 0}),
]


def openapi_document() -> dict:
    level = {"type": "string", "enum": ["province", "district", "subdistrict"]}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Jitasa Map API",
            "version": "1",
            "description": "Areas, facilities and vaccination coverage of Thailand. Names come as name_th and name_en; "
            "area codes are DOPA codes ('50', '5001', '500101'); ISO 3166-2 (TH-50), OCHA P-codes (TH5001) and Thai "
            "or English names are accepted on input.",
        },
        "paths": {
            "/api/v1/areas": {
                "get": {
                    "summary": "Areas of one level, optionally inside a parent area",
                    "parameters": [
                        _param("level", "Area level", level),
                        _param("parent", "Parent area: code, ISO, P-code, name or TH"),
                        *_PAGING,
                    ],
                    "responses": {
                        "200": {
                            "description": "{items: [{code, level, name_th, name_en, parent, lon, lat}], total, limit, offset}"
                        },
                        "404": _ERROR,
                        "422": _ERROR,
                    },
                }
            },
            "/api/v1/areas/{level}.geojson": {
                "get": {
                    "summary": "Web geometry of a level (simplified, shared borders kept, 4-decimal coordinates)",
                    "parameters": [_param("level", "Area level", level, where="path", required=True)],
                    "responses": {
                        "200": {
                            "description": "GeoJSON FeatureCollection; feature id and properties.code are DOPA codes",
                            "content": {"application/geo+json": {}},
                        },
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/facilities": {
                "get": {
                    "summary": "Facilities, filtered",
                    "parameters": [
                        _param("type", "Comma-separated: " + ", ".join(FACILITY_TYPES.codes)),
                        _param("status", "Comma-separated: " + ", ".join(FACILITY_STATUSES.codes)),
                        _param("province", "Province code or name"),
                        _param("district", "District code or name"),
                        _param("bbox", "minlon,minlat,maxlon,maxlat"),
                        _param(
                            "format",
                            "json (paged), geojson or csv (every match, streamed)",
                            {"type": "string", "enum": ["json", "geojson", "csv"]},
                        ),
                        *_PAGING,
                    ],
                    "responses": {
                        "200": {"description": "{items: [facility], total, limit, offset}, or GeoJSON, or CSV"},
                        "422": _ERROR,
                    },
                }
            },
            "/api/v1/facilities/{id}": {
                "get": {
                    "summary": "One facility; with its change history for coordinators and above (Authorization: Bearer TOKEN)",
                    "parameters": [_param("id", "Facility id", {"type": "integer"}, where="path", required=True)],
                    "responses": {"200": {"description": "A facility"}, "404": _ERROR},
                }
            },
        },
        "components": {
            "schemas": {
                "Problem": {
                    "type": "object",
                    "properties": {
                        "row": {
                            "type": ["integer", "null"],
                            "description": "Row as the spreadsheet numbers it (header = 1)",
                        },
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
        },
    }
