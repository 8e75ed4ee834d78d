"""The timeline chart: every source's interval over time and the answer band, drawn with matplotlib.

One drawing for the CLI (``factdb timeline ... --plot FILE.png|FILE.svg``) and
the web view's fact page (:func:`timeline_svg`). matplotlib is an optional
extra (``pip install 'factdb[plot]'``) imported only here, when a chart is
asked for; it draws on a ``Figure`` of its own (no pyplot state), so the web
server can draw from several threads.

What the chart shows (docs/agreement.md, "Timeline"):

* each source claim as a bar over its as-of window (a day, a month, a year)
  spanning its interval in the answer's unit; an open bound ("more than 20")
  is a bar that runs to the edge of the plot, with an arrow;
* supporting claims in blue, dissent in red, claims that cannot be put in the
  answer's unit are left out (the table lists them);
* the stored answer over time as a grey band (a line when the answer is a
  single value); for a timeless property (a border's length) one band across
  the whole chart.
"""

from __future__ import annotations

import datetime as _dt
import io
import math

from .errors import FactdbError

INSTALL_HINT = "pip install 'factdb[plot]'"
SUPPORT, DISSENT, BAND = "#1f6fb4", "#c0392b", "#9e9e9e"


def _matplotlib():
    try:
        import matplotlib

        matplotlib.use("Agg", force=False)
        from matplotlib.figure import Figure
    except ImportError:
        raise FactdbError(f"drawing the timeline needs matplotlib, which is not installed: {INSTALL_HINT}") from None
    return Figure


def _limits(record: dict) -> tuple[float, float]:
    values = [v for c in record["claims"] for v in (c["low"], c["high"]) if v is not None and math.isfinite(v)]
    values += [v for b in record["bands"] for v in (b["low"], b["high"]) if v is not None]
    if not values:
        return 0.0, 1.0
    lo, hi = min(values), max(values)
    pad = (hi - lo) * 0.15 or abs(hi) * 0.15 or 1.0
    return lo - pad, hi + pad


def _days(record: dict) -> tuple[_dt.date, _dt.date]:
    dates = [d for c in record["claims"] for d in (c["from"], c["to"]) if d is not None]
    dates += [d for b in record["bands"] for d in (b["from"], b["to"]) if d is not None]
    if not dates:
        today = _dt.date.today()
        return today - _dt.timedelta(days=365), today
    lo, hi = min(dates), max(dates)
    pad = _dt.timedelta(days=max(15, (hi - lo).days // 12))
    return lo - pad, hi + pad


def draw(record: dict):
    """The chart of a :func:`factdb.queries.agreement.timeline` record, as a matplotlib Figure."""
    Figure = _matplotlib()
    from matplotlib.dates import date2num

    fig = Figure(figsize=(8, 4.2), dpi=110)
    ax = fig.add_subplot()
    ylo, yhi = _limits(record)
    x0, x1 = _days(record)
    # the answer band
    if record.get("timeless") and record.get("overall"):
        o = record["overall"]
        if o["method"] != "none":
            lo, hi = (o["low"] if o["low"] is not None else ylo), (o["high"] if o["high"] is not None else yhi)
            ax.fill_between([date2num(x0), date2num(x1)], [lo, lo], [hi, hi], color=BAND, alpha=0.35, lw=0,
                            label=f"answer: {o['answer']}")
            ax.plot([date2num(x0), date2num(x1)], [lo, lo], color=BAND, lw=1.2)
            if hi != lo:
                ax.plot([date2num(x0), date2num(x1)], [hi, hi], color=BAND, lw=1.2)
    else:
        labelled = False
        for b in record["bands"]:
            if b["method"] == "none":
                continue
            end = b["to"] or x1
            lo = b["low"] if b["low"] is not None else ylo
            hi = b["high"] if b["high"] is not None else yhi
            xs = [date2num(b["from"]), date2num(end + _dt.timedelta(days=1))]
            ax.fill_between(xs, [lo, lo], [hi, hi], color=BAND, alpha=0.35, lw=0, step=None,
                            label=None if labelled else "answer over time")
            ax.plot(xs, [lo, lo], color=BAND, lw=1.2)
            if hi != lo:
                ax.plot(xs, [hi, hi], color=BAND, lw=1.2)
            labelled = True
    # the sources: a bar over the as-of window spanning the interval; a single value is a dot
    seen = set()
    undated_x = date2num(x1) - (date2num(x1) - date2num(x0)) * 0.02
    for c in record["claims"]:
        if c["supports"] is None:
            continue
        color = SUPPORT if c["supports"] else DISSENT
        label = "supporting" if c["supports"] else "dissent"
        lo = c["low"] if c["low"] is not None else ylo
        hi = c["high"] if c["high"] is not None else yhi
        if c["from"] is None:
            x_a, width = undated_x, (date2num(x1) - date2num(x0)) / 150
            ax.annotate("undated", (undated_x, hi if c["high"] is not None else lo), fontsize=7, color=color,
                        ha="right", va="bottom", xytext=(-3, 2), textcoords="offset points")
        else:
            x_a = date2num(c["from"])
            width = max(date2num(c["to"] + _dt.timedelta(days=1)) - x_a, (date2num(x1) - date2num(x0)) / 150)
        lab = None if label in seen else label
        seen.add(label)
        if c["low"] is not None and c["low"] == c["high"]:
            ax.plot([x_a + width / 2], [c["low"]], "o", color=color, ms=6, label=lab)
            continue
        ax.bar(x_a, hi - lo, width=width, bottom=lo, align="edge", color=color, alpha=0.75, edgecolor=color,
               label=lab)
        if c["high"] is None:
            ax.annotate("", xy=(x_a + width / 2, yhi), xytext=(x_a + width / 2, yhi - (yhi - ylo) * 0.1),
                        arrowprops={"arrowstyle": "->", "color": color})
        if c["low"] is None:
            ax.annotate("", xy=(x_a + width / 2, ylo), xytext=(x_a + width / 2, ylo + (yhi - ylo) * 0.1),
                        arrowprops={"arrowstyle": "->", "color": color})
    ax.set_xlim(date2num(x0), date2num(x1))
    ax.set_ylim(ylo, yhi)
    ax.xaxis_date()
    fig.autofmt_xdate()
    unit = record.get("unit") or ""
    ax.set_ylabel(f"{record['property']} ({unit})" if unit else record["property"])
    ax.set_title(f"{record['subject']} / {record['property']}", fontsize=11)
    ax.grid(axis="y", alpha=0.3)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(loc="best", fontsize=8, frameon=False)
    fig.tight_layout()
    return fig


def save_timeline(record: dict, path: str) -> None:
    """Draw ``record`` to ``path`` (.png or .svg)."""
    fmt = "svg" if path.lower().endswith(".svg") else "png"
    fig = draw(record)
    if fmt == "svg":
        _svg_repeatable()
    from .safe_write import atomic_output

    with atomic_output(path, binary=True) as fh:  # a new file beside the target, renamed over it
        fig.savefig(fh, format=fmt, metadata=_metadata(fmt))


def timeline_svg(record: dict) -> str:
    """The chart as SVG text (for the web view)."""
    fig = draw(record)
    _svg_repeatable()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata=_metadata("svg"))
    text = buf.getvalue()
    return text[text.find("<svg"):]


def _svg_repeatable() -> None:
    import matplotlib

    matplotlib.rcParams["svg.hashsalt"] = "factdb"  # the same chart gives the same file


def _metadata(fmt: str) -> dict:
    return {"Date": None} if fmt == "svg" else {}
