"""Where sources agree or contradict: pure rules over plain records.

Nothing here reads a database. The store turns rows into :class:`ClaimView`
and :class:`AssertionView`, calls these functions at load and stores the
verdicts (:mod:`factdb.verdicts`); every surface reads the stored rows.
The rules are written out in docs/agreement.md.

=================================  ==========================================
module                             rules
=================================  ==========================================
:mod:`.identity`                   what a claim is about: scope, kind, headline
:mod:`.intervals`                  intervals, canonical units, tolerances
:mod:`.timing`                     same moment, staleness horizon, weights
:mod:`.conflicts`                  numeric conflicts (across and inside articles)
:mod:`.facts`                      best answer, as of a date, over time
:mod:`.membership`                 membership status as a step function of time
:mod:`factdb.membership_status`    membership status at one date
=================================  ==========================================
"""

from factdb.agreement.conflicts import (
    comparable, consistent, explicit_contradiction, numeric_conflicts, same_quantity, within_article,
)
from factdb.agreement.facts import (
    Answer, Epoch, _entry_exit, _sweep_scores, best_fact, fact_at, quantities, timeline, voting_set,
)
from factdb.agreement.intervals import (
    RATE_TOLERANCE, UNIT_TOLERANCE, Interval, contains, intersect, overlap,
)
from factdb.agreement.views import ClaimView, Fact, aligned, canonical, interval_of
from factdb.hedges import APPROX_TOLERANCE, hedge_interval
from factdb.membership_status import AssertionView, Conflict, MemberRow, member_status, membership_conflicts
from factdb.timeutil import date_window, parse_date_arg, same_time_window

_contains = contains  # the name the sweep tests use

__all__ = [
    "APPROX_TOLERANCE", "Answer", "AssertionView", "ClaimView", "Conflict", "Epoch", "Fact", "Interval",
    "MemberRow", "RATE_TOLERANCE", "UNIT_TOLERANCE", "aligned", "best_fact", "canonical", "comparable",
    "consistent", "date_window", "explicit_contradiction", "fact_at", "hedge_interval", "interval_of",
    "member_status", "membership_conflicts", "numeric_conflicts", "overlap", "parse_date_arg", "quantities",
    "same_quantity", "same_time_window", "timeline", "voting_set", "within_article",
]
