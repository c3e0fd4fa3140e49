"""TimexValue: a TIMEX3 value's granularity, interval and label, parsed in one place."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.temporal import Interval, TimexValue, interval

D = dt.date
DCT = D(2021, 8, 22)


@pytest.mark.parametrize(
    ("value", "start", "end", "granularity", "label"),
    [
        ("2021-08-20", D(2021, 8, 20), D(2021, 8, 21), "day", "Fri 20 Aug 2021"),
        ("2021-08-20T14:30", D(2021, 8, 20), D(2021, 8, 21), "day", "Fri 20 Aug 2021 14:30"),
        ("2021-08-20TMO", D(2021, 8, 20), D(2021, 8, 21), "day", "Fri 20 Aug 2021"),
        ("2021-W32", D(2021, 8, 9), D(2021, 8, 16), "week", "week of 09 Aug 2021"),
        ("2021-W32-WE", D(2021, 8, 14), D(2021, 8, 16), "week", "weekend of 14 Aug 2021"),
        ("2021-08", D(2021, 8, 1), D(2021, 9, 1), "month", "Aug 2021"),
        ("2021-Q3", D(2021, 7, 1), D(2021, 10, 1), "quarter", "Q3 2021"),
        ("2021-H1", D(2021, 1, 1), D(2021, 7, 1), "half", "H1 2021"),
        ("2021-WI", D(2021, 12, 1), D(2022, 3, 1), "quarter", "winter 2021"),
        ("2021-FA", D(2021, 9, 1), D(2021, 12, 1), "quarter", "autumn 2021"),
        ("2021", D(2021, 1, 1), D(2022, 1, 1), "year", "2021"),
        ("198", D(1980, 1, 1), D(1990, 1, 1), "decade", "1980s"),
        ("19", D(1900, 1, 1), D(2000, 1, 1), "century", "1900s"),
        ("PRESENT_REF", DCT, DCT + dt.timedelta(days=1), "day", "Sun 22 Aug 2021"),
        ("PAST_REF", D(2021, 7, 23), DCT, "vague", "23 Jul 2021 to 21 Aug 2021"),
    ],
)
def test_interval_and_label(
    value: str, start: dt.date, end: dt.date, granularity: str, label: str
) -> None:
    parsed = TimexValue.parse(value)
    assert parsed.interval(DCT) == Interval(start, end, granularity)
    assert interval(value, DCT) == Interval(start, end, granularity)
    assert parsed.label(start, end) == label


@pytest.mark.parametrize(
    "value", ["P3Y", "PT2H", "XXXX-08-15", "XXXX-WXX-1", "2021-02-30", "", "x"]
)
def test_values_that_name_no_time_have_no_interval(value: str) -> None:
    assert TimexValue.parse(value).interval(DCT) is None


def test_constructors_agree_with_parsing() -> None:
    made = [
        TimexValue.of_day(D(2021, 8, 20)),
        TimexValue.of_week(D(2021, 8, 20), weekend=True),
        TimexValue.of_month(2021, 13),  # rolls into January 2022
        TimexValue.of_quarter(2021, 0),  # rolls back into Q4 2020
        TimexValue.of_season(2020, "WI"),
        TimexValue.at(D(1987, 6, 1), "decade"),
    ]
    assert [v.text for v in made] == [
        "2021-08-20",
        "2021-W33-WE",
        "2022-01",
        "2020-Q4",
        "2020-WI",
        "198",
    ]
    for v in made:
        assert TimexValue.parse(v.text).interval(DCT) == v.interval(DCT)


def test_clock_and_named_day() -> None:
    assert TimexValue.parse("2021-08-20T09:05").clock == (9, 5)
    assert TimexValue.parse("2021-08-20TNI").clock is None
    assert TimexValue.parse("2021-08-20").names_day
    assert not TimexValue.parse("2021-08").names_day
    assert not TimexValue.parse("PRESENT_REF").names_day


def test_shifted_years() -> None:
    assert TimexValue.parse("2021-W32").shifted(3).text == "2024-W32"
    assert TimexValue.parse("198").shifted(3).text == "198"
    assert TimexValue.parse("PAST_REF").shifted(3).text == "PAST_REF"


def test_enclosing_is_the_finest_value_that_holds_the_days() -> None:
    day = dt.date(2022, 3, 3)
    assert TimexValue.enclosing(day, day + dt.timedelta(days=1)) == TimexValue.of_day(day)
    assert TimexValue.enclosing(day, dt.date(2022, 3, 20)) == TimexValue.of_month(2022, 3)
    assert TimexValue.enclosing(day, dt.date(2023, 2, 1)) == TimexValue.parse("202")


@pytest.mark.parametrize(
    ("value", "lag"),
    [("P2D", (2, "day")), ("P1W", (7, "day")), ("PT5H", (0, "day")), ("PT48H", (2, "day")),
     ("PTXH", (0, "day")), ("P3M", (3, "month")), ("P1Y", (1, "year")), ("PXY", None),
     ("2021-08-22", None)],
)  # fmt: skip
def test_the_lag_a_duration_spans(value: str, lag: tuple[int, str] | None) -> None:
    assert TimexValue.parse(value).lag == lag
