"""The coverage view as a picture (1600×900, for LINE and slides) and as an A4 report, each one self-contained HTML
document for a headless browser to draw: text in the page's fonts (Thai shaped by the browser), the map and the
trend as inline SVG (layers/svg_map.py), CSS inline, nothing fetched, no scripts.

The caller gives every word (``Sheet``), already in the reader's language, and the drawings; this module only lays
them out and escapes them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from string import Template

PICTURE_SIZE = (1600, 900)  # px: a 16:9 slide, and LINE shows it whole
PICTURE_MAP = (800, 660)  # px: the map's box in the picture
REPORT_MAP = (700, 600)  # px: the map's box on the report's first page (A4 at 96 px per inch: 794 wide)
FONTS = "Loma, Garuda, 'Noto Sans Thai', 'Tlwg Typo', sans-serif"


@dataclass(frozen=True)
class Sheet:
    """The words of a view, ready to lay out (every field is plain text; this module escapes it)."""

    lang: str
    brand: str  # "Jitasa Map · จิตอาสา แผนที่"
    title: str  # place · measure
    subtitle: str  # group · dose · data date · denominator
    legend_title: str
    legend: list[tuple[str, str, int]]  # (colour, label, areas)
    source: str
    headline: tuple[str, str] | None = None  # (what, value): the province's or the country's own figure
    extremes: list[tuple[str, list[tuple[str, str]]]] = field(default_factory=list)  # (heading, [(area, value)])
    warnings: list[str] = field(default_factory=list)  # "⚠ synthetic data" (in red), small numbers, no district report


@dataclass(frozen=True)
class ReportParts:
    """What the report adds to the picture: the ranked table of every area, the trend and the sources."""

    table_title: str
    columns: list[str]
    rows: list[list[str]]
    trend_title: str
    trend_svg: str
    sources_title: str
    sources: list[str]
    made: str


def picture_document(sheet: Sheet, map_svg: str) -> str:
    """A 1600×900 page: the title band, the map on the left, the headline, legend and extremes on the right, the
    source line at the foot."""
    width, height = PICTURE_SIZE
    return _PICTURE.substitute(
        lang=_e(sheet.lang),
        title=_e(sheet.title),
        width=width,
        height=height,
        fonts=FONTS,
        header=_header(sheet),
        map=map_svg,
        panel=_headline(sheet) + _legend(sheet) + _extremes(sheet),
        footer=_footer(sheet),
    )


def report_document(sheet: Sheet, map_svg: str, parts: ReportParts) -> str:
    """An A4 report: the view as on the picture (title, map, headline, legend, extremes, source) on the first page,
    then the ranked table of every area, the trend, and the sources with the data dates."""
    head = "".join(f"<th>{_e(c)}</th>" for c in parts.columns)
    body = "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in parts.rows)
    trend = (
        f"<section class='trend'><h2>{_e(parts.trend_title)}</h2>{parts.trend_svg}</section>" if parts.trend_svg else ""
    )
    sources = "".join(f"<li>{_e(s)}</li>" for s in parts.sources)
    return _REPORT.substitute(
        lang=_e(sheet.lang),
        title=_e(sheet.title),
        fonts=FONTS,
        header=_header(sheet),
        map=map_svg,
        panel=_headline(sheet) + _legend(sheet) + _extremes(sheet),
        footer=_footer(sheet),
        table_title=_e(parts.table_title),
        head=head,
        body=body,
        trend=trend,
        sources_title=_e(parts.sources_title),
        sources=sources,
        made=_e(parts.made),
    )


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _header(sheet: Sheet) -> str:
    return (
        f"<header><div class='brand'>{_e(sheet.brand)}</div><h1>{_e(sheet.title)}</h1>"
        f"<p class='subtitle'>{_e(sheet.subtitle)}</p></header>"
    )


def _headline(sheet: Sheet) -> str:
    if not sheet.headline:
        return ""
    what, value = sheet.headline
    return f"<div class='headline'><div class='what'>{_e(what)}</div><div class='value'>{_e(value)}</div></div>"


def _legend(sheet: Sheet) -> str:
    rows = "".join(
        f"<tr><td><span class='swatch' style='background:{_e(color)}'></span></td><td>{_e(label)}</td>"
        f"<td class='count'>{count:,}</td></tr>"
        for color, label, count in sheet.legend
    )
    return f"<section class='legend'><h2>{_e(sheet.legend_title)}</h2><table>{rows}</table></section>"


def _extremes(sheet: Sheet) -> str:
    blocks = []
    for heading, items in sheet.extremes:
        rows = "".join(f"<li><span>{_e(name)}</span><b>{_e(value)}</b></li>" for name, value in items)
        blocks.append(f"<div><h2>{_e(heading)}</h2><ol>{rows}</ol></div>")
    return f"<section class='extremes'>{''.join(blocks)}</section>" if blocks else ""


def _footer(sheet: Sheet) -> str:
    warnings = "".join(f"<p class='{'warning' if w.startswith('⚠') else 'note'}'>{_e(w)}</p>" for w in sheet.warnings)
    return f"<footer>{warnings}<p class='source'>{_e(sheet.source)}</p></footer>"


_COMMON_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; color: #1a1a1a; }
body { font-family: $fonts; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
header .brand { color: #0b5394; font-weight: bold; letter-spacing: 0.02em; }
h1 { margin: 0.1em 0 0; line-height: 1.3; }
.subtitle { margin: 0.15em 0 0; color: #333; }
h2 { margin: 0 0 0.3em; line-height: 1.35; }
.headline { border-left: 6px solid #0b5394; padding: 0.2em 0 0.2em 0.6em; margin-bottom: 0.8em; }
.headline .what { color: #444; }
.headline .value { font-weight: bold; line-height: 1.2; }
.legend table { border-collapse: collapse; }
.legend td { padding: 0.12em 0.5em 0.12em 0; vertical-align: middle; }
.legend .count { color: #666; text-align: right; }
.swatch { display: inline-block; width: 1.6em; height: 1.05em; border: 1px solid #999; vertical-align: middle; }
.extremes { display: flex; gap: 2em; margin-top: 0.8em; }
.extremes ol { margin: 0; padding-left: 1.4em; }
.extremes li span { margin-right: 0.5em; }
footer p { margin: 0.1em 0; }
footer .warning { color: #b00020; font-weight: bold; }
footer .source, footer .note { color: #444; }
"""

