"""Article parsing: title/source, paragraphs with offsets, sentences, publication dates."""

from __future__ import annotations

import datetime as dt

import pytest

from timeline.article import dateline_day, detect_published, parse_article, split_sentences
from timeline.errors import InputError


def sentences(text: str) -> list[str]:
    return [text[a:b] for a, b in split_sentences(text)]


# --- title and source ----------------------------------------------------------------------


def test_title_with_section_and_source_splits_into_headline_and_source() -> None:
    art = parse_article(
        "Taliban says hundreds of fighters heading to take Panjshir Valley | Asia  News "
        "| Al Jazeera\n\nHundreds of Taliban fighters are on their way.\n"
    )
    assert art.title == "Taliban says hundreds of fighters heading to take Panjshir Valley"
    assert art.source == "Al Jazeera"
    assert art.title_line.endswith("| Asia News | Al Jazeera")  # whitespace collapsed


def test_title_without_separator_has_no_source() -> None:
    art = parse_article("  Markets   rally after rate cut  \n\nStocks rose on Monday.")
    assert art.title == "Markets rally after rate cut"
    assert art.source is None


def test_two_part_title_takes_last_part_as_source() -> None:
    art = parse_article("Floods hit Valencia | Reuters\n\nRain fell for days.")
    assert (art.title, art.source) == ("Floods hit Valencia", "Reuters")


# --- paragraphs ----------------------------------------------------------------------------


def test_paragraphs_are_separated_by_blank_lines_and_carry_body_offsets() -> None:
    text = "Title\n\nFirst paragraph here.\nStill the first.\n\n  \n Second one.  \n\nThird."
    art = parse_article(text)
    assert [p.text for p in art.paragraphs] == [
        "First paragraph here.\nStill the first.",
        "Second one.",
        "Third.",
    ]
    for i, p in enumerate(art.paragraphs):
        assert p.index == i
        assert art.body[p.start : p.end] == p.text
        for s in p.sentences:
            assert art.body[s.start : s.end] == s.text


def test_one_paragraph_per_line_when_there_are_no_blank_lines() -> None:
    art = parse_article("Title\nOne line.\nTwo line.\nThree line.")
    assert [p.text for p in art.paragraphs] == ["One line.", "Two line.", "Three line."]


def test_body_is_kept_exactly() -> None:
    text = "Title\n\nA  b.\n\nC\td."
    assert parse_article(text).body == "\nA  b.\n\nC\td."


def test_crlf_and_bom_are_normalized() -> None:
    art = parse_article("\ufeffTitle | Src\r\n\r\nFirst para.\r\n\r\nSecond para.\r\n")
    assert art.title == "Title"
    assert "\r" not in art.body
    assert [p.text for p in art.paragraphs] == ["First para.", "Second para."]


def test_publication_and_copyright_lines_are_not_paragraphs() -> None:
    art = parse_article(
        "Title\n\nPublished On 22 Aug 2021\n\nThe Taliban said so.\n\n© 2021 Reuters"
    )
    assert [p.text for p in art.paragraphs] == ["The Taliban said so."]


def test_dateline_is_not_part_of_the_first_sentence() -> None:
    art = parse_article("Title\n\nKABUL, Aug 22 (Reuters) - The Taliban said so.")
    assert art.paragraphs[0].text == "The Taliban said so."
    assert art.body[art.paragraphs[0].start :].startswith("The Taliban")


@pytest.mark.parametrize("text", ["", "   \n\t \n", "\ufeff"])
def test_empty_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        parse_article(text)


def test_title_without_body_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse_article("Just a title\n\n   \n")


def test_binary_text_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse_article("Title\n\nabc\x00def")


# --- sentences -----------------------------------------------------------------------------


