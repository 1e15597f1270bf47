"""VTIMEZONE components that calendar clients, Outlook included, read correctly.

Outlook expects one STANDARD and one DAYLIGHT observance with a yearly rule
(``FREQ=YEARLY;BYDAY=2SU;BYMONTH=3``), the vzic style, and mishandles the
RDATE lists icalendar generates; icalendar's generator also writes a
spring-forward onset one hour late, and its search skips a switch and the
switch back when they are less than 64 days apart (Morocco's Ramadan hour).
So the rule is derived here from the zone's actual transitions in the
conference year (zoneinfo), and checked against every transition from the
year before the conference to the year after it:

- a zone without transitions in that window gets a single STANDARD;
- a zone with one switch to daylight time and one back each year gets the two
  observances, each onset written as wall time in TZOFFSETFROM (RFC 5545
  section 3.6.5) on the n-th or last weekday of its month, starting the year
  before the window so that its first day already has an observance;
- anything else (Morocco, a zone changing its rules in the window, a rule
  like "Friday on or after the 23rd" that no n-th weekday gives every year)
  falls back to listing each switch in the window as an RDATE, found with
  zoneinfo, onsets again in TZOFFSETFROM wall time, and no COMMENT.

Every variant gives the zoneinfo UTC offset at every time in the window.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_STEP = timedelta(hours=6)  # zones do not switch twice within six hours
_SECOND = timedelta(seconds=1)


@dataclass(frozen=True)
class Transition:
    at: datetime  # UTC, the first instant of the new offset
    before: timedelta
    after: timedelta

    @property
    def wall(self) -> datetime:
        """The onset as wall-clock time in the offset before it (naive)."""
        return (self.at + self.before).replace(tzinfo=None)


@dataclass(frozen=True)
class Rule:
    month: int
    nth: int  # 1..5, or -1 for the last
    weekday: int  # 0 = Monday
    time: timedelta  # wall time of day in the offset before the switch
    before: timedelta
    after: timedelta

    def wall(self, year: int) -> datetime | None:
        """The onset's wall time in ``year``, or None if the month lacks that weekday."""
        days = calendar.monthrange(year, self.month)[1]
        first = date(year, self.month, 1)
        if self.nth > 0:
            day = 1 + (self.weekday - first.weekday()) % 7 + 7 * (self.nth - 1)
            if day > days:
                return None
        else:
            last = date(year, self.month, days)
            day = days - (last.weekday() - self.weekday) % 7
        return datetime(year, self.month, day) + self.time

    def transition(self, year: int) -> Transition | None:
        wall = self.wall(year)
        if wall is None:
            return None
        return Transition((wall - self.before).replace(tzinfo=UTC), self.before, self.after)

    @property
    def byday(self) -> str:
        return f"{self.nth}{_DAYS[self.weekday]}"


def _offset(zone: ZoneInfo, instant: datetime) -> timedelta:
    offset = instant.astimezone(zone).utcoffset()
    assert offset is not None
    return offset


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every UTC-offset change of ``zone`` in [start, end) (aware UTC datetimes)."""
    found = []
    t, before = start, _offset(zone, start)
    while t < end:
        nxt = min(t + _STEP, end)
        after = _offset(zone, nxt)
        if after != before:
            lo, hi = t, nxt  # offset(lo) == before, offset(hi) != before
            while hi - lo > _SECOND:
                mid = lo + (hi - lo) / 2
                mid = mid.replace(microsecond=0)
                if _offset(zone, mid) == before:
                    lo = mid
                else:
                    hi = mid
            found.append(Transition(hi, before, _offset(zone, hi)))
            before = _offset(zone, hi)
            t = hi
            continue
        t = nxt
    return [x for x in found if start <= x.at < end]


def _year_start(year: int) -> datetime:
    return datetime(year, 1, 1, tzinfo=UTC)


def _candidates(tr: Transition) -> list[Rule]:
    wall = tr.wall
    days = calendar.monthrange(wall.year, wall.month)[1]
    time = wall - datetime(wall.year, wall.month, wall.day)
    nths = []
    if wall.day + 7 > days:
        nths.append(-1)
    nths.append((wall.day - 1) // 7 + 1)
    return [Rule(wall.month, n, wall.weekday(), time, tr.before, tr.after) for n in nths]


def _score(zone: ZoneInfo, rule: Rule, year: int) -> int:
    """In how many years around ``year`` the rule gives the zone's own switch."""
    hits = 0
    for y in range(year - 5, year + 6):
        tr = rule.transition(y)
        if (
            tr is not None
            and _offset(zone, tr.at - _SECOND) == rule.before
            and _offset(zone, tr.at) == rule.after
        ):
            hits += 1
    return hits


