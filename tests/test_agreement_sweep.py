"""The sweep that scores candidate points gives what testing every interval at every point gives (weights too)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from factdb.agreement import ClaimView, _contains, _sweep_scores, best_fact, interval_of, intersect

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
        articles = len({c.article_id for c in group})
        assert scores[(v, eps)] == (float(articles), articles, len(group))
    best = None
    for v, eps in points:  # best score; among equals the narrowest answer, then the first listed
        group = [c for c, iv in ivs if _contains(iv, v, eps)]
        articles = len({c.article_id for c in group})
        shared = intersect([iv for c, iv in ivs if c in group])
        width = float("inf") if shared is None or shared[0] is None or shared[1] is None else shared[1] - shared[0]
        key = ((float(articles), articles, len(group)), -width)
        if best is None or key > best[0]:
            best = (key, group)
    assert [c.id for c in best_fact(cs).supporting] == [c.id for c in best[1]]


@settings(max_examples=300, deadline=None)
@given(claims(), st.lists(st.sampled_from([1.0, 0.5, 0.25]), min_size=14, max_size=14))
def test_weighted_sweep_matches_brute_force(cs, ws):
    weights = {c.id: ws[c.id] for c in cs}
    ivs = [(c, interval_of(c)) for c in cs]
    points = list(dict.fromkeys([(float("-inf"), False)] + [(iv[0], not iv[2]) for _, iv in ivs if iv[0] is not None]))
    scores = _sweep_scores(points, ivs, weights)
    for v, eps in points:
        group = [c for c, iv in ivs if _contains(iv, v, eps)]
        best_per_article: dict = {}
        for c in group:
            best_per_article[c.article_id] = max(best_per_article.get(c.article_id, 0.0), weights[c.id])
        assert scores[(v, eps)] == (round(sum(best_per_article.values()), 9), len(best_per_article), len(group))