def test_abbreviations_do_not_end_sentences() -> None:
    text = (
        "Dr. Smith met Mr. Jones and Gov. Cuomo on Aug. 20 in the U.S. capital. "
        "Sen. Warren filed bill No. 12 on Jan. 5. The vote failed."
    )
    assert sentences(text) == [
        "Dr. Smith met Mr. Jones and Gov. Cuomo on Aug. 20 in the U.S. capital.",
        "Sen. Warren filed bill No. 12 on Jan. 5.",
        "The vote failed.",
    ]


def test_initials_and_decimals_do_not_end_sentences() -> None:
    text = "J. Smith said growth was 3.5 percent. It was 2.1 percent a year ago."
    assert sentences(text) == [
        "J. Smith said growth was 3.5 percent.",
        "It was 2.1 percent a year ago.",
    ]


def test_acronym_can_end_a_sentence_before_a_sentence_opener() -> None:
    text = "The talks were held in the U.S. The next round is in Doha."
    assert sentences(text) == ["The talks were held in the U.S.", "The next round is in Doha."]


def test_sentence_ending_inside_a_quotation_ends_after_the_closing_quote() -> None:
    text = 'He said: “This is over.” Then he left. She said: "We won." Nobody agreed.'
    assert sentences(text) == [
        "He said: “This is over.”",
        "Then he left.",
        'She said: "We won."',
        "Nobody agreed.",
    ]


def test_quotation_followed_by_attribution_stays_one_sentence() -> None:
    text = (
        "“We want to make the Taliban realise that the only way forward is through "
        "negotiation. We do not want a war to break out,” he told Reuters. He hung up."
    )
    got = sentences(text)
    assert len(got) == 2
    assert got[0].endswith("he told Reuters.")
    assert got[1] == "He hung up."


def test_unbalanced_quote_does_not_swallow_the_paragraph() -> None:
    text = "He said “we are ready. They left. Nobody stayed."
    assert len(sentences(text)) == 3


def test_question_and_exclamation_marks_end_sentences() -> None:
    assert sentences("Why now? Nobody knows! Ask them.") == [
        "Why now?",
        "Nobody knows!",
        "Ask them.",
    ]


def test_lower_case_after_period_is_not_a_new_sentence() -> None:
    assert len(sentences("He paid approx. ten dollars. fine.")) == 1


# --- publication date ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published 14 Nov 2025", dt.date(2025, 11, 14)),
        ("Published On 22 Aug 2021", dt.date(2021, 8, 22)),
        ("Published on Sunday, 22 August 2021 10:32 GMT", dt.date(2021, 8, 22)),
        ("Updated: August 22, 2021", dt.date(2021, 8, 22)),
        ("Posted on Aug. 3, 2019", dt.date(2019, 8, 3)),
        ("Last updated 2020-02-29", dt.date(2020, 2, 29)),
    ],
)
def test_publication_lines(line: str, expected: dt.date) -> None:
    assert detect_published(f"Title\n\n{line}\n\nBody text here.") == expected


def test_published_beats_updated() -> None:
    text = "Title\nUpdated: August 23, 2021\nPublished 22 Aug 2021\n\nBody."
    assert detect_published(text) == dt.date(2021, 8, 22)


def test_dateline_takes_the_year_of_another_full_date_or_the_copyright() -> None:
    text = "Title\n\nKABUL, Aug 22 (Reuters) - The Taliban said.\n\n© 2021 Reuters"
    assert detect_published(text) == dt.date(2021, 8, 22)
    text = "Title\n\nNEW YORK, Aug. 22 (AP) — Stocks fell after the Aug. 20, 2019 report."
    assert detect_published(text) == dt.date(2019, 8, 22)


def test_dateline_without_year_takes_the_nearest_past_day() -> None:
    text = "Title\n\nKABUL, Aug 22 (Reuters) - The Taliban said."
    assert detect_published(text, today=dt.date(2026, 3, 1)) == dt.date(2025, 8, 22)
    assert detect_published(text, today=dt.date(2026, 8, 22)) == dt.date(2026, 8, 22)


