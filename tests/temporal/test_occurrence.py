"""nearest_occurrence: the one rule that picks the year or the occurrence of a time."""

from __future__ import annotations

import datetime as dt

from timeline.temporal.occurrence import nearest_occurrence
from timeline.temporal.value import TimexValue

REF = dt.date(2021, 8, 22)
JANUARIES = [TimexValue.of_month(y, 1) for y in (2020, 2021, 2022)]
OCTOBERS = [TimexValue.of_month(y, 10) for y in (2020, 2021, 2022)]


def test_the_tense_picks_the_side() -> None:
    assert nearest_occurrence(JANUARIES, REF, "past").text == "2021-01"
    assert nearest_occurrence(JANUARIES, REF, "future").text == "2022-01"
    assert nearest_occurrence(OCTOBERS, REF, "past").text == "2020-10"
    assert nearest_occurrence(OCTOBERS, REF, "future").text == "2021-10"


def test_without_a_tense_the_nearest_wins() -> None:
    assert nearest_occurrence(OCTOBERS, REF, None).text == "2021-10"
    assert nearest_occurrence(JANUARIES, REF, None).text == "2022-01"  # 132 days ahead, 203 behind


def test_an_occurrence_holding_the_reference_is_never_on_the_wrong_side() -> None:
    augusts = [TimexValue.of_month(y, 8) for y in (2020, 2021, 2022)]
    assert nearest_occurrence(augusts, REF, "past").text == "2021-08"
    assert nearest_occurrence(augusts, REF, "future").text == "2021-08"


def test_slack_lets_a_close_day_win_over_the_tense() -> None:
    days = [TimexValue.of_day(dt.date(y, 9, 15)) for y in (2020, 2021, 2022)]
    assert nearest_occurrence(days, REF, "past").text == "2020-09-15"
    assert nearest_occurrence(days, REF, "past", slack=90).text == "2021-09-15"


def test_when_every_candidate_is_ruled_out_the_nearest_is_kept() -> None:
    later = [TimexValue.of_month(2022, 3), TimexValue.of_month(2023, 3)]
    assert nearest_occurrence(later, REF, "past").text == "2022-03"
