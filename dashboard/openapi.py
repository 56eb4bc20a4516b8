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


_COVERAGE_PARAMS = [
    _param("level", "province or district", {"type": "string", "enum": ["province", "district"]}),
    _param("province", "A province (code, ISO, name): its districts"),
    _param("metric", "coverage, change, unvaccinated_per_1000 or facilities_per_100k"),
    _param("group", "Target group code (all by default)"),
    _param("dose", "1, 2 or 3", {"type": "integer", "enum": [1, 2, 3]}),
    _param("as_of", "YYYY-MM-DD: the latest report on or before it (default: the latest)"),
    _param("compare", "YYYY-MM-DD: the earlier date of metric=change"),
    _param("denominator", "moph (the report's target population) or dopa (registered residents)"),
    _param("ftype", "Facility type of metric=facilities_per_100k"),
    _param("classify", "quantiles, equal_interval or natural_breaks (maps)"),
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
            "/api/v1/coverage": {
                "get": {
                    "summary": "A rate per area: coverage (default), change, unvaccinated found per 1,000, facilities per 100,000",
                    "parameters": _COVERAGE_PARAMS
                    + [_param("format", "json or csv", {"type": "string", "enum": ["json", "csv"]})],
                    "responses": {
                        "200": {
                            "description": "{items: [{code, name_th, name_en, vaccinated, population, coverage_pct, as_of, value, note}], total}; as_of is the report actually used (the latest on or before the asked date)"
                        },
                        "422": _ERROR,
                    },
                }
            },
            "/api/v1/coverage.geojson": {
                "get": {
                    "summary": "The same rows as /coverage with each area's web geometry",
                    "parameters": _COVERAGE_PARAMS,
                    "responses": {"200": {"description": "GeoJSON FeatureCollection"}, "422": _ERROR},
                }
            },
            "/api/v1/exports/coverage-map.html": {
                "get": {
                    "summary": "A self-contained HTML map of the coverage query (Leaflet inlined; opens with no network)",
                    "parameters": _COVERAGE_PARAMS + [_param("lang", "th or en")],
                    "responses": {"200": {"description": "text/html"}, "422": _ERROR},
                }
            },
            "/api/v1/uploads/{kind}": {
                "post": {
                    "summary": "Upload a file of facilities, coverage or surveys (multipart field `file`; CSV UTF-8 or Windows-874, or .xlsx)",
                    "security": [{"bearer": []}],
                    "parameters": [
                        _param("kind", "facilities, coverage or surveys", where="path", required=True),
                        _param("dry_run", "1: check and report, store nothing"),
                        _param("keep_valid", "1: store the valid rows even when others have problems"),
                    ],
                    "responses": {
                        "200": {"description": "{problems, warnings, new, updated, unchanged, rows, upload_id}"},
                        "401": _ERROR,
                        "403": _ERROR,
                        "422": {"description": "problems: nothing was stored"},
                    },
                }
            },
            "/api/v1/nearest": {
                "get": {
                    "summary": "The k nearest facilities of a type by geodesic distance (open on the date; closed ones hidden)",
                    "parameters": [
                        _param("lat", "Latitude (WGS84)", {"type": "number"}, required=True),
                        _param("lon", "Longitude (WGS84)", {"type": "number"}, required=True),
                        _param("type", "Facility type (default vaccination_point)"),
                        _param("k", "How many (1–50, default 5)", {"type": "integer", "minimum": 1, "maximum": 50}),
                        _param("max_km", "Only within this distance", {"type": "number"}),
                        _param("open_now", "1: leave out those whose opening hours say closed now"),
                        _param("service", "Comma-separated: walk_in, home_visit, child_doses"),
                        _param("date", "YYYY-MM-DD: temporary sites valid on this date (default today)"),
                    ],
                    "responses": {
                        "200": {
                            "description": "{items: [facility + distance_km, open_now, stale], total (matches within max_km), k, max_km}"
                        },
                        "422": _ERROR,
                    },
                }
            },
            "/api/v1/uploads": {
                "get": {
                    "summary": "Upload history, newest first (coordinators and above; national admins see all)",
                    "security": [{"bearer": []}],
                    "parameters": [_param("kind", "facilities, coverage or surveys")],
                    "responses": {
                        "200": {
                            "description": "{items: [{id, kind, filename, checksum, size_bytes, user_id, created_at, outcome, summary, undone_at}], total}"
                        },
                        "401": _ERROR,
                        "403": _ERROR,
                    },
                }
            },
            "/api/v1/uploads/{upload_id}/undo": {
                "post": {
                    "summary": "Undo an accepted upload: rows it created are deleted, rows it changed restored",
                    "security": [{"bearer": []}],
                    "parameters": [_param("upload_id", "Upload id", {"type": "integer"}, where="path", required=True)],
                    "responses": {
                        "200": {"description": "{upload_id, deleted, restored}"},
                        "401": _ERROR,
                        "403": _ERROR,
                        "404": _ERROR,
                        "409": _ERROR,
                    },
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