def test_no_publication_date() -> None:
    assert detect_published("Title\n\nThe Taliban said on Friday that 2021 was hard.") is None


def test_invalid_day_is_no_date() -> None:
    assert detect_published("Title\n\nPublished 31 Feb 2021\n\nBody.") is None


def test_unicode_spaces_become_plain_spaces_without_moving_offsets() -> None:
    text = "Title\n\nMassoud said his\u00a0supporters were\u202fready."
    art = parse_article(text)
    assert art.paragraphs[0].text == "Massoud said his supporters were ready."
    assert len(art.body) == len(text) - len("Title\n")


@pytest.mark.parametrize(
    ("first", "kept"),
    [
        ("WASHINGTON (AP) \u2014 The Senate voted.", "The Senate voted."),
        ("NEW YORK, Aug. 22 \u2014 Stocks fell.", "Stocks fell."),
        ("KABUL, Afghanistan, Aug 22 (Reuters) - Gunfire was heard.", "Gunfire was heard."),
        ("WASHINGTON _ Following are statements.", "Following are statements."),
        ("US - China talks resumed.", "US - China talks resumed."),
        ("Kabul, the capital, was calm - mostly.", "Kabul, the capital, was calm - mostly."),
    ],
)
def test_dateline_variants(first: str, kept: str) -> None:
    assert parse_article(f"Title\n\n{first}").paragraphs[0].text == kept


def test_dateline_alone_on_its_line_is_not_a_paragraph() -> None:
    art = parse_article("Title\n\nNAIROBI, August 21 (Xinhua)\n\nThe FBI director said so.")
    assert [p.text for p in art.paragraphs] == ["The FBI director said so."]
    assert detect_published(
        "Title\n\nNAIROBI, August 21 (Xinhua)\n\nIt happened in August 1998."
    ) == dt.date(1998, 8, 21)


def test_ptb_style_quotes_open_a_new_sentence() -> None:
    text = "She created the task force on Tuesday. ``The lifestyle is dangerous,'' she said."
    assert sentences(text) == [
        "She created the task force on Tuesday.",
        "``The lifestyle is dangerous,'' she said.",
    ]


def test_wire_style_quotes_are_quotations() -> None:
    from timeline.article import has_quotes, quote_spans

    text = "He said: ``We won, and we will win again.'' Then he left."
    assert has_quotes(text)
    (span,) = quote_spans(text)
    assert text[span[0] : span[1]].startswith("``We won") and text[span[1]] == "'"


@pytest.mark.parametrize(
    ("body", "published", "filed"),
    [
        # A wire story filed the evening before the paper's date.
        ("WASHINGTON, March 12 (Xinhua) --\n\nPoland joined NATO.", dt.date(1999, 3, 13),
         dt.date(1999, 3, 12)),
        # ... across a new year, and with the year written.
        ("KABUL, Dec. 31 (Reuters) - Fighting went on.", dt.date(2022, 1, 1),
         dt.date(2021, 12, 31)),
        ("KHARTOUM, March 21, 2024 (Northwind) - Talks ended.", dt.date(2024, 3, 22),
         dt.date(2024, 3, 21)),
        # The publication day itself, a dateline far back, or none: the paper's date.
        ("WASHINGTON, March 13 (Xinhua) --\n\nPoland joined NATO.", dt.date(1999, 3, 13), None),
        ("WASHINGTON, March 2 (Xinhua) --\n\nPoland joined NATO.", dt.date(1999, 3, 13), None),
        ("NAIROBI, Kenya (AP) _\n\nBombs exploded.", dt.date(1998, 8, 7), None),
        ("Bombs exploded on March 12 (local time).", dt.date(1999, 3, 13), None),
    ],
)
def test_a_dated_dateline_gives_the_day_the_report_was_filed(
    body: str, published: dt.date, filed: dt.date | None
) -> None:
    assert dateline_day(body, published) == filed
