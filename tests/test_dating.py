"""Event dating rules, each with a real sentence: kinds, bounds, embedded events, reports,
the story's time. Articles are dated Sunday 22 August 2021 (the seed's publication)."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.dating import lexicon as lx
from timeline.dating.discourse import stem
from timeline.dating.verbs import groups
from timeline.extract import extract
from timeline.models import Anchor, Certainty, Event, Kind

SUNDAY = dt.date(2021, 8, 22)
MONDAY = dt.date(2021, 8, 23)
DAY = dt.timedelta(days=1)


def events(body: str, published: dt.date = SUNDAY) -> list[Event]:
    return extract(f"A title\n\n{body}", published=published, today=published).events


def entry(evs: list[Event], phrase: str) -> Event:
    found = [e for e in evs if phrase in e.text]
    assert found, f"no entry holds {phrase!r}: {[e.text for e in evs]}"
    return min(found, key=lambda e: len(e.text))


# --- kinds: every cue rule's example ------------------------------------------------------


@pytest.mark.parametrize("rule", lx.KIND_RULES, ids=lambda r: r.name)
def test_kind_rule_example(rule: lx.CueRule) -> None:
    assert entry(events(rule.example), rule.phrase).kind.value == rule.kind


# --- verb groups --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "head", "tense"),
    [
        # "not yet": what has not happened as of publication holds now
        ("The Taliban have not yet tried to enter the Panjshir.", "tried", "present"),
        ("The Taliban have not tried to enter the Panjshir.", "tried", "past"),
        ("There had been no reports of fighting.", "been", "past"),
        ("Hundreds of fighters were heading towards Panjshir.", "heading", "past"),
        ("The foreign minister will travel to Doha.", "travel", "future"),
        ("A second round of talks is expected to begin in Doha.", "expected", "future"),
        ("He and Amrullah Saleh have gathered forces.", "gathered", "past"),
        ("The valley remains the epicentre of the resistance.", "remains", "present"),
        # an -s word after an adverb or a singular noun, right before its object
        ("Aer Lingus already operates an all-Airbus fleet.", "operates", "present"),
        ("This new settlement replaces the 1991 agreement.", "replaces", "present"),
    ],
)
def test_the_first_verb_group_gives_the_timeline_tense(
    sentence: str, head: str, tense: str
) -> None:
    first = next(g for g in groups(sentence) if g.finite)
    assert (first.head, first.timeline_tense) == (head, tense)


def test_a_capitalised_month_is_no_modal() -> None:
    gs = groups("Ministers met on May 2, 2019.")
    assert [g.head for g in gs] == ["met"]


# --- bounds by tense ----------------------------------------------------------------------


def test_an_undated_past_happening_lies_before_publication() -> None:
    (e,) = events("Anti-Taliban fighters seized three districts in Baghlan province.")
    assert (e.value, e.start, e.end, e.certainty) == ("PAST_REF", None, SUNDAY, Certainty.BOUNDED)
    assert e.anchor is Anchor.PUBLICATION and e.time_text is None


def test_an_undated_plan_lies_after_publication() -> None:
    (e,) = events("The foreign minister will travel to Doha for talks with the group.")
    assert (e.value, e.start, e.end) == ("FUTURE_REF", MONDAY, None)
    assert e.kind is Kind.PLANNED


def test_an_undated_present_situation_is_the_publication_day() -> None:
    (e,) = events("Hundreds of Taliban fighters are on their way to the Panjshir Valley.")
    assert (e.start, e.end, e.certainty) == (SUNDAY, MONDAY, Certainty.KNOWN)


def test_a_past_happening_this_month_ends_before_publication() -> None:
    (e,) = events("Prices rose sharply this month, traders said.")
    # August, but only its part before the 22nd: the value keeps the month.
    assert (e.value, e.start, e.end) == ("2021-08", dt.date(2021, 8, 1), SUNDAY)
    assert e.certainty is Certainty.BOUNDED


def test_vague_future_words_do_not_date_a_present_clause() -> None:
    (e,) = events("The build-up continues and will go on well into the future.")
    assert e.value != "FUTURE_REF" or e.kind is Kind.PLANNED


# --- embedded events ----------------------------------------------------------------------


def test_a_date_before_a_noun_dates_that_noun() -> None:
    evs = events("The sanctions were imposed on Iraq after its 1990 invasion of Kuwait.")
    invasion = entry(evs, "1990 invasion")
    assert invasion.value == "1990"
    assert entry(evs, "sanctions were imposed").value == "PAST_REF"


def test_a_time_of_the_figure_compared_with_dates_that_figure_not_the_clause() -> None:
    published = dt.date(2021, 11, 2)
    evs = events(
        "Net income rose 12% in the third quarter. Revenue declined 8% to $85.7 million, "
        "from $93.3 million a year earlier.", published
    )
    # The decline goes on with the story's quarter; the year-ago figure has its own time.
    assert entry(evs, "Revenue declined").value == "2021-Q3"
    assert entry(evs, "$93.3 million a year earlier").value == "2020-Q3"
    evs = events("Net was $306 million, compared with a loss of $195 million in 2020.", published)
    assert entry(evs, "Net was $306 million").value == "PAST_REF"
    assert entry(evs, "a loss of $195 million in 2020").value == "2020"
    # "from" opens a figure only before a number: a place is no figure.
    (e,) = events("He returned from Kabul on Friday.", published)
    assert e.value == "2021-10-29"


def test_a_time_before_a_noun_after_a_reporting_verb_dates_the_noun_not_the_saying() -> None:
    published = dt.date(2021, 11, 2)
    evs = events("Savin Corp. reported a third-quarter net loss of $35.2 million.", published)
    # The reporting is the company's act (see the act test below): before publication.
    assert entry(evs, "Savin Corp. reported").end == published
    assert entry(evs, "a third-quarter net loss").value == "2021-Q3"
    evs = events("Citadel reported a third-quarter loss, compared with a profit a year earlier.",
                 published)  # fmt: skip
    reporting = entry(evs, "Citadel reported")
    assert reporting.reported is None or reporting.reported.value == "2021-11-02"


def test_the_time_a_happening_is_moved_to_dates_it_not_the_moving() -> None:
    evs = events("Judge Helen Marsh moved the hearing to Jan. 14.", dt.date(2024, 11, 14))
    hearing = entry(evs, "the hearing to Jan. 14")
    assert hearing.value == "2025-01-14" and hearing.kind is Kind.PLANNED
    assert entry(evs, "Judge Helen Marsh moved").value == "PAST_REF"


def test_a_range_in_an_aside_is_one_span() -> None:
    evs = events(
        "Prosecutors obtained records of payments to an account controlled by his brother "
        "between 2017 and 2019."
    )
    aside = entry(evs, "an account controlled by his brother between 2017 and 2019")
    assert aside.certainty is Certainty.SPAN
    assert (aside.start, aside.end) == (dt.date(2017, 1, 1), dt.date(2020, 1, 1))


def test_a_time_after_the_first_words_of_what_is_said_is_not_the_saying() -> None:
    published = dt.date(2024, 10, 24)
    (e,) = events("Norton Co. said net income for the third quarter fell 6%.", published)
    assert e.value == "2024-Q3"
    assert e.reported is not None and e.reported.value == "2024-10-24"
    (e,) = events("The ministry said in a statement on Friday that the convoy was attacked.")
    assert e.reported is not None and e.reported.value == "2021-08-20"
    (e,) = events("The minister told reporters on Friday that the convoy was attacked.")
    assert e.reported is not None and e.reported.value == "2021-08-20"


def test_a_plan_for_a_time_not_yet_past_does_not_date_what_happened_next() -> None:
    evs = events(
        "Reyes had been scheduled to be sentenced on Thursday. The judge moved the hearing "
        "and ordered both sides to file new briefs.", dt.date(2024, 11, 14)
    )
    assert entry(evs, "scheduled to be sentenced").value == "2024-11-14"
    assert entry(evs, "The judge moved the hearing").value == "PAST_REF"


def test_a_restrictive_relative_before_the_predicate_dates_its_own_happening() -> None:
    evs = events(
        "The death toll from the earthquake that struck western Java on Monday rose to 162 "
        "on Wednesday, officials said.", dt.date(2022, 11, 23)
    )
    assert entry(evs, "The death toll").value == "2022-11-23"
    assert entry(evs, "the earthquake that struck western Java on Monday").value == "2022-11-21"
    # "that" after a verb opens what is said, not a relative clause.
    (e,) = events("Police said that the convoy was attacked on Friday.")
    assert e.value == "2021-08-20"


def test_last_inside_a_verb_group_is_an_adverb() -> None:
    (e,) = events("The race was last canceled in 2020 because of the pandemic.")
    assert e.value == "2020" and e.kind is Kind.OCCURRENCE


def test_a_relative_clause_time_dates_an_untimed_predicate_of_its_subject() -> None:
    published = dt.date(2024, 10, 16)
    evs = events(
        "A fire that broke out in the early hours of Sunday destroyed a 19th-century "
        "warehouse. Firefighters were called at 2.15am.", published
    )
    assert entry(evs, "A fire that broke out").value == "2024-10-13"
    # A background century does not take the story's day from a time of day.
    assert entry(evs, "Firefighters were called").value == "2024-10-13T02:15"


def test_a_schedule_participle_before_for_is_planned() -> None:
    (e,) = events("A spokesman said an inspection had been planned for next week.")
    assert e.kind is Kind.PLANNED and e.value == "2021-W34"


def test_a_time_in_what_a_comparative_compares_with_dates_that_not_the_clause() -> None:
    evs = events(
        "The increase was larger than the quarter-point move the bank had signalled at its "
        "previous meeting on June 9.", dt.date(2022, 7, 21)
    )
    assert entry(evs, "The increase was larger").value == "PAST_REF"
    assert entry(evs, "the quarter-point move the bank").value == "2022-06-09"
    # "more than" a number is a quantity, not a comparison.
    (e,) = events("Police arrested more than 200 people on Friday.")
    assert e.value == "2021-08-20"


def test_a_flashback_or_a_relative_clause_does_not_move_the_story() -> None:
    published = dt.date(2022, 7, 21)
    evs = events(
        "Draghi resigned on Thursday. A day earlier, three parties had boycotted a vote.\n\n"
        "The euro rose 0.5% against the dollar.", published
    )
    assert entry(evs, "three parties had boycotted").value == "2022-07-20"
    assert entry(evs, "The euro rose").value != "2022-07-20"
    evs = events(
        "The bank raised rates on Thursday to fight inflation that reached 8.6% in June.\n\n"
        "Policymakers also approved a new tool.", published
    )
    assert entry(evs, "Policymakers also approved").value == "2022-07-21"


def test_a_since_clause_starts_the_span_of_the_clause_before_and_is_dated_itself() -> None:
    evs = events(
        "Fighting has continued in the east since the talks broke down on Feb. 2.",
        dt.date(2025, 3, 8),
    )
    fighting = entry(evs, "Fighting has continued")
    assert fighting.certainty is Certainty.SPAN and fighting.start == dt.date(2025, 2, 2)
    assert fighting.end is None
    assert entry(evs, "since the talks broke down").value == "2025-02-02"


def test_an_after_clause_told_in_the_past_bounds_the_clause_before_it() -> None:
    published = dt.date(2023, 11, 2)  # a Thursday
    evs = events("Police arrested him after he attacked a guard on Friday.", published)
    arrest = entry(evs, "Police arrested him")
    assert arrest.certainty is Certainty.BOUNDED
    assert (arrest.start, arrest.end) == (dt.date(2023, 10, 28), published)
    assert entry(evs, "after he attacked a guard").value == "2023-10-27"
    # After the day before publication, told by it: the publication day.
    evs = events("It was the second death after a woman died in Cornwall on Wednesday.",
                 published)  # fmt: skip
    assert entry(evs, "the second death").value == "2023-11-02"
    # "Shortly after" is the same time.
    evs = events("He was shot shortly after he returned home on Oct. 23.", published)
    assert entry(evs, "He was shot").value == "2023-10-23"


def test_an_after_clause_bounds_by_its_dated_saying_not_by_what_was_said() -> None:
    evs = events(
        "Oil prices rose after OPEC said on Sunday it would extend production cuts through "
        "the end of the year.", dt.date(2023, 7, 3)
    )
    # After Sunday and by publication on Monday: Monday, not the rest of the year.
    assert entry(evs, "Oil prices rose").value == "2023-07-03"
    assert entry(evs, "after OPEC said").kind is Kind.PLANNED


def test_before_the_end_of_a_month_ahead_is_bounded_by_its_end_and_publication() -> None:
    (e,) = events("A deal could be signed before the end of March.", dt.date(2025, 3, 8))
    assert e.certainty is Certainty.BOUNDED
    assert (e.start, e.end) == (dt.date(2025, 3, 9), dt.date(2025, 4, 1))
    (e,) = events("He left before March.", dt.date(2025, 3, 8))
    assert (e.start, e.end) == (None, dt.date(2025, 3, 1))


def test_what_a_clause_is_ahead_of_lies_ahead_and_is_its_own_entry() -> None:
    evs = events("Trading volume was light ahead of the holiday on Thursday.", dt.date(2023, 7, 3))
    holiday = entry(evs, "the holiday on Thursday")
    assert holiday.value == "2023-07-06" and holiday.kind is Kind.PLANNED
    assert entry(evs, "Trading volume was light").value != "2023-07-06"


def test_an_aside_wholly_after_publication_is_planned() -> None:
    evs = events(
        "A court on Friday overturned a police ban on a march planned for Saturday.",
        dt.date(2025, 2, 14),
    )
    march = entry(evs, "planned for Saturday")
    assert march.value == "2025-02-15" and march.kind is Kind.PLANNED


def test_a_plea_of_not_guilty_is_no_negation() -> None:
    (e,) = events("She pleaded not guilty on Tuesday.", dt.date(2024, 11, 27))
    assert e.kind is Kind.OCCURRENCE and e.value == "2024-11-26"


def test_the_infinitive_of_a_plan_frame_is_the_clauses_own_happening() -> None:
    (e,) = events("Her trial is scheduled to open on Jan. 22.", dt.date(2024, 11, 27))
    assert e.value == "2025-01-22" and e.kind is Kind.PLANNED


def test_a_since_clause_of_a_superlative_bounds_nothing() -> None:
    evs = events(
        "The case is the most senior prosecution since Ruto took office in September 2022.",
        dt.date(2024, 11, 27),
    )
    assert entry(evs, "The case is the most senior").value == "2024-11-27"
    assert entry(evs, "since Ruto took office").value == "2022-09"


def test_a_superlative_in_an_apposition_makes_no_comparison_of_a_since_clause() -> None:
    evs = events(
        "The industry, the second largest in the world, has been under pressure since the "
        "Rana Plaza building collapsed in April 2013.", dt.date(2024, 2, 13)
    )
    industry = entry(evs, "has been under pressure")
    assert industry.certainty is Certainty.SPAN and industry.start == dt.date(2013, 4, 1)


def test_a_schedule_in_the_present_is_planned_on_the_coming_day() -> None:
    (e,) = events(
        "The men's final between Djokovic and Medvedev takes place on Sunday evening.",
        dt.date(2021, 2, 20),  # a Saturday
    )
    assert e.value == "2021-02-21TEV" and e.kind is Kind.PLANNED


def test_a_past_perfect_opening_a_paragraph_moves_its_story() -> None:
    evs = events(
        "Her semi-final win over Serena Williams on Thursday had been billed as a changing "
        "of the guard. Williams left her news conference in tears.", dt.date(2021, 2, 20)
    )
    assert entry(evs, "Williams left her news conference").value == "2021-02-18"


def test_a_coordinated_saying_of_its_own_is_an_entry_of_its_own() -> None:
    evs = events(
        "It quoted a Taliban official as saying that an offensive had begun, but one of "
        "Massoud's aides said there were no signs of it."
    )
    aides = entry(evs, "one of Massoud's aides said")
    assert aides.kind is Kind.NEGATED and "offensive" not in aides.text
    assert entry(evs, "an offensive had begun").kind is Kind.OCCURRENCE


def test_untimed_coordinated_clauses_on_either_side_of_publication_are_two() -> None:
    evs = events("The spokesman said his group would attend but accused the army of lying.")
    assert entry(evs, "would attend").certainty is Certainty.BOUNDED
    accused = entry(evs, "accused the army")
    assert "would attend" not in accused.text


def test_a_participle_after_a_copula_is_the_predicate() -> None:
    (e,) = events("The yield on the 10-year bond was little changed on Friday at 3.1%.")
    assert e.value == "2021-08-20" and e.kind is Kind.STATE


def test_a_date_after_a_topic_noun_dates_that_happening() -> None:
    evs = events(
        "Ministers agreed to set up an inquiry into the bombing of the embassy on May 2, 2019."
    )
    assert entry(evs, "the bombing of the embassy").value == "2019-05-02"
    assert entry(evs, "Ministers agreed").value == "PAST_REF"


def test_a_reduced_relative_takes_its_date() -> None:
    evs = events("Shares rose on Friday, nearing the record high set on March 9.")
    assert entry(evs, "Shares rose").value == "2021-08-20"
    assert entry(evs, "high set on March 9").value == "2021-03-09"


def test_a_participle_before_its_noun_is_no_reduced_relative() -> None:
    evs = events("The bank said it will redeem its Series B preferred shares on Sept. 30.")
    redeem = entry(evs, "will redeem")
    assert redeem.value == "2021-09-30" and redeem.kind is Kind.PLANNED
    assert not [e for e in evs if e.text.startswith("Series B")]


@pytest.mark.parametrize(
    ("body", "schedule", "clause"),
    [
        ("Directors approved a 2-for-1 stock split, payable Oct. 4 to holders.",
         "payable Oct. 4", "Directors approved"),
        ("The notes, due 2031, were priced at par on Friday.", "due 2031", "were priced"),
    ],
)  # fmt: skip
def test_a_schedule_adjective_dates_its_own_schedule(
    body: str, schedule: str, clause: str
) -> None:
    evs = events(body)
    assert entry(evs, schedule).text == schedule
    assert entry(evs, clause).time_text != schedule.split(" ", 1)[1]


def test_a_clause_after_comma_and_coordinator_may_have_a_long_subject() -> None:
    evs = events(
        "The United States declared measles eliminated in 2000, but a large outbreak in New "
        "York in 2019 nearly ended that status.", dt.date(2023, 5, 16)
    )
    assert entry(evs, "declared measles eliminated").value == "2000"
    assert entry(evs, "a large outbreak in New York").value == "2019"


def test_a_coordinator_inside_an_interrupting_relative_clause_cuts_no_clause() -> None:
    evs = events(
        "Maria Alvarez, who performed the first heart transplant and later led the largest "
        "hospital, died on Saturday.", dt.date(2024, 11, 18)
    )
    assert entry(evs, "Maria Alvarez, who performed").value == "2024-11-16"


def test_a_participle_phrase_between_commas_interrupts_its_clause() -> None:
    evs = events(
        "The messages, sent in January 2022 when he was a junior minister, were first "
        "reported by the Daily Courier on Sunday.", dt.date(2025, 6, 18)
    )
    assert entry(evs, "were first reported").value == "2025-06-15"
    assert entry(evs, "sent in January 2022").value == "2022-01"


def test_a_coordinator_before_a_phrase_between_commas_opens_a_clause() -> None:
    evs = events(
        "She returned to Spain in 1968 and, four years later, joined La Paz Hospital.",
        dt.date(2024, 11, 18),
    )
    joined = entry(evs, "joined La Paz Hospital")
    assert joined.value == "1972" and joined.text.startswith("four years later")
    assert entry(evs, "She returned to Spain").value == "1968"


def test_a_participle_phrase_after_an_adverb_is_an_aside_not_the_report() -> None:
    evs = events(
        "The cuts, first reported by Bloomberg last week, will cost $1.2 billion, the company "
        "said in a filing.", dt.date(2023, 1, 18)
    )
    cuts = entry(evs, "will cost $1.2 billion")
    assert cuts.reported is not None and cuts.reported.value == "2023-01-18"
    assert entry(evs, "first reported by Bloomberg last week").value == "2023-W02"


def test_a_plan_frame_in_a_perfect_is_a_plan_now_past() -> None:
    (e,) = events(
        "In a 2015 interview, she said she had never expected to see it become routine.",
        dt.date(2024, 11, 18),
    )
    assert e.end is not None and e.end <= dt.date(2024, 11, 18)  # not after publication


def test_a_coordinated_present_is_not_dated_by_the_past_before_it() -> None:
    evs = events("The company was founded in 1921 and employs about 60,000 people.")
    assert entry(evs, "was founded in 1921").value == "1921"
    employs = entry(evs, "employs about 60,000")
    assert employs.kind is Kind.STATE and employs.value == "2021-08-22"
    [cents] = events("Profit rose to $5 million on Friday, or 67 cents a share.")
    assert cents.value == "2021-08-20"  # "or 67 cents a share" opens no clause


def test_a_clause_with_its_own_subject_keeps_its_time_to_itself() -> None:
    evs = events(
        "The government has lost ground in recent weeks, and polls published on Friday put"
        " it eight points behind."
    )
    assert entry(evs, "polls published on Friday").value == "2021-08-20"
    assert entry(evs, "has lost ground").time_text is None
    evs = events("Police searched the house and seized a car on Friday.")
    assert entry(evs, "searched the house").value == "2021-08-20"


def test_a_coordinated_statement_in_another_aspect_takes_no_time_from_before() -> None:
    evs = events(
        "The WHO tightened its guidelines in 2019, and the European Union has pledged to cut"
        " deaths from pollution."
    )
    assert entry(evs, "tightened its guidelines").value == "2019"
    pledged = entry(evs, "the European Union has pledged")
    assert pledged.time_text is None and pledged.value != "2019"
    evs = events("Police arrested two men on Friday, and officers seized a car.")
    assert entry(evs, "officers seized a car").value == "2021-08-20"  # the story goes on


def test_to_before_a_noun_opens_no_infinitive() -> None:
    evs = events("The fire broke out on Friday. Thousands were moved to safety the same day.")
    moved = [e for e in evs if "safety" in e.text]
    assert len(moved) == 1 and moved[0].value == "2021-08-20"


def test_a_gerund_after_before_or_after_has_its_own_time() -> None:
    evs = events("Price served as a junior minister before joining the cabinet in 2019.")
    assert entry(evs, "before joining the cabinet in 2019").value == "2019"
    assert entry(evs, "served as a junior minister").time_text is None
    [joined] = events("He joined the firm in 2001 after leaving the army.")
    assert joined.value == "2001"


def test_after_and_before_a_date_bound_a_happening() -> None:
    [buy] = events("The bank has an option to buy a stake after Jan. 1, 2026.")
    assert buy.certainty is Certainty.BOUNDED
    assert (buy.start, buy.end) == (dt.date(2026, 1, 2), None)
    [left] = events("He left the company before March.")
    assert (left.start, left.end) == (None, dt.date(2021, 3, 1))
    [resigned] = events("She resigned after 2019.")
    assert (resigned.start, resigned.end) == (dt.date(2020, 1, 1), SUNDAY)
    [collapsed] = events("The talks collapsed after Friday's vote.")
    assert collapsed.certainty is Certainty.KNOWN  # the time is the vote's


def test_a_time_after_a_comma_dates_the_clause() -> None:
    [had] = events("The thrift had net income of $132,000, or three cents a share, a year ago.")
    assert had.value == "2020" and had.time_text == "a year ago"


def test_thereafter_lies_after_the_story_time() -> None:
    evs = events("The plant closed in March 2019. Thereafter, most of the workers moved away.")
    moved = entry(evs, "Thereafter")
    assert (moved.start, moved.end) == (dt.date(2019, 4, 1), SUNDAY)
    evs = events("The rate is fixed until Dec. 31, 2026. Thereafter, it will be renegotiated.")
    later = entry(evs, "Thereafter")
    assert (later.start, later.end) == (dt.date(2027, 1, 1), None)


def test_since_then_is_a_span_from_the_story_time() -> None:
    evs = events(
        "The conflict began on August 15. More than 270 people have been killed since then,"
        " the WHO said."
    )
    killed = entry(evs, "have been killed since then")
    assert killed.certainty is Certainty.SPAN
    assert (killed.start, killed.end) == (dt.date(2021, 8, 15), None)


def test_a_plan_held_now_for_this_month_lies_in_what_is_left_of_it() -> None:
    evs = events("The United Nations plans to hold talks in Geneva later this month.")
    talks = entry(evs, "to hold talks in Geneva")
    assert talks.kind is Kind.PLANNED
    assert (talks.start, talks.end) == (MONDAY, dt.date(2021, 9, 1))


def test_since_after_a_superlative_is_a_comparison_not_a_span() -> None:
    evs = events("Stocks closed lower on Friday. It was the worst day for the Nasdaq since April.")
    worst = entry(evs, "worst day")
    assert worst.certainty is Certainty.KNOWN and worst.value == "2021-08-20"
    [closed] = events("The plant has been closed since Monday.")
    assert closed.certainty is Certainty.SPAN


def test_a_subordinate_saying_dates_no_clause_before_it() -> None:
    evs = events(
        "Shares fell on Friday. Tesla rose 1% after the carmaker said over the weekend that"
        " deliveries had hit a record."
    )
    assert entry(evs, "Tesla rose 1%").value == "2021-08-20"


def test_a_reporting_verb_in_the_passive_mostly_reports_nothing() -> None:
    [admitted] = events("Hale was admitted to hospital last week after a fall, his family said.")
    assert admitted.kind is Kind.OCCURRENCE and admitted.value == "2021-W32"
    assert admitted.reported is not None and admitted.reported.text == "his family said"
    [fled] = events("The rebel leader is said to have fled to the hills.")
    assert fled.reported is not None and fled.reported.text == "The rebel leader is said"


def test_a_participle_phrase_between_commas_is_an_aside() -> None:
    evs = events(
        "The judge wrote on Friday that the law, passed by the legislature in April, placed"
        " an undue burden on voters."
    )
    assert entry(evs, "passed by the legislature in April").value == "2021-04"
    placed = entry(evs, "placed an undue burden")  # what the Friday ruling found: by Friday
    assert (placed.start, placed.end) == (None, dt.date(2021, 8, 21))


def test_a_saying_goes_on_with_a_day_not_with_a_period_a_report_named() -> None:
    evs = events(
        "The company reported a net loss for the three months to June.\n\n"
        "She said the company expected demand to recover."
    )
    assert entry(evs, "She said").value != entry(evs, "reported a net loss").value


def test_a_schedule_participle_dates_the_schedule_not_the_clause() -> None:
    evs = events("The Grand Prix at Imola, scheduled for Sunday, was cancelled, organisers said.")
    assert entry(evs, "scheduled for Sunday").value == "2021-08-22"
    assert entry(evs, "was cancelled").time_text is None


def test_a_schedule_after_a_copula_is_the_clause_own() -> None:
    [payment] = events("The first payment is due Sept. 7.")
    assert payment.text == "The first payment is due Sept. 7." and payment.value == "2021-09-07"


def test_a_past_progressive_reported_on_a_day_holds_on_that_day() -> None:
    evs = events("Police said on Friday they were questioning two men.")
    questioning = entry(evs, "were questioning")
    assert questioning.value == "2021-08-20" and questioning.certainty is Certainty.KNOWN


def test_an_infinitive_of_intent_takes_its_own_date() -> None:
    evs = events("The two sides agreed to meet again on Thursday.")
    meeting = entry(evs, "to meet again on Thursday")
    assert meeting.text == "to meet again on Thursday" and meeting.time_text == "Thursday"
    assert entry(evs, "two sides agreed").value == "PAST_REF"


def test_a_plain_past_happening_shares_the_day_its_paragraph_is_about() -> None:
    evs = events(
        "Rioters burned three cars in Portadown on Saturday. A Catholic man was hurt when a "
        "gasoline bomb landed in his yard, and police arrested six Protestants for rioting. "
        "Previously the marchers have resisted every attempt to reroute the parade."
    )
    assert entry(evs, "police arrested six").value == "2021-08-21"
    # A perfect looks further back than the paragraph's day: only bounded.
    assert entry(evs, "have resisted").value == "PAST_REF"


def test_a_range_of_two_times_is_a_span_of_both() -> None:
    evs = events(
        "The minister, who served from 2018 to 2022, was jailed. "
        "Talks were held between May and July."
    )
    served = entry(evs, "who served from 2018 to 2022")
    assert served.certainty is Certainty.SPAN
    assert (served.start, served.end) == (dt.date(2018, 1, 1), dt.date(2023, 1, 1))
    talks = entry(evs, "Talks were held")
    assert (talks.start, talks.end) == (dt.date(2021, 5, 1), dt.date(2021, 8, 1))


def test_a_past_perfect_after_a_dated_sentence_looks_further_back() -> None:
    evs = events(
        "A court on Tuesday sentenced a former minister to 12 years in prison. "
        "He had diverted $8 million meant for ventilators."
    )
    diverted = entry(evs, "He had diverted")
    assert diverted.value == "PAST_REF" and diverted.end == SUNDAY


def test_a_past_happening_shares_the_quarter_its_paragraph_is_about() -> None:
    evs = events(
        "Net income fell 12% to $41 million in the second quarter. "
        "Sales rose to $3 billion from $2.9 billion."
    )
    assert entry(evs, "Sales rose").value == "2021-Q2"


def test_a_dated_report_dates_what_it_reports_not_the_paragraph() -> None:
    evs = events(
        "Dr. Slepian was killed by a sniper last fall. "
        "Investigators said Friday they found a rifle buried near his home."
    )
    found = entry(evs, "they found a rifle")
    assert (found.start, found.end) == (None, dt.date(2021, 8, 21))  # before that Friday


def test_a_sentence_that_goes_on_from_the_publication_day_shares_its_day() -> None:
    evs = events(
        "Iraqi troops massed on the Saudi border today. They brought heavy armour. "
        "Shares fell sharply today in Tokyo. Sony closed at 5,000 yen."
    )
    assert entry(evs, "They brought").value == "2021-08-22"  # a pronoun goes on with it
    assert entry(evs, "Sony closed").value == "2021-08-22"  # a happening right after it


def test_a_time_in_the_noun_phrase_it_locates_dates_the_clause() -> None:
    (e,) = events("A nurse was critically injured in the 1998 bombing of the clinic.")
    assert e.value == "1998"


# --- reports ------------------------------------------------------------------------------


def test_a_trailing_report_is_kept_apart_and_dated_on_publication() -> None:
    (e,) = events("The driver was abducted at 10 p.m. on Wednesday, police said.")
    assert e.value.startswith("2021-08-18")
    assert e.reported is not None
    assert e.reported.text == "police said"
    # The abduction is Wednesday; the saying is the news of the publication day.
    assert (e.reported.value, e.reported.start, e.reported.end) == (
        "2021-08-22", SUNDAY, SUNDAY + dt.timedelta(days=1)
    )


def test_a_saying_the_text_puts_further_back_stays_before_publication() -> None:
    (e,) = events("The driver was abducted on Wednesday, police had said.")
    assert e.reported is not None
    assert (e.reported.value, e.reported.start, e.reported.end) == ("PAST_REF", None, SUNDAY)


def test_a_perfect_of_a_prefixed_irregular_verb_is_a_happening() -> None:
    (e,) = events("The army said on Thursday it had retaken the bridge.")
    assert e.kind is Kind.OCCURRENCE  # "had retaken": a happening, not a saying
    assert (e.start, e.end) == (None, dt.date(2021, 8, 20))  # by that Thursday


def test_an_adverb_inside_a_verb_group_keeps_the_group_whole() -> None:
    (e,) = events("The government has since promised to rebuild the dam.")
    assert e.value == "PAST_REF"  # "has since promised": a perfect, before publication


def test_a_frame_that_is_no_verb_looks_ahead() -> None:
    (e,) = events("Work on the dam is due to start in the autumn.")
    assert e.kind is Kind.PLANNED and e.value == "2021-FA"


def test_a_statement_is_dated_by_its_dated_saying_not_a_cue_in_it() -> None:
    evs = events(
        "Two days later the dam failed. Engineers had warned in 2019 that the spillway was "
        "too small, but repairs were put off, first for lack of money and then for the war."
    )
    assert entry(evs, "Engineers had warned").value == "2019"


def test_a_dated_report_carries_its_own_time() -> None:
    (e,) = events("The ministry said on Friday that the convoy was attacked.")
    assert e.reported is not None and e.reported.value == "2021-08-20"
    # What was reported happened before the saying.
    assert (e.start, e.end) == (None, dt.date(2021, 8, 21))


def test_a_quote_is_a_statement_dated_by_its_saying() -> None:
    (e,) = events("\u201cWe do not want a war to break out,\u201d he told Reuters.")
    assert e.kind is Kind.STATEMENT
    assert e.reported is not None and e.reported.text.endswith("he told Reuters")


def test_a_quote_that_foretells_is_planned_after_its_saying() -> None:
    (e,) = events("\u201cThe administration will pay a high price in Florida,\u201d Perez said.")
    assert e.kind is Kind.PLANNED and e.certainty is Certainty.BOUNDED
    assert (e.start, e.end) == (dt.date(2021, 8, 23), None)
    assert e.reported is not None and e.reported.value == "2021-08-22"
    (e,) = events("\u201cWe will not negotiate with them,\u201d he told Reuters.")
    assert e.kind is Kind.STATEMENT  # a refusal now, not a happening ahead


# --- the story's time ---------------------------------------------------------------------


def test_a_sentence_going_on_with_a_pronoun_keeps_the_story_time() -> None:
    evs = events("Castro lashed out at the relatives on Friday. He said they had lied.")
    lied = entry(evs, "He said they had lied")
    # Said on the story's Friday; what he said had happened by then.
    assert (lied.start, lied.end) == (None, dt.date(2021, 8, 21))
    assert lied.anchor is Anchor.NARRATIVE
    evs = events("Castro lashed out at the relatives on Friday. He called them liars.")
    assert entry(evs, "He called them liars").value == "2021-08-20"


def test_also_keeps_the_story_time() -> None:
    evs = events("Shares fell 50 cents on Friday. Dow Jones shares also fell 50 cents.")
    assert entry(evs, "also fell").value == "2021-08-20"


def test_an_anaphor_takes_the_time_of_what_it_names() -> None:
    evs = events(
        "The embassy was bombed on May 2, 2019.\n\nThe bombing set off weeks of protests."
    )
    protests = entry(evs, "set off weeks of protests")
    # A consequence: after the bombing, before publication.
    assert (protests.start, protests.end) == (dt.date(2019, 5, 2), SUNDAY)
    assert protests.anchor is Anchor.NARRATIVE and protests.time_text == "The bombing"


def test_the_story_time_reaches_only_the_next_sentence_without_a_link() -> None:
    evs = events("The Taliban entered Herat on Thursday.\n\nResidents fled the city.")
    assert entry(evs, "Residents fled").value == "2021-08-19"
    evs = events(
        "The Taliban entered Herat on Thursday. Herat is a city of 500,000.\n\n"
        "Residents fled the city."
    )
    assert entry(evs, "Residents fled").value == "PAST_REF"


def test_stems_link_a_verb_and_its_noun() -> None:
    assert stem("bombing") == stem("bombed") == "bomb"
    assert stem("attacks") == "attack"


def test_a_happening_right_after_a_dated_one_goes_on_with_it() -> None:
    evs = events("Du Pont's stock rose $2.50 a share yesterday. Seagram closed at $84.75.")
    closed = entry(evs, "Seagram closed")
    assert (closed.value, closed.anchor) == ("2021-08-21", Anchor.NARRATIVE)
    # A situation after it is no happening of that day.
    evs = events("Du Pont's stock rose $2.50 a share yesterday. Seagram was a distiller.")
    assert entry(evs, "Seagram was").value == "PAST_REF"


def test_since_and_until_make_spans() -> None:
    (closed,) = events("The border has been closed since Monday.")
    assert (closed.start, closed.end, closed.certainty) == (
        dt.date(2021, 8, 16), None, Certainty.SPAN,
    )  # fmt: skip
    (run,) = events("The exhibition will run until March.")
    assert (run.start, run.end, run.certainty) == (None, dt.date(2022, 4, 1), Certainty.SPAN)


# --- conditions, denials, past acts with an infinitive ------------------------------------


def test_an_opening_condition_is_not_the_happening_of_its_sentence() -> None:
    (e,) = events("If a suspect is caught and charged in both courts, a state trial would "
                  "likely precede a federal one.")  # fmt: skip
    assert (e.kind, e.start, e.end) == (Kind.PLANNED, MONDAY, None)
    (e,) = events("If Kopp were also indicted and convicted on murder charges, he could face "
                  "the death penalty.")  # fmt: skip
    assert (e.kind, e.start, e.end) == (Kind.PLANNED, MONDAY, None)


def test_a_subject_that_denies_the_happening_makes_it_negated() -> None:
    for sentence in ("Nobody was hurt.", "None of the passengers was injured.",
                     "No charges were filed."):  # fmt: skip
        (e,) = events(sentence)
        assert e.kind is Kind.NEGATED, sentence
    (e,) = events("Neither he nor his grandparents could be located in their hometown.")
    assert (e.kind, e.start, e.end) == (Kind.NEGATED, SUNDAY, MONDAY)
    (e,) = events("No. 2 official Ahmad Shah resigned on Friday.")
    assert e.kind is Kind.OCCURRENCE


def test_a_past_time_after_a_past_act_and_its_infinitive_dates_the_act() -> None:
    (e,) = events("The governments invited Sinn Fein to rejoin the talks two weeks ago.")
    assert e.value == "2021-W31" and "invited" in e.text
    evs = events("He asked the council to resign last week.")
    assert entry(evs, "asked").value == "2021-W32" and len(evs) == 1


def test_be_before_to_and_a_noun_phrase_is_no_plan() -> None:
    (e,) = events("Investigators did not say how close the weapon was to the house.")
    assert e.kind is not Kind.PLANNED
    (e,) = events("The plant is to close next year.")
    assert e.kind is Kind.PLANNED


def test_a_clause_compared_with_its_figure_of_a_year_before_is_of_the_year_after() -> None:
    published = dt.date(1989, 10, 26)
    evs = events(
        "Amdahl Corp. reported a sharp decline in net income for its third quarter.\n\n"
        "Net income fell 37% to $32.9 million from $52.2 million in the year-ago period.",
        published,
    )
    fell = entry(evs, "Net income fell")
    assert (fell.value, fell.anchor) == ("1989-Q3", Anchor.NARRATIVE)
    assert entry(evs, "$52.2 million").value == "1988-Q3"


def test_an_undated_price_move_shares_the_trading_day_of_the_report() -> None:
    published = dt.date(1989, 10, 30)
    evs = events(
        "The Nasdaq Composite Index tumbled 5.39, or 1.2% to 452.76 on Friday.\n\n"
        "LIN Broadcasting surged 4 5/8 to 112 5/8 after the merger was sweetened.\n\n"
        "Kirschner Medical fell 4 to 15. Net income fell 37% to $32.9 million.",
        published,
    )
    for phrase in ("LIN Broadcasting surged", "Kirschner Medical fell"):
        moved = entry(evs, phrase)
        assert (moved.value, moved.anchor) == ("1989-10-27", Anchor.NARRATIVE), phrase
    # A company's results are of the period it reports, not of a trading day.
    assert entry(evs, "Net income fell").value != "1989-10-27"


def test_an_ed_adjective_after_a_determiner_and_an_adverb_is_no_predicate() -> None:
    assert [g.head for g in groups("a still unspecified date was set")] == ["set"]
    assert [g.head for g in groups("the recently passed law was signed")] == ["signed"]
    assert [g.head for g in groups("the family refused")] == ["refused"]


def test_a_quote_that_tells_a_past_happening_is_an_occurrence_before_its_saying() -> None:
    evs = events("\u201cIt helped us to win,\u201d the minister said.")
    (e,) = evs
    assert (e.kind, e.end, e.certainty) == (Kind.OCCURRENCE, SUNDAY, Certainty.BOUNDED)
    # A claim stays a statement dated by its saying; a foretelling quote is a plan.
    (e,) = events("\u201cThe Panjshir will never fall,\u201d he said.")
    assert e.kind is Kind.STATEMENT
    (e,) = events("``We would like to see him come forward,'' she said.")
    assert e.kind is Kind.PLANNED


def test_an_un_adjective_after_a_noun_is_no_reduced_relative() -> None:
    (e,) = events("The central bank kept interest rates unchanged on Thursday.")
    assert e.value == "2021-08-19" and e.text.startswith("The central bank kept")


def test_through_a_day_is_up_to_it_through_a_period_is_within_it() -> None:
    (e,) = events("The measure funds the government through Nov. 17.")
    assert (e.start, e.end, e.certainty) == (None, dt.date(2021, 11, 18), Certainty.SPAN)
    (e,) = events("Costs will be a drag on earnings through 2022.")
    assert (e.start, e.end) == (dt.date(2022, 1, 1), dt.date(2023, 1, 1))


def test_the_gerund_of_a_cause_after_a_dated_clause_takes_its_own_time() -> None:
    evs = events("A former mayor was sentenced on Wednesday to 12 years in prison for taking "
                 "bribes between 2015 and 2019.")  # fmt: skip
    assert entry(evs, "was sentenced").value == "2021-08-18"
    bribes = entry(evs, "for taking bribes")
    assert (bribes.start, bribes.end) == (dt.date(2015, 1, 1), dt.date(2020, 1, 1))



def test_a_when_clause_right_after_a_time_is_an_entry_of_that_time() -> None:
    evs = events("It was the worst fire in the region since July 2018, when 104 people died "
                 "in the town of Mati.")  # fmt: skip
    died = entry(evs, "when 104 people died")
    assert (died.start, died.end) == (dt.date(2018, 7, 1), dt.date(2018, 8, 1))
    assert entry(evs, "the worst fire").value != "2018-07"
    # The clause's own time: one entry.
    (e,) = events("The attack came on Friday, when gunmen opened fire on a bus.")
    assert e.value == "2021-08-20"


def test_a_happening_a_stated_lag_before_or_after_a_dated_one_is_dated_by_it() -> None:
    evs = events("A wildfire raced through forests north of Athens on Thursday, a day after "
                 "it broke out near Varnavas.")  # fmt: skip
    broke = entry(evs, "it broke out")
    assert broke.text.startswith("a day after") and broke.value == "2021-08-18"
    assert entry(evs, "raced").value == "2021-08-19"
    evs = events("The rebels seized the town on Friday, two days before the talks opened.")
    assert entry(evs, "the talks opened").value == "2021-08-22"


def test_a_time_before_a_subject_noun_dates_the_noun_not_a_present_predicate() -> None:
    evs = events("That 1978 resolution calls for an Israeli withdrawal from the zone.")
    assert entry(evs, "calls for").value == "2021-08-22"
    assert entry(evs, "That 1978 resolution").value == "1978"
    # A past predicate is the happening the noun names: one time.
    (e,) = events("The 2019 bombing killed three people.")
    assert e.value == "2019"


def test_an_undated_move_of_results_shares_the_period_of_the_report() -> None:
    published = dt.date(2024, 8, 1)
    evs = events(
        "Toyota said on Wednesday its operating profit fell 20% in the April-June quarter.\n\n"
        "Revenue rose 4% to 11.8 trillion yen.",
        published,
    )
    assert entry(evs, "Revenue rose").value == "2024-Q2"


def test_a_lag_of_years_dates_the_happening_as_precisely_as_the_lag() -> None:
    evs = events("Alcaraz beat Djokovic on Sunday to retain the title, a year after he won "
                 "their five-set final.")  # fmt: skip
    final = entry(evs, "he won their five-set final")
    assert final.value == "2020" and final.anchor is Anchor.NARRATIVE


# --- comparisons and nouns a time modifies --------------------------------------------------


def test_since_in_a_comparison_opens_no_span() -> None:
    evs = events("On Friday, markets across Asia resumed their slide, and Japan's Nikkei index "
                 "fell to lows not seen since October 1982.")  # fmt: skip
    assert entry(evs, "Nikkei index fell").value == "2021-08-20"
    [fell] = events("The Hang Seng index fell 5.5 percent, its biggest fall since the "
                    "September 11, 2001, terrorist attacks.")  # fmt: skip
    assert fell.value == "PAST_REF"  # not the attacks' day, not a span from it
    [missing] = events("He has not been seen since Friday.")  # a span: nobody saw him
    assert (missing.start, missing.end) == (dt.date(2021, 8, 20), None)


def test_a_possessive_time_dates_its_noun() -> None:
    evs = events("The three major indices each fell two percent from Friday's closing price.")
    assert entry(evs, "Friday's closing price").value == "2021-08-20"
    assert entry(evs, "indices each fell").value == "PAST_REF"
    evs = events("Investigators said last month's discovery of a rifle buried near the "
                 "home represented a major breakthrough.")  # fmt: skip
    assert entry(evs, "last month's discovery").value == "2021-07"
    # after a copula the noun is the clause's own: "were among Friday's offerings"
    [among] = events("The following were among Friday's offerings in the capital markets.")
    assert among.value == "2021-08-20"


def test_a_present_has_does_not_happen_with_its_dated_noun() -> None:
    evs = events("The automaker, in financial straits, has a June 1 deadline to finish a "
                 "government restructuring plan.")  # fmt: skip
    assert entry(evs, "a June 1 deadline").value == "2021-06-01"
    assert entry(evs, "The automaker").value == SUNDAY.isoformat()  # holds it now


def test_a_relative_clause_after_a_short_phrase_belongs_to_the_dated_noun() -> None:
    evs = events("This new settlement replaces the 1991 agreement between the two companies, "
                 "which defined the context in which they could use the name.")  # fmt: skip
    assert "which defined the context" in entry(evs, "the 1991 agreement").text
    assert entry(evs, "This new settlement").value == SUNDAY.isoformat()


def test_a_negated_would_denies_a_happening_ahead_unless_it_refuses_to_say() -> None:
    [give] = events("The administration said it would not give more aid to the firm unless "
                    "its bondholders agree.")  # fmt: skip
    assert (give.start, give.end) == (MONDAY, None)  # a plan denied: after publication
    [comment] = events("The company would not comment on the talks.")
    assert comment.value == SUNDAY.isoformat()  # a refusal now


def test_a_contracted_negation_negates_and_only_could_or_would_refuse() -> None:
    [specify] = events("He wouldn't specify what the price was.")
    assert specify.kind is Kind.NEGATED and specify.value == SUNDAY.isoformat()  # refused now
    [reached] = events("Mr. Roy couldn't be reached.")
    assert reached.kind is Kind.NEGATED and reached.value == SUNDAY.isoformat()
    [allowed] = events("They must not be allowed to succeed.")  # an obligation ahead
    assert (allowed.start, allowed.end) == (MONDAY, None)
    [come] = events("Record figures couldn't have come at a worse time for the chancellor.")
    assert come.end == SUNDAY and come.start is None  # a modal perfect looks back


def test_a_time_in_a_phrase_hung_on_a_happening_or_role_dates_that_happening() -> None:
    evs = events("The warrant charged Kopp with attempted murder in the 1995 shooting of "
                 "Dr. Hugh Short.")  # fmt: skip
    assert entry(evs, "the 1995 shooting").value == "1995"
    assert entry(evs, "The warrant charged").end == SUNDAY  # not 1995: before publication
    # ... but a time that locates the clause's own happening dates it
    [injured] = events("Twelve people were injured in the 1998 bombing of the embassy.")
    assert injured.value == "1998"
    # ... unless the clause has a time of its own
    evs = events("Kopp was indicted last year in the October 2018 shooting of a doctor.")
    assert entry(evs, "Kopp was indicted").value == "2020"
    assert entry(evs, "the October 2018 shooting").value == "2018-10"
    [took] = events("She took part in the 1996 games in Atlanta.")  # a light verb's noun
    assert took.value == "1996"


def test_a_time_in_a_relative_after_the_predicate_dates_the_relative() -> None:
    evs = events("Thousands of people paid tribute on Saturday to the men who launched the "
                 "revolution in 1959.")  # fmt: skip
    assert entry(evs, "the men who launched").value == "1959"
    assert entry(evs, "paid tribute").value == "2021-08-21"
    # without another time for the clause, the relative's time is the clause's
    [one] = events("Police arrested a man who robbed a bank on Friday.")
    assert one.value == "2021-08-20"


def test_an_untimed_past_clause_with_its_own_subject_is_apart_from_the_present() -> None:
    evs = events("Many more shipments are expected, but the first batch contained cotton "
                 "swabs taken at the blast site.")  # fmt: skip
    batch = entry(evs, "the first batch contained")
    assert "shipments" not in batch.text and (batch.start, batch.end) == (None, SUNDAY)
    # a verb that goes on with the subject before it stays in its clause
    [plane] = events("The plane can fly from New York to Singapore, and has been named "
                     "the Worldliner.")  # fmt: skip
    assert "Worldliner" in plane.text


def test_an_untimed_relative_aside_on_another_side_of_publication_is_its_own_entry() -> None:
    evs = events("James E. Bacon, 58, executive vice president, who has directed the "
                 "funds-service group, will retire.")  # fmt: skip
    directed = entry(evs, "who has directed")
    assert "retire" not in directed.text and (directed.start, directed.end) == (None, SUNDAY)
    assert entry(evs, "will retire").start == MONDAY
    deal = entry(events("The deal, which will involve a $20 million investment, was struck "
                        "with a handshake."), "which will involve")  # fmt: skip
    assert deal.kind is Kind.PLANNED and (deal.start, deal.end) == (MONDAY, None)
    # one of the same side stays in its clause, and so does a standing fact in the present
    [one] = events("Mr. Roy, who founded the firm, resigned.")
    assert "founded" in one.text
    [plant] = events("The plant, which makes batteries, will be closed.")
    assert "makes" in plant.text


def test_has_had_is_a_perfect() -> None:
    [fund] = events("The fund has had a net outflow of about $150 million.")
    assert (fund.start, fund.end) == (None, SUNDAY)


def test_yet_after_a_negated_auxiliary_opens_no_clause() -> None:
    [weapons] = events("Iraq still has the potential to cause significant problems by using "
                       "weapons that don't yet seem fully engaged.")  # fmt: skip
    assert weapons.text.endswith("fully engaged.")


def test_a_negated_perfect_with_still_or_yet_holds_now() -> None:
    [banks] = events("Commitments from banks still haven't been obtained.")
    assert banks.kind is Kind.NEGATED and banks.value == SUNDAY.isoformat()
    [plain] = events("Commitments from banks haven't been obtained.")  # not said to hold now
    assert (plain.start, plain.end) == (None, SUNDAY)


def test_untimed_coordinated_clauses_now_and_ahead_are_two_entries() -> None:
    evs = events("The coupon rate hasn't yet been fixed, but will probably be set at "
                 "around 8%.")  # fmt: skip
    assert entry(evs, "hasn't yet been fixed").value == SUNDAY.isoformat()
    set_ = entry(evs, "will probably be set")
    assert "fixed" not in set_.text and (set_.start, set_.end) == (MONDAY, None)


def test_a_dated_where_clause_of_a_place_dates_only_itself() -> None:
    evs = events("The demonstrators waved Cuban flags on the shore of Niquero, where the "
                 "Granma landed on Dec. 2, 1956.")  # fmt: skip
    assert entry(evs, "where the Granma landed").value == "1956-12-02"
    assert (entry(evs, "waved Cuban flags").start, entry(evs, "waved").end) == (None, SUNDAY)
    evs = events("The hair was found near where a sniper shot a doctor in 1998.")
    assert entry(evs, "where a sniper shot").value == "1998"
    assert entry(evs, "The hair was found").end == SUNDAY


def test_a_narrative_cue_with_no_story_leaves_the_entry_to_the_day_told_before() -> None:
    evs = events("The alliance embraced three of its former rivals on Friday.\n\n"
                 "In a ceremony at the library, Albright watched the ministers sign the "
                 "documents, signed them herself and then held them aloft.")  # fmt: skip
    assert entry(evs, "Albright watched").value == "2021-08-20"


def test_a_hedging_modal_judges_now() -> None:
    [steel] = events("Bethlehem would seem to be the most vulnerable to a slowdown.")
    assert steel.kind is Kind.STATE and steel.value == SUNDAY.isoformat()


@pytest.mark.parametrize(
    ("sentence", "head"),
    [
        ("Columbia also has unrealized gains in its portfolio.", "has"),  # an adjective
        ("Police unveiled the plan on Friday.", "unveiled"),  # a verb that begins so
    ],
)
def test_an_un_ed_word_is_an_adjective_unless_a_known_verb(sentence: str, head: str) -> None:
    assert next(g for g in groups(sentence) if g.finite).head == head


def test_a_reduced_relative_after_a_dated_noun_tells_its_happening() -> None:
    evs = events("These sites could only be visited by a special team as laid down by the "
                 "Feb. 23 accord signed by Kofi Annan.")  # fmt: skip
    accord = entry(evs, "the Feb. 23 accord")
    assert "signed by Kofi Annan" in accord.text and accord.value == "2021-02-23"
    assert accord.kind is Kind.OCCURRENCE  # a happening, not a state
    bombing = entry(events("Ministers agreed to set up an inquiry into the bombing of the "
                           "embassy on May 2, 2019."), "the bombing")  # fmt: skip
    assert bombing.kind is Kind.OCCURRENCE


def test_a_change_from_a_dated_figure_to_another_ends_at_the_later_time() -> None:
    evs = events("The number of visitors to Tanzania jumped from fewer than 100,000 in 2010 "
                 "to more than 300,000 last year.")  # fmt: skip
    assert entry(evs, "visitors to Tanzania jumped").value == "2020"
    assert entry(evs, "fewer than 100,000 in 2010").value == "2010"  # the figure's own
    evs = events("Revenue rose from $93.3 million in 2018 to $120 million this year.")
    rose = entry(evs, "Revenue rose")
    assert (rose.start, rose.end) == (dt.date(2021, 1, 1), SUNDAY)  # this year, so far


def test_an_s_verb_after_a_determiner_and_noun_is_found_so_its_report_is_apart() -> None:
    [boost] = events("The company foresees the need for a major boost through the 2020s, "
                     "Mr. Lego said.")  # fmt: skip
    assert boost.reported is not None and boost.reported.text == "Mr. Lego said"
    assert boost.reported.value == SUNDAY.isoformat()  # the saying, not the 2020s


def test_a_lag_from_a_dated_happening_counts_from_its_time() -> None:
    evs = events("The embassy was bombed on May 2, 2019.\n\n"
                 "Two days after the bombing, police arrested a man.\n\n"
                 "A witness saw a van at 6 a.m. near the embassy 10 days before the blast.")
    assert entry(evs, "police arrested a man").value == "2019-05-04"
    # another word for the same happening, and a clock time with no day of its own
    assert entry(evs, "A witness saw a van").value == "2019-04-22"
    # a happening the article never dated counts nothing
    [one] = events("Two days after the bombing, police arrested a man.")
    assert one.value == "PAST_REF"


def test_a_belief_frames_the_clause_it_holds_true_like_a_saying() -> None:
    [driven] = events("They believe Kopp was driven to Mexico by a female friend after the "
                      "shooting.")  # fmt: skip
    assert driven.reported is not None and driven.reported.text == "They believe"
    assert (driven.start, driven.end) == (None, SUNDAY)  # the driving: before publication
    [rise] = events("Wall Street analysts expect the disappointing trend to continue, "
                    "he thinks several steelmakers will report losses next year.")  # fmt: skip
    assert rise.start is not None and rise.start > SUNDAY
    # an expectation of a thing, no clause, is the entry's own happening
    [margins] = events("Westinghouse expects operating margins of more than 10% next year, "
                       "top officers told analysts.")  # fmt: skip
    assert margins.reported is not None and margins.reported.text == "top officers told analysts"


def test_according_to_frames_a_report_told_now() -> None:
    [shares] = events("According to the filing, Hewlett-Packard acquired 730,070 shares "
                      "from Octel on Aug. 10, 2020.")  # fmt: skip
    assert shares.value == "2020-08-10"
    assert shares.reported is not None and shares.reported.text == "According to the filing"
    assert shares.reported.value == SUNDAY.isoformat()
    [plan] = events("According to Upjohn's estimates, only half of the eligible employees "
                    "will take advantage of the plan.")  # fmt: skip
    assert plan.kind is Kind.PLANNED and plan.start == MONDAY  # "estimates" is the source's
    [trip] = events("The woman allegedly traveled with Kopp, according to an investigator "
                    "quoted by the newspaper.")  # fmt: skip
    assert trip.reported is not None and trip.reported.text.startswith("according to")


def test_a_coordinated_clause_whose_subject_has_an_apposition_is_cut() -> None:
    evs = events("There was no official confirmation of the decision, but Denise O'Donnell, "
                 "the U.S. attorney in Buffalo, has scheduled a news conference Thursday.")
    assert entry(evs, "There was no official confirmation").end == SUNDAY  # not Thursday
    assert entry(evs, "has scheduled a news conference").value == "2021-08-26"


def test_a_company_name_may_stand_between_a_time_and_its_figure_noun() -> None:
    evs = events("Analysts were predicting 2022 BellSouth earnings of $3.90 a share.")
    assert entry(evs, "2022 BellSouth earnings").value == "2022"
    assert entry(evs, "Analysts were predicting").end == SUNDAY  # not 2022


def test_the_period_a_result_is_for_dates_the_result_not_the_clause() -> None:
    evs = events("Unisys Corp.'s announcement Friday of a $648.2 million loss for the third "
                 "quarter showed that the company is moving faster than expected.")  # fmt: skip
    assert entry(evs, "a $648.2 million loss for the third quarter").value == "2021-Q3"
    assert entry(evs, "announcement Friday").value == "2021-08-20"


def test_an_opening_concession_is_not_the_happening() -> None:
    [plane] = events("Although it can fly from London to Sydney non-stop, the plane will have "
                     "to break its return journey to refuel.")  # fmt: skip
    assert plane.kind is Kind.PLANNED and (plane.start, plane.end) == (MONDAY, None)


def test_a_saying_right_before_a_quote_frames_it() -> None:
    [quote] = events("The minister said: \u201cThe downturn in the economy will continue for "
                     "the time being as global growth slows.\u201d")  # fmt: skip
    assert quote.kind is Kind.PLANNED and (quote.start, quote.end) == (MONDAY, None)
    assert quote.reported is not None and "minister said" in quote.reported.text


def test_a_time_a_change_is_measured_from_dates_nothing_of_the_clause() -> None:
    evs = events("The statistics are an improvement from 2008, when the company posted a loss.")
    assert entry(evs, "The statistics are").value == SUNDAY.isoformat()
    evs = events("Sales rose 43% in February compared to the same period last year.")
    assert entry(evs, "Sales rose").value == "2021-02"
    [back] = events("He returned from Kabul on Friday.")  # "from" a place: no comparison
    assert back.value == "2021-08-20"


def test_comes_is_the_present_predicate_not_a_relative_participle() -> None:
    evs = events("The measure comes on top of existing turnaround plans announced in January.")
    assert entry(evs, "The measure comes").value == SUNDAY.isoformat()
    assert entry(evs, "plans announced in January").value == "2021-01"


def test_a_time_in_the_subjects_infinitive_dates_the_infinitive() -> None:
    evs = events("His promise to halve unemployment by the year 2000 has been abandoned.")
    assert entry(evs, "His promise to halve").value == "2000"
    assert entry(evs, "has been abandoned").value == "PAST_REF"


def test_a_time_after_until_is_no_clause_and_a_gerund_subject_keeps_it() -> None:
    evs = events("A former official argued last week that waiting until September risked a "
                 "sharper slowdown.")  # fmt: skip
    argued = entry(evs, "argued last week")
    assert argued.reported is not None and argued.reported.value == "2021-W32"
    assert entry(evs, "waiting until September").end == dt.date(2021, 10, 1)
    assert argued.end is not None and argued.end <= SUNDAY  # what was argued held then


def test_a_modal_complement_of_a_past_verb_keeps_its_own_time_ahead() -> None:
    evs = events("The central bank held interest rates steady on Friday but signaled it could "
                 "cut them as soon as September.")  # fmt: skip
    assert entry(evs, "signaled").value == "2021-08-20"
    assert entry(evs, "it could cut them").value == "2021-09"


def test_a_plan_the_past_perfect_overtook_keeps_its_whole_time() -> None:
    evs = events("Some economists had expected the central bank to move this week.")
    move = entry(evs, "to move this week")
    assert move.kind is Kind.PLANNED and move.value == "2021-W33"


def test_a_passive_infinitive_is_one_group() -> None:
    assert [g.head for g in groups("The company, to be called Courtaulds Textiles, could be "
                                   "effective next year.")] == ["called", "be"]  # fmt: skip


def test_a_reporting_verb_before_the_object_of_an_act_is_the_act_not_a_saying() -> None:
    # wsj_1040 and wsj_0160 (TimeBank): a company declaring a dividend or reporting a loss
    # did something, which a timeline lists among what happened; what follows "said" or
    # "announced the" is what was said.
    evs = events(
        "ONEIDA Ltd. declared a 10% stock dividend, payable Dec. 15 to stock of record "
        "Nov. 17. Savin Corp. reported a third-quarter net loss of $35.2 million. The "
        "company announced the plant will close."
    )
    for phrase in ("declared a 10%", "reported a third-quarter"):
        e = entry(evs, phrase)
        assert e.kind is Kind.OCCURRENCE and e.reported is None, phrase
        assert (e.certainty, e.end) == (Certainty.BOUNDED, SUNDAY), phrase
    assert entry(evs, "plant will close").reported is not None
    (g,) = groups("Savin Corp. reported a loss")
    assert g.act and not g.reporting


def test_a_story_is_told_from_the_day_its_dateline_gives() -> None:
    # XIE19990313.0031 (AQUAINT): filed on March 12, in the archive of March 13. The
    # sayings at the ceremony are the 12th's, an undated past is before the 12th.
    text = (
        "NATO admits three\n\nWASHINGTON, March 12 (Xinhua) --\n\n"
        "Poland, Hungary and the Czech Republic Friday formally joined NATO at a ceremony "
        "held in the city of Independence, Missouri.\n\n"
        'And Geremek said it was "a great day for Poland and for the world."\n\n'
        "Most other opponents condemned the expansion."
    )
    published = dt.date(1999, 3, 13)
    evs = extract(text, published=published, today=published).events
    filed = dt.date(1999, 3, 12)
    assert entry(evs, "formally joined").start == filed
    said = entry(evs, "Geremek said")
    assert said.start == filed and said.reported is not None and said.reported.start == filed
    assert entry(evs, "condemned").end == filed


def test_a_relative_in_the_subjects_apposition_is_not_the_predicate() -> None:
    # NYT19990505.0443 (AQUAINT): the shooting is the predicate, so "10 days before the
    # murder" counts from it.
    published = dt.date(1999, 5, 5)
    evs = events(
        "Slepian, a 52-year-old obstetrician and gynecologist who was the mainstay of "
        "Buffalo's only abortion clinic, was shot to death on the night of Oct. 23 as he "
        "stood in the kitchen of his home.\n\n"
        "A jogger observed Kopp's car at 6 a.m. near Slepian's home 10 days before the "
        "murder.",
        published,
    )
    shot = entry(evs, "was shot to death")
    assert shot.kind is Kind.OCCURRENCE and shot.start == dt.date(1998, 10, 23)
    assert entry(evs, "A jogger observed").start == dt.date(1998, 10, 13)


def test_a_past_month_after_a_past_acts_infinitive_dates_the_act() -> None:
    # XIE19990210.0079 (AQUAINT): the inviting was at the Madrid summit of July 1997; a
    # named day stays the infinitive's (test_an_infinitive_of_intent_takes_its_own_date).
    evs = events(
        "The western military alliance invited the three central and eastern European "
        "countries to join the 16-nation bloc in July 1997 at the Madrid summit.",
        dt.date(1999, 2, 10),
    )
    invited = entry(evs, "alliance invited")
    assert invited.value == "1997-07" and invited.time_text == "July 1997"


def test_a_present_entry_a_cue_links_to_a_past_story_holds_now() -> None:
    # WSJ910225-0066 (TimeBank): the hoping is now; a span cue still runs from the story.
    evs = events(
        "The allies began the ground offensive on Saturday. Meanwhile, the U.S. hopes "
        "economic sanctions will remain in effect. Since then, the front is quiet."
    )
    hoped = entry(evs, "the U.S. hopes")
    assert (hoped.start, hoped.end, hoped.kind) == (MONDAY, None, Kind.PLANNED)
    assert hoped.reported is not None and hoped.reported.start == SUNDAY
    quiet = entry(evs, "the front is quiet")
    assert quiet.start == dt.date(2021, 8, 21) and quiet.certainty is Certainty.SPAN


def test_a_plan_frame_held_now_is_the_entrys_report() -> None:
    # The expecting is today's; the rise is ahead.
    e = entry(events("Dozens were still missing, and the death toll is expected to rise."), "toll")
    assert e.kind is Kind.PLANNED and e.value == "FUTURE_REF"
    assert e.reported is not None and e.reported.text == "is expected"
    assert e.reported.value == "2021-08-22"
    (due,) = events("Work on the dam is due to start in the autumn.")
    assert due.value == "2021-FA" and due.reported is not None and due.reported.text == "is due"
    (hedge,) = events("Prices would be expected to rise.")
    assert hedge.reported is None  # a hedge is no frame held at a time


def test_a_past_plan_frame_lies_before_publication_or_on_the_entrys_day() -> None:
    (e,) = events("She was scheduled to lay flowers at the bombed embassy.")
    assert e.reported is not None and e.reported.text == "was scheduled"
    assert e.reported.value == "PAST_REF" and e.reported.end == SUNDAY
    (dated,) = events("Last April, a group of backers planned to acquire a stake in the firm.")
    assert dated.value == "2021-04"
    assert dated.reported is not None and dated.reported.value == "2021-04"


def test_a_time_in_the_relative_of_a_party_does_not_date_a_state_after_it() -> None:
    evs = events(
        "A nurse who was critically injured in the 1998 abortion clinic bombing in "
        "Birmingham, Ala., was among those who attended the ceremony.",
        dt.date(1999, 10, 24),
    )
    injured = entry(evs, "who was critically injured")
    assert injured.value == "1998" and injured.text.endswith("Birmingham, Ala.")
    among = entry(evs, "was among those")
    assert among.value == "PAST_REF"  # not 1998: being among them is no part of the bombing


def test_a_dated_past_relative_of_a_clause_in_the_present_is_an_entry_of_its_own() -> None:
    evs = events(
        "Kopp is a suspect in sniper shootings that injured abortion doctors in November "
        "in Vancouver.",
        dt.date(1999, 5, 6),
    )
    suspect = entry(evs, "Kopp is a suspect")
    assert suspect.value == "1999-05-06"  # being a suspect is now, not November
    shootings = entry(evs, "sniper shootings that injured")
    assert shootings.value == "1998-11" and shootings.text.startswith("sniper shootings")
    plant = entry(events("The company owns a plant that opened in 1995."), "that opened")
    assert plant.value == "1995"


def test_a_clause_that_opens_with_its_pronoun_is_the_relative_itself() -> None:
    evs = events(
        "White heads a team that is investigating and prosecuting the bombings which killed "
        "224 people, including 12 Americans, on Aug. 7, 1998.",
        dt.date(1999, 10, 8),
    )
    assert entry(evs, "is investigating").value == "1999-10-08"
    assert entry(evs, "the bombings which killed").value == "1998-08-07"