def _rules(zone: ZoneInfo, year: int, first: int, last: int) -> list[Rule] | None:
    """The two yearly rules of ``zone``, if they give every switch in years first..last."""
    this_year = transitions(zone, _year_start(year), _year_start(year + 1))
    if len(this_year) != 2:
        return None
    a, b = this_year
    if (a.before, a.after) != (b.after, b.before):
        return None
    rules = []
    for tr in (a, b):
        options = _candidates(tr)
        rules.append(max(options, key=lambda r: _score(zone, r, year)))  # first wins ties
    expected = sorted(
        (r.transition(y) for r in rules for y in range(first, last + 1)),
        key=lambda t: t.at if t else _year_start(1),
    )
    actual = transitions(zone, _year_start(first), _year_start(last + 1))
    if expected != actual:
        return None
    # The observances start the year before, so that the first of January of
    # the first year already has one in force; it must be the zone's offset.
    earlier = [r.transition(first - 1) for r in rules]
    if None in earlier:
        return None
    latest = max((t for t in earlier if t is not None), key=lambda t: t.at)
    if _offset(zone, _year_start(first)) != latest.after:
        return None
    return rules


def _name(zone: ZoneInfo, instant: datetime) -> str:
    return instant.astimezone(zone).tzname() or ""


def _dst(zone: ZoneInfo, instant: datetime) -> bool:
    return bool(instant.astimezone(zone).dst())


def _observance(
    kind: type,
    start: datetime,
    name: str,
    before: timedelta,
    after: timedelta,
    rule: Rule | None = None,
    rdates: list[datetime] | None = None,
) -> TimezoneStandard:
    sub = kind()
    sub.add("DTSTART", start)
    if rule is not None:
        sub.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": rule.month, "BYDAY": rule.byday})
    if rdates:
        sub.add("RDATE", rdates)
    if name:
        sub.add("TZNAME", name)
    sub.add("TZOFFSETFROM", before)
    sub.add("TZOFFSETTO", after)
    return sub


def _listed(zone: ZoneInfo, tzid: str, lo: int, hi: int) -> Timezone:
    """A VTIMEZONE listing each switch in years lo..hi as an RDATE (the fallback)."""
    vtz = Timezone()
    vtz.add("TZID", tzid)
    begin = _year_start(lo)
    at_begin = _offset(zone, begin)
    groups: dict[tuple[timedelta, timedelta, str, bool], list[datetime]] = {}
    groups[(at_begin, at_begin, _name(zone, begin), _dst(zone, begin))] = [
        (begin + at_begin).replace(tzinfo=None)
    ]
    for tr in transitions(zone, begin, _year_start(hi + 1)):
        key = (tr.before, tr.after, _name(zone, tr.at), _dst(zone, tr.at))
        groups.setdefault(key, []).append(tr.wall)
    for (before, after, name, dst), walls in groups.items():
        sub = _observance(
            TimezoneDaylight if dst else TimezoneStandard,
            walls[0],
            name,
            before,
            after,
            rdates=walls[1:],
        )
        vtz.add_component(sub)
    return vtz


def vtimezone(tzid: str, first: date, last: date | None = None) -> Timezone:
    """The VTIMEZONE for ``tzid`` covering ``first``..``last`` (the conference's days).

    The conference year is ``first.year``; the component is correct from
    1 January of the year before it to 31 December of the year after ``last``.
    """
    zone = ZoneInfo(tzid)
    last = last or first
    year = first.year
    lo, hi = year - 1, last.year + 1
    vtz = Timezone()
    vtz.add("TZID", tzid)
    start = datetime(lo, 1, 1)
    if not transitions(zone, _year_start(lo), _year_start(hi + 1)):
        at = _year_start(lo)
        offset = _offset(zone, at)
        vtz.add_component(_observance(TimezoneStandard, start, _name(zone, at), offset, offset))
        return vtz
    rules = _rules(zone, year, lo, hi)
    if rules is None:
        return _listed(zone, tzid, lo, hi)
    rules.sort(key=lambda r: r.after > r.before)  # STANDARD first, then DAYLIGHT
    for rule in rules:
        onset, current = rule.transition(lo - 1), rule.transition(year)
        assert onset is not None and current is not None
        kind = TimezoneDaylight if rule.after > rule.before else TimezoneStandard
        vtz.add_component(
            _observance(kind, onset.wall, _name(zone, current.at), rule.before, rule.after, rule)
        )
    return vtz
