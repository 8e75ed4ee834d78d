"""The sweep that scores candidate points gives what testing every interval at every point gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.agreement import ClaimView, _contains, _sweep_scores, best_fact, interval_of

BOUNDS = st.one_of(st.none(), st.integers(0, 12).map(float))


@st.composite
def claims(draw):
    out = []
    for i in range(draw(st.integers(1, 14))):
        lo, hi = draw(BOUNDS), draw(BOUNDS)
        if lo is not None and hi is not None and lo > hi:
            lo, hi = hi, lo
        value = lo if lo is not None else (hi if hi is not None else 5.0)
        out.append(ClaimView(id=i, article_id=draw(st.integers(1, 4)), subject="X", property="troop_count",
                             value=value, low=lo, high=hi, low_inclusive=draw(st.booleans()),
                             high_inclusive=draw(st.booleans()), qualifier="range", unit="person"))
    return out


@settings(max_examples=400, deadline=None)
@given(claims())
def test_sweep_matches_brute_force(cs):
    ivs = [(c, interval_of(c)) for c in cs]
    points = list(dict.fromkeys([(float("-inf"), False)] + [(iv[0], not iv[2]) for _, iv in ivs if iv[0] is not None]))
    scores = _sweep_scores(points, ivs)
    for v, eps in points:
        group = [c for c, iv in ivs if _contains(iv, v, eps)]
        assert scores[(v, eps)] == (len({c.article_id for c in group}), len(group))
    best = None
    for v, eps in points:  # the rule before the sweep: first point with the best score wins
        group = [c for c, iv in ivs if _contains(iv, v, eps)]
        score = (len({c.article_id for c in group}), len(group))
        if best is None or score > best[0]:
            best = (score, group)
    assert [c.id for c in best_fact(cs).supporting] == [c.id for c in best[1]]
