"""A coverage map as one self-contained HTML file that opens with no network (an offline government network).

Leaflet's JS and CSS are inlined, there are no tiles (white background: our boundaries are the base), and the
title, legend and source are plain positioned HTML over the map. Same inputs give the same bytes.

Why not folium (the module keeps its name because it answers folium's job, "a Leaflet map as an HTML file"):
folium's page links four scripts and six stylesheets from CDNs, which would have to be removed by overriding
its internals (``Map.default_js``) and trusting that no element adds another; its ``<html>`` has no ``lang``;
its ``GeoJsonTooltip`` writes properties with ``innerHTML``, so every name would have to be pre-escaped;
it names elements with random ids, so two exports of the same data differ. The page below is one template using
four Leaflet calls (``L.map``, ``L.geoJSON``, ``bindTooltip``, ``fitBounds``); tooltip text is set with
``textContent`` and the areas travel as a ``<script type="application/json">`` block, so a name is never parsed
as HTML or JS.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from string import Template

import pandas as pd

from layers.classify import NO_DATA_COLOR, Classes, legend_rows

REQUIRED_COLUMNS = ("code", "name", "value", "value_label", "note")
BORDER_COLOR = "#ffffff"


def coverage_map_html(
    geojson: dict,
    frame: pd.DataFrame,
    classes: Classes,
    *,
    title: str,
    subtitle: str,
    legend_title: str,
    source: str,
    no_data_label: str,
    leaflet_js: str,
    leaflet_css: str,
    lang: str = "th",
    legend_format: Callable[[float], str] | None = None,
    whole: bool = False,
) -> str:
    """A complete HTML document: the areas of ``frame`` (in its order) coloured by ``classes``, with a title block
    (``title``, ``subtitle`` — put the data date there), a legend and the ``source`` line. Nothing is fetched.

    ``geojson``: a FeatureCollection with ``properties.code``; only features whose code is in ``frame`` are drawn.
    ``frame``: code, name, value, value_label, note (one row per area). ``classes``: ``classify(frame["value"])``.
    ``legend_format`` writes a class bound (``legend_rows``' default when None); pass the dashboard's, so the
    file's legend reads like the page's; ``whole``: counts of people, whole-number classes (``legend_rows``).
    """
    problems = _problems(geojson, frame, classes)
    if problems:
        raise ValueError("cannot export the coverage map: " + "; ".join(problems))
    return _PAGE.substitute(
        lang=html.escape(lang, quote=True),
        title=html.escape(title),
        subtitle=html.escape(subtitle),
        legend=_legend_html(classes, legend_title, no_data_label, legend_format, whole),
        source=html.escape(source),
        leaflet_css=_inline_css(leaflet_css),
        leaflet_js=_inline_js(leaflet_js),
        areas_json=_script_json(_area_collection(geojson, frame, classes)),
        border_color=BORDER_COLOR,
    )


def _problems(geojson: dict, frame: pd.DataFrame, classes: Classes) -> list[str]:
    """Every problem with the inputs, so one error says all that is wrong."""
    problems = []
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        problems.append(f"frame lacks column(s) {', '.join(missing)}; expected {', '.join(REQUIRED_COLUMNS)}")
    if len(frame) == 0:
        problems.append("frame has no rows: there is nothing to draw")
    if len(classes.index) != len(frame):
        problems.append(f"classes has {len(classes.index)} areas but frame has {len(frame)} rows")
    codes = frame["code"].astype(str) if "code" in frame.columns else pd.Series([], dtype=str)
    duplicated = sorted(set(codes[codes.duplicated()]))
    if duplicated:
        problems.append(f"frame repeats code(s) {', '.join(duplicated[:10])}")
    if not isinstance(geojson, dict) or geojson.get("type") != "FeatureCollection":
        kind = geojson.get("type") if isinstance(geojson, dict) else type(geojson).__name__
        problems.append(f"geojson is a {kind!r}, expected a FeatureCollection dict (json.loads the web GeoJSON)")
    else:
        unknown = sorted(set(codes) - set(_features_by_code(geojson)))
        if unknown:
            problems.append(f"geojson has no feature for code(s) {', '.join(unknown[:10])} ({len(unknown)} in all)")
    return problems


def _features_by_code(geojson: dict) -> dict[str, dict]:
    return {str((f.get("properties") or {}).get("code")): f for f in geojson.get("features", [])}


def _area_collection(geojson: dict, frame: pd.DataFrame, classes: Classes) -> dict:
    """The features of ``frame``'s areas in its order, carrying only what the page shows."""
    features = _features_by_code(geojson)
    colors = [classes.colors[i] if i >= 0 else NO_DATA_COLOR for i in classes.index]
    out = []
    for row, color in zip(frame.itertuples(index=False), colors):
        code = str(row.code)
        properties = {
            "code": code,
            "name": _text_or_empty(row.name),
            "label": _text_or_empty(row.value_label),
            "note": _text_or_empty(row.note),
            "color": color,
        }
        out.append({"type": "Feature", "properties": properties, "geometry": features[code]["geometry"]})
    return {"type": "FeatureCollection", "features": out}


def _text_or_empty(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _legend_html(
    classes: Classes,
    legend_title: str,
    no_data_label: str,
    legend_format: Callable[[float], str] | None,
    whole: bool = False,
) -> str:
    rows = []
    for row in legend_rows(classes, legend_format, whole):
        label = no_data_label if row["label"] is None else row["label"]
        rows.append(
            f'<tr><td><span class="swatch" style="background:{html.escape(row["color"], quote=True)}"></span></td>'
            f'<td>{html.escape(label)}</td><td class="count">{row["count"]:,}</td></tr>'
        )
    return f"<h2>{html.escape(legend_title)}</h2><table>{''.join(rows)}</table>"


def _script_json(data: dict) -> str:
    """JSON that cannot end its ``<script>`` element or open a comment: ``<``, ``>`` and ``&`` are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def _inline_js(js: str) -> str:
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.IGNORECASE)


def _inline_css(css: str) -> str:
    """Leaflet's CSS without what could fetch: ``url(...)`` (marker and layer-control images) and ``@import``."""
    css = re.sub(r"@import[^;]*;", "", css)
    css = re.sub(r"url\([^)]*\)", "none", css)
    return re.sub(r"</(style)", r"<\\/\1", css, flags=re.IGNORECASE)


_PAGE = Template("""<!DOCTYPE html>
<html lang="$lang">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
<style>
$leaflet_css
</style>
<style>
html, body { height: 100%; margin: 0; }
body { display: flex; flex-direction: column; color: #222; background: #fff;
  font-family: Sarabun, 'Noto Sans Thai', Garuda, Loma, Tahoma, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
main { position: relative; flex: 1; min-height: 0; }
#map { position: absolute; inset: 0; }
.leaflet-container { background: #fff; font: inherit; }
.box { position: absolute; z-index: 1000; background: rgba(255, 255, 255, 0.92); padding: 0.5em 0.75em;
  border-radius: 4px; box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); }
#title { top: 0.75em; left: 0.75em; max-width: 32em; }
#title h1 { font-size: 1.2em; margin: 0; }
#title p { margin: 0.25em 0 0; }
#legend { bottom: 0.75em; left: 0.75em; font-size: 0.9em; }
#legend h2 { font-size: 1em; margin: 0 0 0.25em; }
#legend table { border-collapse: collapse; }
#legend td { padding: 0.1em 0.4em 0.1em 0; }
#legend .count { text-align: right; color: #555; }
.swatch { display: inline-block; width: 1.2em; height: 0.9em; border: 1px solid #999; vertical-align: middle; }
footer { padding: 0.3em 0.75em; font-size: 0.8em; color: #444; border-top: 1px solid #ddd; }
.area-tip .note { font-style: italic; max-width: 20em; white-space: normal; }
</style>
<script>
$leaflet_js
</script>
</head>
<body>
<main>
<div id="map"></div>
<header id="title" class="box"><h1>$title</h1><p>$subtitle</p></header>
<section id="legend" class="box">$legend</section>
</main>
<footer id="source">$source</footer>
<script type="application/json" id="areas">$areas_json</script>
<script>
(function () {
  var areas = JSON.parse(document.getElementById('areas').textContent);
  var map = L.map('map', {attributionControl: false, zoomControl: false, zoomSnap: 0.25});
  L.control.zoom({position: 'topright'}).addTo(map);
  function tip(p) {
    var box = document.createElement('div');
    box.appendChild(document.createElement('strong')).textContent = p.name;
    box.appendChild(document.createElement('div')).textContent = p.label;
    if (p.note) {
      var note = box.appendChild(document.createElement('div'));
      note.className = 'note';
      note.textContent = p.note;
    }
    return box;
  }
  var layer = L.geoJSON(areas, {
    style: function (f) {
      return {fillColor: f.properties.color, fillOpacity: 1, color: '$border_color', weight: 0.7};
    },
    onEachFeature: function (f, area) {
      area.bindTooltip(function () { return tip(f.properties); }, {sticky: true, className: 'area-tip'});
      area.on('mouseover', function () { area.setStyle({color: '#333', weight: 2}); area.bringToFront(); });
      area.on('mouseout', function () { layer.resetStyle(area); });
    }
  }).addTo(map);
  map.fitBounds(layer.getBounds(), {padding: [16, 16]});
})();
</script>
</body>
</html>
""")
