"""A real per-province MOPH report written as the coverage upload people send: Windows-874 CSV, Thai headers,
Buddhist-era dates."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

from data.vaccination import read_vaccination_tables
from settings import SHARED_DATA

REPORT_DATE = dt.date(2021, 10, 23)


def real_report(day: dt.date = REPORT_DATE) -> pd.DataFrame:
    table = read_vaccination_tables(SHARED_DATA / "vaccination")
    return table[table["as_of"] == day].reset_index(drop=True)


def report_csv(report: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    buffer.write("ข้อมูล ณ วันที่,พื้นที่,กลุ่มเป้าหมาย,เข็มที่,จำนวนผู้ได้รับวัคซีน,ประชากรเป้าหมาย\r\n")
    for r in report.itertuples(index=False):
        day = f"{r.as_of.day}/{r.as_of.month}/{r.as_of.year + 543}"
        population = "" if pd.isna(r.population) else f"{int(r.population)}"
        buffer.write(f'{day},{r.area},{r.target_group},{r.dose},"{int(r.vaccinated):,}",{population}\r\n')
    return buffer.getvalue().encode("cp874")