_PICTURE = Template(
    """<!DOCTYPE html>
<html lang="$lang"><head><meta charset="utf-8"><title>$title</title><style>"""
    + _COMMON_CSS
    + """
html, body { width: ${width}px; height: ${height}px; overflow: hidden; }
body { display: flex; flex-direction: column; padding: 26px 40px 18px; font-size: 22px; }
header .brand { font-size: 20px; }
h1 { font-size: 44px; }
.subtitle { font-size: 27px; }
main { flex: 1; min-height: 0; display: flex; gap: 36px; margin: 10px 0 8px; }
.map-box { flex: none; height: 100%; }
.map-box svg { height: 100%; width: auto; display: block; }
.panel { flex: 1; min-width: 0; padding-top: 12px; }
h2 { font-size: 24px; }
.headline .what { font-size: 22px; }
.headline .value { font-size: 54px; }
footer { font-size: 18px; border-top: 2px solid #ddd; padding-top: 6px; }
</style></head>
<body>
$header
<main><div class="map-box">$map</div><div class="panel">$panel</div></main>
$footer
</body></html>
"""
)

_REPORT = Template(
    """<!DOCTYPE html>
<html lang="$lang"><head><meta charset="utf-8"><title>$title</title><style>"""
    + _COMMON_CSS
    + """
@page { size: A4; margin: 14mm 13mm 16mm; }
body { font-size: 12.5pt; }
header .brand { font-size: 11pt; }
h1 { font-size: 20pt; }
.subtitle { font-size: 13pt; }
h2 { font-size: 13pt; }
.first { break-after: page; }
body > section + section { padding-top: 3mm; }  /* marks above the first line stay on their own page */
.map-box { text-align: center; margin: 4mm 0; }
.panel { display: flex; flex-wrap: wrap; gap: 4mm 10mm; }
.headline .value { font-size: 26pt; }
.extremes { margin-top: 0; }
footer { font-size: 10pt; border-top: 1px solid #ccc; padding-top: 2mm; margin-top: 4mm; }
table.areas { width: 100%; border-collapse: collapse; font-size: 10.5pt; }
table.areas th, table.areas td { border-bottom: 1px solid #ddd; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
table.areas th { background: #f0f4f8; }
table.areas thead { display: table-header-group; }
table.areas tr { break-inside: avoid; }
.trend { break-inside: avoid; margin-top: 6mm; }
.sources { margin-top: 6mm; font-size: 10.5pt; break-inside: avoid; }
.sources ul { padding-left: 5mm; margin: 0; }
.made { color: #555; font-size: 9.5pt; margin-top: 4mm; }
</style></head>
<body>
<section class="first">
$header
<div class="map-box">$map</div>
<div class="panel">$panel</div>
$footer
</section>
<section>
<h2>$table_title</h2>
<table class="areas"><thead><tr>$head</tr></thead><tbody>$body</tbody></table>
</section>
$trend
<section class="sources"><h2>$sources_title</h2><ul>$sources</ul><p class="made">$made</p></section>
</body></html>
"""
)
