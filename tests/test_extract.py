"""Event extraction: clauses, appositions, governing times, fallbacks, provenance."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import pytest

from timeline.article import parse_article
from timeline.extract import Extraction, Tagger, extract
from timeline.models import Anchor, Certainty, Event, Kind

SUNDAY = dt.date(2021, 8, 22)  # the seed article's publication day
TODAY = dt.date(2026, 1, 15)


def run(
    body: str,
    published: dt.date | None = SUNDAY,
    source: str | None = None,
    url: str | None = None,
) -> Extraction:
    return extract(
        f"A title | Section | Source\n\n{body}",
        published=published,
        source=source,
        url=url,
        today=TODAY,
    )


def events(body: str, published: dt.date = SUNDAY) -> list[Event]:
    return run(body, published).events


def event_with(evs: list[Event], phrase: str) -> Event:
    found = [e for e in evs if phrase in e.text]
    assert found, f"no event contains {phrase!r}: {[e.text for e in evs]}"
    # The innermost (shortest) event that holds the phrase is the one that dates it.
    return min(found, key=lambda e: len(e.text))


def values(evs: list[Event]) -> list[str]:
    return [e.value for e in evs]


# --- clause splitting ----------------------------------------------------------------------


def test_one_sentence_with_three_times_gives_three_events() -> None:
    evs = events(
        "Anti-Taliban fighters seized the Pul-e-Hisar, Deh Salah, and Banu districts in "
        "Baghlan province on Friday, but the Taliban recaptured Banu on Saturday, and "
        "fighting is underway to retake two more districts, according to Afghan television "
        "channel Tolo News on Sunday."
    )
    assert values(evs) == ["2021-08-20", "2021-08-21", "2021-08-22"]
    assert [e.clause for e in evs] == [0, 1, 2]
    # List commas do not split: the whole list stays in the first clause.
    assert "Pul-e-Hisar, Deh Salah, and Banu districts" in evs[0].text
    # The coordinator that opened the clause is not part of the entry's text.
    assert evs[1].text == "the Taliban recaptured Banu on Saturday"
    assert evs[2].text.startswith("fighting is underway")


def test_a_dated_report_and_what_it_reports_are_one_entry() -> None:
    (e,) = events("The ministry said on Monday that the attack happened on Saturday.")
    assert e.value == "2021-08-21"  # the happening
    assert e.reported is not None
    assert (e.reported.text, e.reported.value) == ("The ministry said on Monday", "2021-08-16")


def test_contrast_with_while_splits() -> None:
    evs = events("Prices rose 3 percent in 2020 while wages fell in 2019.")
    assert event_with(evs, "Prices rose").value == "2020"
    assert event_with(evs, "wages fell").value == "2019"


def test_semicolon_splits() -> None:
    evs = events("The army left Kunduz in July; the Taliban took the city on Sunday.")
    assert event_with(evs, "army left").value == "2021-07"
    assert event_with(evs, "took the city").value == "2021-08-22"


def test_verb_after_and_without_comma_starts_a_clause() -> None:
    evs = events("The leaders met in 2019 and agreed to a ceasefire in February 2020.")
    assert event_with(evs, "leaders met").value == "2019"
    assert event_with(evs, "agreed to a ceasefire").value == "2020-02"


def test_noun_list_with_times_does_not_split() -> None:
    evs = events("Talks were held in Doha on Monday, in Kabul on Tuesday, and in Oslo on Friday.")
    assert len(evs) == 1


def test_clause_without_time_merges_with_its_neighbour() -> None:
    evs = events("Fighters seized the town on Friday, and they burned the market.")
    assert len(evs) == 1
    assert evs[0].value == "2021-08-20"
    assert evs[0].text.endswith("burned the market.")


def test_fronted_subordinate_clause_governs_the_main_clause() -> None:
    evs = events("When the Taliban arrived on Friday, residents fled to the airport.")
    assert len(evs) == 1
    assert evs[0].value == "2021-08-20"
    assert evs[0].time_text == "Friday"


def test_timeless_first_clause_takes_the_following_time() -> None:
    evs = events("Officials said that the convoy was attacked on Thursday.")
    assert values(evs) == ["2021-08-19"]


def test_present_tense_after_past_time_is_its_own_publication_event() -> None:
    evs = events("Fighters seized the town on Friday, and the situation is calm.")
    assert values(evs) == ["2021-08-20", "2021-08-22"]
    calm = event_with(evs, "situation is calm")
    assert calm.anchor is Anchor.PUBLICATION
    assert calm.time_text is None


def test_quoted_clauses_do_not_split() -> None:
    evs = events("“We left on Monday, and we came back on Friday,” he said on Sunday.")
    assert len(evs) == 1


# --- appositions and relative clauses ------------------------------------------------------


def test_time_in_apposition_dates_the_apposition_not_the_main_clause() -> None:
    evs = events(
        "Massoud, the son of Ahmad Shah Massoud, one of the main leaders of Afghanistan\u2019s "
        "anti-Soviet resistance in the 1980s, said his supporters were ready to fight if the "
        "Taliban tried to invade the Panjshir Valley."
    )
    main = event_with(evs, "said his supporters were ready to fight")
    # An undated saying in the past: the publication day's news, a statement, not a happening.
    assert (main.value, main.start, main.end) == ("2021-08-22", SUNDAY, SUNDAY + dt.timedelta(1))
    assert main.certainty is Certainty.KNOWN
    assert main.kind is Kind.STATEMENT
    assert main.anchor is Anchor.PUBLICATION
    aside = event_with(evs, "anti-Soviet resistance in the 1980s")
    assert aside.value == "198"
    assert "said" not in aside.text


def test_time_in_relative_clause_dates_the_relative_clause() -> None:
    evs = events("Saleh, who fled Kabul on Aug. 15, said on Sunday that he was in charge.")
    assert event_with(evs, "said on Sunday").value == "2021-08-22"
    assert event_with(evs, "who fled Kabul").value == "2021-08-15"


def test_which_clause_with_year_range() -> None:
    evs = events(
        "The Taliban, which ruled Afghanistan from 1996 to 2001, returned to power on Aug. 15."
    )
    assert event_with(evs, "returned to power").value == "2021-08-15"
    assert event_with(evs, "which ruled Afghanistan").value.startswith("199")


def test_parenthetical_time_dates_the_parenthesis() -> None:
    evs = events("The group (founded in 1994) seized Kandahar on Thursday.")
    assert event_with(evs, "seized Kandahar").value == "2021-08-19"
    assert event_with(evs, "founded in 1994").value == "1994"


def test_relative_clause_saying_currently_does_not_date_the_main_clause() -> None:
    evs = events(
        "Hundreds of Taliban fighters are on their way to the Panjshir Valley, which is "
        "currently the epicentre of resistance in war-torn Afghanistan."
    )
    assert values(evs) == ["2021-08-22"]
    assert evs[0].anchor is Anchor.PUBLICATION


def test_apposition_to_a_time_belongs_to_that_time() -> None:
    evs = events("Fighting began on Friday, the day after the deadline expired.")
    assert values(evs) == ["2021-08-20"]


# --- which expression dates a clause -------------------------------------------------------


def test_last_week_is_the_iso_week_before() -> None:
    evs = events(
        "Last week, anti-Taliban forces reclaimed three districts in Baghlan\u2019s northern "
        "province of Baghlan, which borders Panjshir."
    )
    assert values(evs) == ["2021-W32"]
    assert evs[0].time_text == "Last week"
    assert (evs[0].start, evs[0].end) == (dt.date(2021, 8, 9), dt.date(2021, 8, 16))


def test_durations_and_sets_do_not_date_a_clause() -> None:
    evs = events("The army withdrew for three days every week, officials said.")
    assert values(evs) == ["PAST_REF"]
    assert evs[0].anchor is Anchor.PUBLICATION and evs[0].time_text is None


def test_the_most_specific_date_wins_within_a_clause() -> None:
    evs = events("In August the council voted on Friday to close the mine.")
    assert values(evs) == ["2021-08-20"]


def test_explicit_date_is_explicit() -> None:
    evs = events("The embassy closed on Aug. 15, 2021.")
    assert evs[0].anchor is Anchor.EXPLICIT
    assert evs[0].value == "2021-08-15"


# --- fallbacks -----------------------------------------------------------------------------


def test_present_tense_statement_happens_at_publication() -> None:
    evs = events("Hundreds of Taliban fighters are on their way to the Panjshir Valley.")
    (ev,) = evs
    assert ev.value == "2021-08-22"
    assert ev.anchor is Anchor.PUBLICATION
    assert (ev.start, ev.end) == (SUNDAY, SUNDAY + dt.timedelta(days=1))
    assert ev.time_text is None and ev.time_start is None


def test_then_refers_back_to_the_paragraph_time() -> None:
    evs = events("The Taliban entered Herat on Thursday. Then they moved on Kandahar.")
    then = event_with(evs, "moved on Kandahar")
    assert then.value == "2021-08-19"
    assert then.anchor is Anchor.NARRATIVE
    assert then.time_text == "Then"


def test_narrative_time_does_not_cross_paragraphs() -> None:
    evs = events("The Taliban entered Herat on Thursday.\n\nLater they moved on Kandahar.")
    assert event_with(evs, "moved on Kandahar").anchor is Anchor.PUBLICATION


def test_timeless_past_sentence_is_bounded_by_publication() -> None:
    (ev,) = events("The tweet was accompanied by a 14-second video clip.")
    assert (ev.value, ev.start, ev.end, ev.certainty) == (
        "PAST_REF", None, SUNDAY, Certainty.BOUNDED,
    )  # fmt: skip


def test_every_sentence_is_covered() -> None:
    body = (
        "Hundreds of fighters were heading towards Panjshir. The tweet was accompanied by "
        "a video clip.\n\nKabul fell on Aug. 15. Nobody knows what comes next."
    )
    evs = events(body)
    art = parse_article("T\n\n" + body)
    covered = {(e.paragraph, e.sentence) for e in evs}
    expected = {(p.index, i) for p in art.paragraphs for i in range(len(p.sentences))}
    assert covered == expected


# --- article record ------------------------------------------------------------------------


def test_published_given_wins_and_is_marked_given() -> None:
    ex = run("Published 14 Nov 2025\n\nThe vote was held.", published=SUNDAY)
    assert ex.article.published == SUNDAY
    assert ex.article.published_from == "given"


def test_published_from_text() -> None:
    ex = run("Published 14 Nov 2025\n\nThe vote was held on Friday.", published=None)
    assert ex.article.published == dt.date(2025, 11, 14)
    assert ex.article.published_from == "text"
    assert ex.events[0].value == "2025-11-14"


def test_published_assumed_today() -> None:
    ex = run("The vote was held.", published=None)
    assert ex.article.published == TODAY
    assert ex.article.published_from == "assumed"


def test_title_and_source() -> None:
    ex = run("The vote was held.")
    assert ex.article.title == "A title"
    assert ex.article.source == "Source"
    ex = run("The vote was held.", source="Reuters", url="https://example.org/a")
    assert ex.article.source == "Reuters"
    assert ex.article.url == "https://example.org/a"


# --- identity and provenance ---------------------------------------------------------------


def test_article_id_is_a_stable_content_hash() -> None:
    text = "Title | Src\n\nThe vote was held on Friday.\n\nIt failed."
    a = extract(text, published=SUNDAY, today=TODAY)
    b = extract(text, published=dt.date(2020, 1, 1), today=TODAY)
    c = extract(text.replace("\n", "\r\n").replace("  ", " "), published=SUNDAY, today=TODAY)
    assert a.article.id == b.article.id == c.article.id
    assert len(a.article.id) == 32
    int(a.article.id, 16)
    assert extract(text + " Really.", published=SUNDAY, today=TODAY).article.id != a.article.id
    # Event ids derive from the article id and the position: stable across runs.
    assert [e.id for e in a.events] == [
        e.id for e in extract(text, published=SUNDAY, today=TODAY).events
    ]
    assert a.events[0].id == f"{a.article.id[:16]}-00000-000-00"
    assert a.events[1].id == f"{a.article.id[:16]}-00001-000-00"


def test_whitespace_variants_share_an_id() -> None:
    a = extract("Title\n\nThe  vote\twas held.", published=SUNDAY, today=TODAY)
    b = extract("Title\n\nThe vote was held.", published=SUNDAY, today=TODAY)
    assert a.article.id == b.article.id


def test_offsets_point_into_the_body() -> None:
    text = (
        "Taliban advance | Asia | Al Jazeera\n\n"
        "Massoud, the son of Ahmad Shah Massoud, one of the main leaders of the resistance "
        "in the 1980s, said he was ready.\n\n"
        "Fighters seized the town on Friday, but the Taliban recaptured it on Saturday. "
        "Then they left."
    )
    ex = extract(text, published=SUNDAY, today=TODAY)
    body = parse_article(text).body
    assert len(ex.events) >= 4
    for e in ex.events:
        assert body[e.char_start : e.char_end] == e.text
        assert e.text == e.text.strip()
        if e.time_text is not None:
            assert e.time_start is not None and e.time_end is not None
            assert body[e.time_start : e.time_end] == e.time_text
            assert e.char_start <= e.time_start < e.char_end or e.anchor is Anchor.NARRATIVE
        assert e.article_id == ex.article.id
        assert e.start is None or e.end is None or e.start < e.end


def test_empty_article_is_an_input_error() -> None:
    from timeline.errors import InputError

    with pytest.raises(InputError):
        extract("   \n\n  ", published=SUNDAY, today=TODAY)


# --- rules in isolation (a fixed tagger) ---------------------------------------------------


@dataclass(frozen=True)
class FakeTimex:
    start: int
    end: int
    text: str
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    anchor: Literal["explicit", "relative", "narrative"] = "explicit"
    mod: str | None = None


def fake_tagger(table: dict[str, str]) -> Tagger:
    def tag(text: str, dct: dt.date) -> Sequence[FakeTimex]:
        out = []
        for phrase, value in table.items():
            at = text.find(phrase)
            if at >= 0:
                kind: Literal["DATE", "DURATION"] = "DURATION" if value.startswith("P") else "DATE"
                out.append(FakeTimex(at, at + len(phrase), phrase, kind, value))
        return out

    return tag


def test_unplaceable_values_do_not_date_a_clause() -> None:
    tagger = fake_tagger({"for a week": "P1W", "on Aug. 15": "XXXX-08-15"})
    ex = extract(
        "T\n\nThe siege lasted for a week and ended on Aug. 15.",
        published=SUNDAY,
        today=TODAY,
        tagger=tagger,
    )
    assert values(ex.events) == ["PAST_REF"]


def test_reference_value_loses_to_a_written_date() -> None:
    tagger = fake_tagger({"now": "PRESENT_REF", "in 2020": "2020"})
    ex = extract(
        "T\n\nThe company now says profits rose in 2020.",
        published=SUNDAY,
        today=TODAY,
        tagger=tagger,
    )
    assert values(ex.events) == ["2020"]


def test_a_time_before_a_noun_dates_that_noun() -> None:
    # "its 2020 results" are of 2020; the reporting happens now.
    tagger = fake_tagger({"now": "PRESENT_REF", "2020": "2020"})
    ex = extract(
        "T\n\nThe company now reports its 2020 results.",
        published=SUNDAY,
        today=TODAY,
        tagger=tagger,
    )
    assert values(ex.events) == ["2021-08-22", "2020"]
    assert event_with(ex.events, "its 2020 results").text == "its 2020 results"


def test_opening_adverbial_comma_is_not_an_apposition() -> None:
    evs = events(
        "Meantime, the possibility of a meeting between Attorney General Janet Reno and "
        "Lazaro Gonzalez's family reemerged on Thursday."
    )
    assert values(evs) == ["2021-08-19"]
    evs = events("Separately, the company posted a loss on Tuesday.")
    assert values(evs) == ["2021-08-17"]


def test_parenthesis_restating_the_time_is_not_an_aside() -> None:
    evs = events("The father will leave at dawn on Thursday (4 a.m. EDT Thursday), Castro said.")
    assert len(evs) == 1


def test_present_clause_before_a_coordinated_past_clause_stays_at_publication() -> None:
    evs = events(
        "Hundreds of fighters are on their way to the valley, while Massoud said on Friday "
        "that he wants to negotiate."
    )
    assert event_with(evs, "are on their way").value == "2021-08-22"
    assert event_with(evs, "Massoud said on Friday").value == "2021-08-20"


def test_subordinate_complement_joins_the_dated_clause() -> None:
    evs = events("The ministry said on Monday that the situation is calm.")
    assert values(evs) == ["2021-08-16"]


# --- hostile input: everything stays linear ------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "." * 100_000 + " End.",
        "Published" + " " * 50_000 + "x\n\nThe vote was held.",
        "KABUL" + " " * 50_000 + "-\n\nThe vote was held.",
        "a and b, " * 20_000 + "the end.",
        '"a." ' * 20_000 + "Done.",
        "\u201c" * 30_000 + "He left. " * 3_000,
        "Mr. " * 30_000 + "Smith left.",
        "x, the y, " * 20_000 + "said it.",
    ],
    ids=[
        "dots",
        "label-spaces",
        "dateline-spaces",
        "cues",
        "quotes",
        "open-quotes",
        "abbreviations",
        "appositions",
    ],
)
def test_hostile_input_is_fast(body: str) -> None:
    import time

    started = time.perf_counter()
    # One time expression at the start sends the giant sentence down the full path.
    tagger = fake_tagger({"Friday": "2021-08-20"})
    extract("T\n\nOn Friday " + body, published=SUNDAY, today=TODAY, tagger=tagger)
    # A guard against quadratic paths (they take minutes here), not a speed target.
    assert time.perf_counter() - started < 10.0
