"""The coverage page's pieces, from ready frames: the map (whole or patched), its legend, the summary line, the
charts, the table, the export links, the breadcrumb and the date slider's labels."""

from __future__ import annotations

import datetime as dt
from html import escape

from dash import Patch, html

from dashboard.i18n import denominator_text, format_date, t
from dashboard.pages.coverage.ids import CRUMB
from dashboard.pages.coverage.view_facilities import facility_labels, facility_types
from dashboard.pages.coverage.view_measure import synthetic_text
from dashboard.ui.alerts import problem_item
from dashboard.ui.areas import area_label
from data.coverage_query import query_string
from data.disclosure import rounding_base
from data.facility_layer import empty_clusters, empty_points
from data.metrics import SURVEY_RATES, WHOLE_METRICS
from data.registries import TARGET_GROUPS
from data.views import summarize_coverage
from layers.charts import ENDS, group_figure, ranking_figure
from layers.classify import legend_rows
from layers.coverage_map import COUNTS, MAIN, coverage_figure, fit_view
from layers.facilities import facility_traces

DISTRICT_LINES = {
    "sourcetype": "geojson",
    "source": "/api/v1/areas/district.geojson",
    "type": "line",
    "color": "#8c8c8c",
    "line": {"width": 0.35},
}


def marks(dates: list[dt.date], lang: str) -> dict:
    """The date slider's labels: the first and the newest report always, a handful between, none crowding the newest;
    no report date at all says so (rather than a bare "0")."""
    if not dates:
        return {0: {"label": t("slider.no_dates", lang), "style": {"whiteSpace": "nowrap", "transform": "none"}}}
    step = max(1, len(dates) // 6)
    last = len(dates) - 1  # always labelled: the newest report; a regular mark too close to it would overlap its label
    keep = {i for i in range(0, len(dates), step) if i == 0 or last - i >= step / 2} | {last}
    return {i: {"label": format_date(d, lang)} for i, d in enumerate(dates) if i in keep}


def problem_alert(problems, lang: str) -> html.Div:
    """What was wrong with a link or a control, each problem in the reader's language and then the other."""
    return html.Div([problem_item(p, lang) for p in problems], className="alert alert-warning py-1 my-1")


def map_key(query, layers: list[str], lang: str) -> str:
    """What a figure is drawn for: the same key again, the figure on screen is patched rather than sent anew."""
    return f"{query.level}|{query.area}|{'+'.join(sorted(layers))}|{lang}"


def map_patch(update: dict, counts: dict | None) -> Patch:
    """The choropleth's values (``choropleth_update``) and the counts trace, patched into the figure on screen."""
    figure = Patch()
    for name, value in update.items():
        figure["data"][MAIN][name] = value
    if counts is not None:
        figure["data"][COUNTS] = counts
    return figure


def full_figure(registry, tile_url: str, query, frame, classes, views, layers: list[str], lang: str):
    """The whole map: the country, or a province with its neighbours faded; the layers asked for."""
    if query.area:
        view = fit_view(registry.bounds(query.area))
        context = [c for c in registry.frame("province").index if c != query.area]
    else:
        view, context = fit_view(registry.bounds("TH")), None
    figure = coverage_figure(
        frame,
        classes,
        f"/api/v1/areas/{query.level}.geojson",
        view,
        {"beds": t("facility.beds", lang), "synthetic": t("facility.synthetic", lang)},
        context_url="/api/v1/areas/province.geojson" if context else None,
        context_codes=context,
        counts=views["points"] if "counts" in layers else None,
        tile_url=tile_url,
        revision=f"{query.level}|{query.area}",
    )
    if "districts" in layers and query.level == "province":
        figure.layout.map.layers = [DISTRICT_LINES]
    if "facilities" in layers:  # empty, in place: the facility layer callback fills them for the view
        figure.add_traces(
            facility_traces(empty_points(), empty_clusters(), facility_types(lang), facility_labels(lang))
        )
    return figure


def legend(classes, query, lang: str, synthetic: float = 0.0, dopa_year: int | None = None) -> html.Div:
    unit = t(f"unit.{query.metric}", lang)
    denominator = denominator_text(query.denominator, lang, dopa_year) if query.metric == "coverage" else ""
    rows = [
        html.Li(
            [
                html.Span(className="swatch", style={"background": row["color"]}),
                html.Span(row["label"] + unit if row["label"] else t("map.no_data", lang)),
                html.Span(f" ({row['count']})", className="text-muted"),
            ]
        )
        for row in legend_rows(classes, whole=query.metric in WHOLE_METRICS)
    ]
    return html.Div(
        [
            html.Div(t(f"metric.{query.metric}", lang), className="fw-bold"),
            html.Div(denominator, className="text-muted") if denominator else None,
            html.Ul(rows, className="list-unstyled mb-0"),
            html.Div(synthetic_text(query, synthetic, lang, short=True), className="text-danger fw-bold")
            if synthetic
            else None,
        ]
    )


def summary(frame, query, lang: str, synthetic: float = 0.0, threshold: int | None = None) -> str:
    """The line under the map; for a count of people surveyed, the small-numbers rule (data/disclosure.py)."""
    text = _summary_text(frame, query, lang) + _extremes(frame, lang)
    if threshold is not None and query.metric in SURVEY_RATES:
        text += " · " + t("summary.small_numbers", lang, base=rounding_base(threshold), n=threshold)
    return (synthetic_text(query, synthetic, lang) + " · " + text) if synthetic else text


def _extremes(frame, lang: str) -> str:
    """The map in words (its text alternative): the highest and the lowest area, and how many have no value."""
    known = frame[frame["value"].notna()].sort_values("value")
    if known.empty:
        return ""
    high, low = known.iloc[-1], known.iloc[0]
    text = " · " + t(
        "summary.extremes",
        lang,
        high=f"{high['name']} {high['value_label']}",
        low=f"{low['name']} {low['value_label']}",
    )
    missing = len(frame) - len(known)
    return text + (" · " + t("summary.without_data", lang, n=missing) if missing else "")


def _summary_text(frame, query, lang: str) -> str:
    if query.metric not in ("coverage", "vaccinated", "change"):
        when = format_date(query.as_of, lang) if query.as_of else t("summary.latest", lang)
        return t("summary.rate", lang, n=int(frame["value"].notna().sum()), total=len(frame), date=when)
    counts = summarize_coverage(frame, query.as_of)
    label = TARGET_GROUPS[query.group].label(lang)
    if not counts["with_data"] and query.level == "district" and frame["province_pct"].notna().any():
        pct = frame["province_pct"].dropna().iloc[0] if query.area else None
        return t("summary.no_district", lang) + (
            " " + t("summary.province_figure", lang, pct=f"{pct:.1f}%") if pct is not None else ""
        )
    if not counts["with_data"]:
        return t("map.summary_none", lang, group=label, dose=query.dose)
    unit = t(f"level.{query.level}", lang)
    text = t(
        "summary.coverage",
        lang,
        n=counts["with_data"],
        unit=unit,
        date=format_date(counts["shown"], lang),
        dose=query.dose,
        group=label,
    )
    if counts["earlier"]:
        text += " · " + t("map.summary_earlier", lang, n=counts["earlier"])
    if counts["missing"]:
        text += " · " + t("summary.missing", lang, n=counts["missing"], unit=unit)
    return text + " · " + t("summary.source", lang)


def groups_figure(views, lang: str):
    groups = views["groups"].copy()
    # each group's own report date: the latest report with that group can be older than the map's
    groups["label"] = [f"{label} · {format_date(day, lang)}" for label, day in zip(groups["label"], groups["as_of"])]
    return group_figure(groups, t("chart.groups", lang))


COUNT_METRICS = WHOLE_METRICS  # people: whole numbers; every other measure one decimal


def table_column(column: str, lang: str, metric: str = "coverage") -> dict:
    """Numbers are numeric columns (they sort as numbers), with thousands separators and the unit in the header;
    the area's name is a link that opens it (reached by Tab, opened by Enter)."""
    if column == "name":
        return {"name": t("table.name", lang), "id": "area", "presentation": "markdown"}
    spec = {"name": t(f"table.value.{metric}" if column == "value" else f"table.{column}", lang), "id": column}
    if column in ("value", "vaccinated", "population"):
        whole = column != "value" or metric in COUNT_METRICS
        spec.update(type="numeric", format={"specifier": ",.0f" if whole else ",.1f"})
    return spec


def table_columns(query, lang: str) -> list[dict]:
    columns = ("name", "value", "vaccinated", "population", "as_of", "note_text")
    return [table_column(c, lang, query.metric) for c in columns]


def table_rows(frame, query=None, method: str = "", lang: str = "th") -> list[dict]:
    """One row per area; a province's name links to its districts, in the same view."""
    columns = ["code", "name", "value", "vaccinated", "population", "as_of", "note_text"]
    rows = frame[columns].astype(object).where(frame[columns].notna(), None).to_dict("records")
    drill = query is not None and query.level == "province" and not query.area
    for row in rows:
        day = dt.date.fromisoformat(str(row["as_of"])[:10]) if row["as_of"] else None  # Buddhist era in Thai
        row["as_of"] = (f"{day.year + 543}-{day:%m-%d}" if lang == "th" else day.isoformat()) if day else ""
        for key in ("vaccinated", "population"):
            row[key] = int(row[key]) if row[key] is not None else None
        row["value"] = float(row["value"]) if row["value"] is not None else None
        link = "/?" + query_string(query.with_(level="district", area=row["code"]), method) if drill else ""
        row["area"] = f"[{row['name']}]({link})" if drill else row["name"]
    return rows


def export_links(query, method: str, lang: str, frame) -> list:
    """The API's links to what is on screen: the picture and the report always (they say why a map has no values),
    the table (CSV, GeoJSON) and the offline map when there are values."""
    base = query_string(query, method)
    if query.level == "district" and not query.area:
        base = (base + "&" if base else "") + "level=district"
    joiner = lambda path, extra="": f"{path}?{base}{('&' if base and extra else '')}{extra}"  # noqa: E731
    links = [
        (t("export.png", lang), joiner("/api/v1/exports/coverage.png", f"lang={lang}")),
        (t("export.pdf", lang), joiner("/api/v1/exports/coverage-report.pdf", f"lang={lang}")),
    ]
    if frame["value"].notna().any():
        links += [
            (t("export.csv", lang), joiner("/api/v1/coverage", f"format=csv&lang={lang}")),
            (t("export.geojson", lang), joiner("/api/v1/coverage.geojson", f"lang={lang}")),
            (t("export.html", lang), joiner("/api/v1/exports/coverage-map.html", f"lang={lang}")),
        ]
    items = [html.Span(t("export.title", lang) + ": ", className="fw-bold")]
    for label, href in links:
        items += [html.A(label, href=href, className="me-3", download="")]
    if not frame["value"].notna().any():
        items.append(html.Span(t("export.nothing", lang), className="text-muted"))
    return items


def print_table(rows: list[dict], lang: str) -> str:
    """Every area of the view for paper, lowest value first (the screen's table shows a page of 20), as one piece of
    HTML that the page puts in place at once: 926 districts as Dash components (6,500 of them) kept the browser busy
    for 50 s before the map could paint."""
    ranked = sorted(rows, key=lambda r: (r["value"] is None, r["value"] if r["value"] is not None else 0, r["name"]))
    columns = ("name", "value", "vaccinated", "population", "as_of", "note_text")
    cell = lambda tag, text: f"<{tag}>{escape(text)}</{tag}>"  # noqa: E731
    head = "".join(cell("th", t("table.value_label" if c == "value" else f"table.{c}", lang)) for c in columns)
    body = "".join("<tr>" + "".join(cell("td", _cell(row.get(c), c)) for c in columns) + "</tr>" for row in ranked)
    return f'<table class="table table-sm print-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _cell(value, column: str) -> str:
    if value is None or value == "":
        return "–"
    if column == "value":
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def breadcrumb(registry, query, lang: str) -> html.Ol:
    country = html.Button(
        t("crumb.country", lang), id={"type": CRUMB, "code": "TH"}, className="btn btn-link btn-sm p-0"
    )
    crumbs = [html.Li(country, className="breadcrumb-item")]
    if query.area:
        name = area_label(registry, query.area, lang, with_code=False)
        crumbs.append(html.Li(name, className="breadcrumb-item active", **{"aria-current": "page"}))
    return html.Ol(crumbs, className="breadcrumb mb-0")


def ranking(frame, classes, lang: str):
    """The ranking: every area up to 25, else the 10 lowest and the 10 highest, saying so under the title."""
    shown = int(frame["value"].notna().sum())
    return ranking_figure(
        frame,
        classes,
        t("chart.ranking", lang),
        between=t("chart.ranking_ends", lang, n=ENDS, of=shown),
        empty=t("chart.ranking_empty", lang),
    )
