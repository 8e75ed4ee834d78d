"""Figure 5: all claims into a pandas DataFrame, each path in its own process (peak RSS)."""

from __future__ import annotations

from .harness import Figure, Report, run_child

_PRE = """
import time, resource
import pandas as pd
url, path = sys.argv[1], sys.argv[2]
_out['rss_before_mb'] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""

RAW = _PRE + """
import sqlite3
t0 = time.perf_counter()
con = sqlite3.connect(path)
cur = con.execute('select * from claims')
cols = [d[0] for d in cur.description]
df = pd.DataFrame.from_records(cur.fetchall(), columns=cols)
_out.update(seconds=time.perf_counter() - t0, rows=len(df))
"""

FACTDB_SQL = _PRE + """
from factdb.api import FactDB
t0 = time.perf_counter()
df = FactDB(url).sql('select * from claims', timeout=0)
_out.update(seconds=time.perf_counter() - t0, rows=len(df))
"""

ARROW = _PRE + """
from factdb.frames import read_frame
from factdb.db import Database
t0 = time.perf_counter()
df = read_frame(Database(url), 'select * from claims')
_out.update(seconds=time.perf_counter() - t0, rows=len(df))
"""


def export(report: Report, url: str, path: str, n_claims: int) -> None:
    raw = run_child(RAW, url, path)
    plain = run_child(FACTDB_SQL, url, path)
    arrow = run_child(ARROW, url, path)
    base = "raw sqlite3 fetchall + DataFrame.from_records"
    for label, res in (("FactDB.sql (the API: Arrow fast path with the arrow extra)", plain),
                       ("factdb.frames.read_frame (ADBC -> Arrow -> pandas)", arrow)):
        report.add(Figure("export", f"{n_claims:,} claims to DataFrame, {label}: time", res["seconds"], "s",
                          base, raw["seconds"], higher_is_better=False, target=1.0, target_text="< 1x",
                          note=f"{res['rows']:,} rows"))
        report.add(Figure("export", f"{n_claims:,} claims to DataFrame, {label}: peak RSS",
                          res["peak_rss_mb"], "MB", base, raw["peak_rss_mb"], higher_is_better=False,
                          target=0.5, target_text="<= 0.5x",
                          note=f"process peak; above the {res['rss_before_mb']:.0f} MB after imports: "
                               f"{res['peak_rss_mb'] - res['rss_before_mb']:.0f} MB vs raw "
                               f"{raw['peak_rss_mb'] - raw['rss_before_mb']:.0f} MB"))
