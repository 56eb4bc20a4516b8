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
            **_people_paths(),  # campaigns, the coordinator registry, tokens (dashboard/api_people.py)
            **_duplicate_paths(),  # the review queue of likely duplicates (dashboard/api_duplicates.py)
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
                },
                "post": {
                    "summary": "Add a facility (coordinators and above, inside their own area). JSON body with the "
                    "upload's column names: type, name_th, lat, lon required; facility_id, name_en, address, province, "
                    "district (checked against the point), phone, opening_hours, beds_total, beds_available, status, "
                    "valid_from, valid_to, services (list of codes). Area codes are derived from the point.",
                    "security": [{"bearer": []}],
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {
                        "201": {"description": "The facility (version 1), with changed fields and warnings"},
                        "401": _ERROR,
                        "403": _ERROR,
                        "422": _ERROR,
                    },
                },
            },
            "/api/v1/facilities/{id}": {
                "get": {
                    "summary": "One facility; with its change history for coordinators and above (Authorization: Bearer TOKEN)",
                    "parameters": [_param("id", "Facility id", {"type": "integer"}, where="path", required=True)],
                    "responses": {"200": {"description": "A facility"}, "404": _ERROR},
                },
                "patch": {
                    "summary": "Change a facility: only the fields sent change. Send the version you read as "
                    '"version" (or If-Match: "N"); a change made on an older version is refused (409), never merged. '
                    "A change that changes nothing confirms the record as still correct (updated_at, no new version)",
                    "security": [{"bearer": []}],
                    "parameters": [_param("id", "Facility id", {"type": "integer"}, where="path", required=True)],
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {
                        "200": {"description": "The facility (new version; ETag), with changed {field: {old, new}}"},
                        "401": _ERROR,
                        "403": _ERROR,
                        "404": _ERROR,
                        "409": {"description": "Stale: someone saved a newer version (the error says who and when)"},
                        "422": _ERROR,
                        "428": {"description": "No version sent"},
                    },
                },
            },
            "/api/v1/facilities/{id}/revert": {
                "post": {
                    "summary": "Make a facility what it was at an earlier version again (a new version; history "
                    'kept). Body {"to_version": N, "version": M (optional check)}',
                    "security": [{"bearer": []}],
                    "parameters": [_param("id", "Facility id", {"type": "integer"}, where="path", required=True)],
                    "responses": {
                        "200": {"description": "The facility (new version)"},
                        "401": _ERROR,
                        "403": _ERROR,
                        "404": _ERROR,
                        "409": _ERROR,
                        "422": _ERROR,
                    },
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
                        "413": {
                            "description": "Error JSON: the file is over the size limit (JITASA_MAX_UPLOAD_MB), named in MB"
                        },
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
                    "summary": "Upload history, newest first: your own uploads; a province admin also those of the "
                    "users of their province; a national admin all",
                    "security": [{"bearer": []}],
                    "parameters": [_param("kind", "facilities, coverage or surveys")],
                    "responses": {
                        "200": {
                            "description": "{items: [{id, kind, filename, checksum, size_bytes, user_id, username, created_at, outcome, summary, undone_at, undone_by}], total}"
                        },
                        "401": _ERROR,
                    },
                }
            },
            "/api/v1/uploads/{upload_id}/undo": {
                "post": {
                    "summary": "Undo an accepted upload: rows it created are deleted, rows it changed restored "
                    "(whoever sees the upload in their history; 409 names a later upload to undo first)",
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
            "/api/v1/uploads/{upload_id}/file": {
                "get": {
                    "summary": "The original file of an upload, as it was sent (the same people as undo)",
                    "security": [{"bearer": []}],
                    "parameters": [_param("upload_id", "Upload id", {"type": "integer"}, where="path", required=True)],
                    "responses": {
                        "200": {"description": "The file (Content-Disposition: attachment)"},
                        "401": _ERROR,
                        "403": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/api/v1/templates/{kind}.xlsx": {
                "get": {
                    "summary": "A blank upload template (public): Thai headers, drop-down lists, a help sheet with "
                    "each column's English code, format and an example; an untouched template imports no rows",
                    "parameters": [
                        _param("kind", "facilities, coverage or surveys", where="path", required=True),
                        _param("area", "surveys: list the subdistrict codes inside this area (code or name)"),
                    ],
                    "responses": {"200": {"description": "An .xlsx workbook"}, "404": _ERROR, "422": _ERROR},
                }
            },
            "/api/v1/templates/{kind}.csv": {
                "get": {
                    "summary": "A blank upload template (public): the Thai header row, UTF-8 with BOM",
                    "parameters": [_param("kind", "facilities, coverage or surveys", where="path", required=True)],
                    "responses": {"200": {"description": "text/csv"}, "404": _ERROR},
                }
            },
            "/api/v1/surveys": {
                "get": {
                    "summary": "Survey records with personal data (full name, phone, whether a national id was "
                    "given — never the id itself), for the chain of command only: a coordinator of the district, the "
                    "province admin, a national admin, or the volunteer who entered them (their own records only). "
                    "Each read is written to the audit log; answers carry Cache-Control: no-store.",
                    "security": [{"bearer": []}],
                    "parameters": [
                        _param("district", "District code or name (default: your own area)"),
                        _param("subdistrict", "Subdistrict code or name"),
                        _param("province", "Province code or name (province and national admins)"),
                        _param("area", "Any area code inside your own"),
                        *_PAGING,
                    ],
                    "responses": {
                        "200": {"description": "{items: [record], total, limit, offset, area}"},
                        "401": _ERROR,
                        "403": _ERROR,
                        "422": _ERROR,
                    },
                }
            },
            "/api/v1/health": {
                "get": {
                    "summary": "For a load balancer or a monitor: 200 when this process and its database answer, "
                    "503 (with Retry-After) while the database is unavailable. Never cached",
                    "responses": {
                        "200": {"description": "{status: ok, database: ok}"},
                        "503": _ERROR,
                    },
                }
            },
            "/api/v1/stats/provinces": {
                "get": {
                    "summary": "Reporting progress of every province (the statistics page; replaced the weekly "
                    "Google Form reports). Public: counts aggregated per province, no personal data. 'Last 7 days' "
                    "is today and the six days before it (as_of), from 00:00 UTC. synthetic_surveys says how many of "
                    "a province's survey records are synthetic demo records",
                    "parameters": [
                        _param("region", "A region: its key (Northern), Thai name (ภาคเหนือ) or English name"),
                        _param("format", "json or csv (UTF-8 with BOM)", {"type": "string", "enum": ["json", "csv"]}),
                    ],
                    "responses": {
                        "200": {
                            "description": "{items: [{code, name_th, name_en, region, region_th, region_en, "
                            "volunteers, volunteers_active_7d, surveys, surveys_7d, synthetic_surveys, "
                            "unvaccinated_found, facilities, facilities_<type>, facilities_updated_7d_pct, districts, "
                            "districts_with_coordinator, last_activity}], total, as_of, window_days, region, "
                            "regions: {key: {name_th, name_en}}, synthetic_share}, or the same rows as CSV"
                        },
                        "422": _ERROR,
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


def _people_paths() -> dict:
    """Campaigns, the coordinator registry and API tokens (dashboard/api_people.py)."""
    bearer = [{"bearer": []}]
    token_id = [_param("id", "Token id", {"type": "integer"}, where="path", required=True)]
    campaign_id = [_param("id", "Campaign id", {"type": "integer"}, where="path", required=True)]
    body = {"content": {"application/json": {"schema": {"type": "object"}}}}
    denied = {"401": _ERROR, "403": _ERROR, "422": _ERROR}
    return {
        "/api/v1/campaigns": {
            "get": {
                "summary": "Reporting campaigns, newest first (public); open: the id of the open one, or null",
                "responses": {
                    "200": {
                        "description": "{items: [{id, name_th, name_en, opened_on, closed_on, closed_order_ref, "
                        "synthetic, open}], total, open}"
                    }
                },
            },
            "post": {
                "summary": "Open a campaign (national admins). Body {name_th, name_en, opened_on (YYYY-MM-DD, default "
                "today)}; refused while another is open",
                "security": bearer,
                "requestBody": body,
                "responses": {"201": {"description": "The campaign"}, **denied},
            },
        },
        "/api/v1/campaigns/{id}/close": {
            "post": {
                "summary": "Close a campaign (national admins). Body {closed_order_ref (required: the reference of "
                "the order that closed it), closed_on (default today)}. While none is open, the survey form, uploads "
                "and the API refuse new survey records; all data stays readable",
                "security": bearer,
                "parameters": campaign_id,
                "requestBody": body,
                "responses": {"200": {"description": "The closed campaign"}, **denied},
            }
        },
        "/api/v1/coordinators": {
            "get": {
                "summary": "The district coordinator registry: every district of the area, one row per named person, "
                "an empty row where nobody is named. Province admins: their province; national admins: any (all by "
                "default); coordinators: their own district. Personal data: every read is audited",
                "security": bearer,
                "parameters": [
                    _param("province", "A province (code, ISO, name)"),
                    _param("format", "json or csv (UTF-8 with BOM)", {"type": "string", "enum": ["json", "csv"]}),
                ],
                "responses": {
                    "200": {
                        "description": "{items: [{province, province_name_th, province_name_en, district, "
                        "district_name_th, district_name_en, full_name, position, phone, email, updated_at}], total}, "
                        "or the same rows as CSV"
                    },
                    **denied,
                },
            }
        },
        "/api/v1/tokens": {
            "get": {
                "summary": "Your API tokens: {items: [{id, name, created_at, last_used_at, revoked_at}], total}; "
                "never the token itself",
                "security": bearer,
                "responses": {"200": {"description": "Your tokens"}, "401": _ERROR},
            },
            "post": {
                "summary": "Create a token for yourself. Body {name}; the answer holds the token once, in token "
                "(only its hash is kept)",
                "security": bearer,
                "requestBody": body,
                "responses": {"201": {"description": "{id, name, created_at, token}"}, "401": _ERROR, "422": _ERROR},
            },
        },
        "/api/v1/tokens/{id}/revoke": {
            "post": {
                "summary": "Revoke a token at once: yours, or (admins) one of a person in your area",
                "security": bearer,
                "parameters": token_id,
                "responses": {
                    "200": {"description": "{id, name, created_at, last_used_at, revoked_at}"},
                    "401": _ERROR,
                    "403": _ERROR,
                    "404": _ERROR,
                },
            }
        },
    }


def _duplicate_paths() -> dict:
    """The review queue of likely duplicate facilities (coordinators and above, their own area)."""
    bearer = [{"bearer": []}]
    pair_id = [_param("pair_id", "Pair id", {"type": "integer"}, where="path", required=True)]
    pair = "the pair: {id, facility_a, facility_b, distance_m, similarity, found_at, upload_id, status, decided_at, decided_by, kept}"
    decided = {"200": {"description": pair}, "401": _ERROR, "403": _ERROR, "404": _ERROR, "409": _ERROR}
    return {
        "/api/v1/duplicates": {
            "get": {
                "summary": "Pairs of facilities that may be one (same type, similar name, within 50 m) with a "
                "facility in your area, oldest first",
                "security": bearer,
                "parameters": [_param("status", "pending (default), merged, dismissed or all")],
                "responses": {
                    "200": {"description": "{items: [pair + a, b: the two facilities], total}"},
                    "401": _ERROR,
                    "403": _ERROR,
                    "422": _ERROR,
                },
            }
        },
        "/api/v1/duplicates/{pair_id}/dismiss": {
            "post": {
                "summary": "Not the same place: the pair is closed and never warned about again",
                "security": bearer,
                "parameters": pair_id,
                "responses": decided,
            }
        },
        "/api/v1/duplicates/{pair_id}/merge": {
            "post": {
                "summary": "Keep one facility (JSON {keep: facility id}): it takes the other's non-empty fields where "
                "its own are empty (a new version); the other is closed with its history kept. Both must be in your area",
                "security": bearer,
                "parameters": pair_id,
                "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                "responses": {**decided, "422": _ERROR},
            }
        },
    }
