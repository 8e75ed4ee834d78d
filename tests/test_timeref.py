"""Date expressions found in sentences and resolved against the published date."""

from __future__ import annotations

import datetime as dt

import pytest

from factdb.extract.timeref import find_time_refs

BASE = dt.date(2015, 9, 15)  # a Tuesday


def refs(text, base=BASE, precision="day"):
    return [(text[r.start:r.end], r.date, r.precision, r.relation) for r in find_time_refs(text, base, precision)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He spoke on September 3 in Dushanbe.", ("September 3", dt.date(2015, 9, 3), "day", "at")),
        ("Dushanbe, Tajikistan, Sept. 15, 2015.", ("Sept. 15, 2015", dt.date(2015, 9, 15), "day", "at")),
        ("It was reported on 28 September 2013.", ("28 September 2013", dt.date(2013, 9, 28), "day", "at")),
        ("It happened on 2014-06-30.", ("2014-06-30", dt.date(2014, 6, 30), "day", "at")),
        ("The pact was signed in 2012.", ("2012", dt.date(2012, 1, 1), "year", "at")),
        ("Talks resumed in September 2015.", ("September 2015", dt.date(2015, 9, 1), "month", "at")),
        ("In early July, Tajikistan asked for help.", ("July", dt.date(2015, 7, 1), "month", "at")),
        ("Spending rose last year.", ("last year", dt.date(2014, 1, 1), "year", "at")),
        ("Spending will rise next year.", ("next year", dt.date(2016, 1, 1), "year", "at")),
        ("Rakhmon is chairing the bloc this year.", ("this year", dt.date(2015, 1, 1), "year", "at")),
        ("Prices fell last month.", ("last month", dt.date(2015, 8, 1), "month", "at")),
        ("The lease runs until 2042.", ("until 2042", dt.date(2042, 1, 1), "year", "until")),
        ("Troops will be cut by 2020.", ("by 2020", dt.date(2020, 1, 1), "year", "by")),
        ("It has ruled since 1992.", ("since 1992", dt.date(1992, 1, 1), "year", "since")),
        ("Forces leave by mid-September.", ("by mid-September", dt.date(2015, 9, 1), "month", "by")),
        ("Putin said on Tuesday that aid will come.", ("Tuesday", dt.date(2015, 9, 15), "day", "at")),
        ("Officials met on Friday.", ("Friday", dt.date(2015, 9, 11), "day", "at")),
        ("Yesterday the minister said so.", ("Yesterday", dt.date(2015, 9, 14), "day", "at")),
    ],
)
def test_single_reference(text, expected):
    assert refs(text) == [expected]


def test_ranges():
    (r,) = find_time_refs("the 1992-97 civil war", BASE, "day")
    assert (r.date, r.date_to, r.relation, r.precision) == (dt.date(1992, 1, 1), dt.date(1997, 1, 1), "range", "year")
    (r,) = find_time_refs("between 2010 and 2014 it grew", BASE, "day")
    assert (r.date, r.date_to) == (dt.date(2010, 1, 1), dt.date(2014, 1, 1))


def test_relative_words_without_base_have_no_date():
    got = find_time_refs("last year, on Tuesday, on September 3", None, None)
    assert [r.date for r in got] == [None, None, None]
    assert [r.precision for r in got] == ["year", "day", "day"]


def test_weekday_needs_day_precision_base():
    (r,) = find_time_refs("on Monday", dt.date(2015, 9, 1), "month")
    assert r.date is None


def test_year_and_month_only_bases():
    assert refs("last year", dt.date(2015, 1, 1), "year")[0][1] == dt.date(2014, 1, 1)
    assert refs("last month", dt.date(2015, 1, 1), "year")[0][1] is None


@pytest.mark.parametrize(
    "text",
    [
        "He may decide soon.",
        "Some 2000 troops and 1500 people arrived.",
        "a 6,000-strong base",
        "It cost $2015 in total.",
        "Troops march to the border.",
    ],
)
def test_not_dates(text):
    assert refs(text) == []


def test_multiple_in_order_and_spans_point_at_text():
    text = "On April 2 ministers met; in 2013 they agreed, and since 2004 the base has stood until 2042."
    got = find_time_refs(text, BASE, "day")
    assert [text[r.start:r.end] for r in got] == ["April 2", "2013", "since 2004", "until 2042"]


def test_yearless_date_far_after_publication_is_last_year():
    assert refs("on December 28", dt.date(2016, 1, 5))[0][1] == dt.date(2015, 12, 28)
    assert refs("in November", dt.date(2016, 1, 5))[0][1] == dt.date(2015, 11, 1)
    assert refs("by November 6", dt.date(2015, 9, 15))[0][1] == dt.date(2015, 11, 6)  # near future stays
