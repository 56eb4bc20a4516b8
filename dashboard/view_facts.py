"""What a view of the coverage map is, in words: place, measure, group, dose, denominator, data date and source.

Every export says it (CSV and GeoJSON as fields of each row, HTML, PNG and PDF as a title and a source line) and is
named by it; the page's title and link preview read the same words. One place, so the picture, the file name and the
tab's title cannot disagree.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import quote

import pandas as pd

from dashboard.i18n import denominator_text, format_date, t
from data.metrics import MetricQuery, population_year
from data.registries import TARGET_GROUPS
from geo.thai import localized

GROUPED = ("coverage", "change", "unvaccinated_per_1000")  # measures read for one target group
DOSED = ("coverage", "change")  # measures read for one dose
FIELDS = ("view_place", "view_measure", "view_group", "view_dose", "view_denominator", "view_date", "view_source")
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


@dataclass(frozen=True)
class ViewFacts:
    """A view as words in one language (``None``: the measure does not depend on it)."""

    lang: str
    metric: str
    place: str
    measure: str
    group: str | None
    dose: int | None
    denominator: str | None
    date: dt.date | None
    source: str

    @property
    def date_text(self) -> str:
        return format_date(self.date, self.lang) if self.date else ""

    def title(self) -> str:
        """เชียงใหม่ · ความครอบคลุมการฉีดวัคซีน (%) · ผู้สูงอายุ · เข็มที่ 2"""
        dose = f"{t('map.dose', self.lang)} {self.dose}" if self.dose else None
        return " · ".join(x for x in (self.place, self.measure, self.group, dose) if x)

    def subtitle(self) -> str:
        """The data date and the denominator: what the title leaves out."""
        when = f"{t('map.date', self.lang)} {self.date_text}" if self.date else ""
        return " · ".join(x for x in (when, self.denominator) if x)

    def fields(self) -> dict:
        """The view as fields of every CSV row and GeoJSON feature."""
        values = (self.place, self.measure, self.group, self.dose, self.denominator, self.date, self.source)
        return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in zip(FIELDS, values)}


def view_facts(
    registry, query: MetricQuery, date: dt.date | None, lang: str, dopa_year: int | None = None
) -> ViewFacts:
    """The words of ``query`` in ``lang``; ``date``: the data date shown (``shown_date``); ``dopa_year``: the DOPA
    registration's year when it is the denominator (``data.metrics.population_year``)."""
    return ViewFacts(
        lang=lang,
        metric=query.metric,
        place=place_name(registry, query, lang),
        measure=t(f"metric.{query.metric}", lang),
        group=TARGET_GROUPS[query.group].label(lang) if query.metric in GROUPED else None,
        dose=query.dose if query.metric in DOSED else None,
        denominator=denominator_text(query.denominator, lang, dopa_year) if query.metric == "coverage" else None,
        date=date,
        source=t(f"view.source.{query.metric}", lang) + " · " + t("footer.boundaries_short", lang),
    )


def place_name(registry, query: MetricQuery, lang: str) -> str:
    if query.area and registry.get(query.area) is not None:
        return str(localized(registry.get(query.area), lang))
    return t("crumb.country", lang)


def shown_date(frame: pd.DataFrame, query: MetricQuery, fallback: dt.date | None = None) -> dt.date | None:
    """The data date a view shows: the newest report used by its areas (coverage), else the date asked, else
    ``fallback`` (the province's own report when its districts have none; today for the registries)."""
    if query.metric in DOSED and "as_of" in frame and frame["as_of"].notna().any():
        return max(frame["as_of"].dropna())
    return query.as_of or fallback


def data_date(state, conn, query: MetricQuery, frame: pd.DataFrame, audience) -> dt.date | None:
    """``shown_date``, falling back to the province's own report when its districts have none (the reports are per
    province), and to today for the measures read from the registries and surveys as they are now."""
    from geo.clock import today

    fallback = None
    if query.metric in DOSED and query.area:
        province = state.metrics.frame(conn, state.registry, query.with_(level="province", area=None), audience)
        own = province.loc[province["code"] == query.area, "as_of"].dropna()
        fallback = own.iloc[0] if len(own) else None
    elif query.metric not in DOSED:
        fallback = today()
    return shown_date(frame, query, fallback)


def facts_of(state, conn, query: MetricQuery, frame: pd.DataFrame, audience, lang: str) -> ViewFacts:
    """The words of the view ``frame`` was drawn for (``state.metrics.frame``), with its data date."""
    date = data_date(state, conn, query, frame, audience)
    return view_facts(state.registry, query, date, lang, population_year(frame))


# -- file names ----------------------------------------------------------------------------------------------------
def download_name(registry, query: MetricQuery, date: dt.date | None, lang: str, ext: str) -> str:
    """Jitasa_เชียงใหม่_ผู้สูงอายุ_เข็ม2_2564-10-23.csv; in English an ASCII name: Jitasa_Chiang-Mai_elderly_dose2_2021-10-23.csv"""
    thai = lang == "th"
    parts = ["Jitasa", place_name(registry, query, lang)]
    if query.metric != "coverage":
        parts.append(t(f"view.file.{query.metric}", lang))
    if query.metric in GROUPED:
        parts.append(TARGET_GROUPS[query.group].label("th") if thai else query.group)
    if query.metric in DOSED:
        parts.append(("เข็ม" if thai else "dose") + str(query.dose))
    if query.metric == "coverage" and query.denominator != "moph":
        parts.append(t("view.file.dopa", lang))
    if date:
        parts.append(f"{date.year + 543}-{date:%m-%d}" if thai else date.isoformat())
    name = "_".join(_file_part(p, ascii_only=not thai) for p in parts if p)
    return f"{name}.{ext}"


def _file_part(text: str, ascii_only: bool) -> str:
    text = re.sub(r"\s+", "-", _UNSAFE.sub("", str(text)).strip())
    if ascii_only:
        text = re.sub(r"[^A-Za-z0-9.-]+", "", text.replace("–", "-").replace("_", "-"))
    return text.strip(".-") or "-"


def attachment(registry, query: MetricQuery, date: dt.date | None, lang: str, ext: str) -> str:
    """The Content-Disposition of a download named by its view: an ASCII ``filename`` (the English name) for every
    client, and the Thai name as RFC 5987 ``filename*`` when the view is in Thai."""
    plain = download_name(registry, query, date, "en", ext)
    header = f'attachment; filename="{plain}"'
    if lang == "th":
        header += "; filename*=UTF-8''" + quote(download_name(registry, query, date, "th", ext), safe="")
    return header
