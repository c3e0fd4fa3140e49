"""Regular expressions for temporal expressions, built from the tables.

A rule's pattern (timeline/temporal/rules.py) is regular-expression syntax with no
words in it: every word comes from a table of timeline/temporal/tables.py through a
placeholder, `%MONTH`, `%UNIT`, `%THE`. `expand` replaces the placeholders with the
table's alternation; `compiled()` compiles every rule and the scanner once per
process, on first use, so that importing the package stays cheap.

The rules are also joined into one scanner so a text is searched once; at each hit
every rule is tried at that position and the longest match wins (Python's
alternation is first-match, not longest).

Linear time: every quantifier is bounded (`\\s{1,3}`, `\\d{1,4}`) or applies to a
single character class followed by a literal, and no quantified group contains
another quantifier, so a failed attempt at one position costs O(pattern), and a
scan is O(len(text)).
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from timeline.temporal import tables as t
from timeline.temporal.rules import RULES

S = r"\s{1,3}"  # a gap between words: bounded so runs of spaces stay linear
H = r"(?:\s{1,3}|-)"  # a gap or a hyphen ("third-quarter", "two-year")


def _alt(words: Iterable[str]) -> str:
    """An alternation of words, longest first so that "sept" wins over "sep"."""
    items = sorted(set(str(w) for w in words), key=lambda w: (-len(w), w))
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", S) for w in items) + ")"


# Only abbreviations take a dot: the dot after "Friday." ends the sentence.
FULL_MONTHS: Final = [k for k in t.MONTHS if len(k) > 4 or k in ("may", "june", "july")]
FULL_WEEKDAYS: Final = [k for k in t.WEEKDAYS if k not in t.WEEKDAY_ABBREVS]
NUMBER_WORDS: Final = [*t.NUMBERS, *t.HYPHEN_NUMBERS]

_SPOKEN_YEAR = (
    rf"(?P<yc>{_alt(t.YEAR_CENTURY_WORDS)}){S}(?P<yt>{_alt(t.TENS)})(?:-(?P<yo>{_alt(t.NUMBERS)}))?"
    rf"|(?P<mill>{_alt(t.MILLENNIUM_WORDS)})(?:{S}(?:{_alt(t.GLUE['AND'])}{S})?"
    rf"(?P<y2k>{_alt(t.NUMBERS)}))?"
)

# The vocabulary: placeholder name -> regular expression (no capturing groups, except
# SPOKEN_YEAR's, which rules use at most once).
VOCAB: Final[dict[str, str]] = {
    "S": S,
    "H": H,
    **{name: _alt(words) for name, words in t.GLUE.items()},
    "MONTH": (
        rf"(?:{_alt(FULL_MONTHS)}\b|{_alt(k for k in t.MONTHS if k not in FULL_MONTHS)}\b\.?)"
    ),
    "FULL_MONTH": _alt(FULL_MONTHS),
    "WEEKDAY": rf"(?:{_alt(FULL_WEEKDAYS)}\b|{_alt(t.WEEKDAY_ABBREVS)}\b\.?)",
    "WEEKDAY_FULL": _alt(FULL_WEEKDAYS),
    "YEAR": r"(?:1[5-9]|20)\d\d(?!\d)",
    "ORD": _alt(t.ORDINAL_SUFFIXES),
    "DAY": rf"[0-3]?\d{_alt(t.ORDINAL_SUFFIXES)}?(?!\d)",
    "NUM": (
        rf"(?:\d{{1,3}}(?:,\d{{3}})?(?:\.\d{{1,2}}|\s1/2)?|{_alt(t.VAGUE_NUMBERS)}"
        rf"|(?:{_alt(t.TENS)}[-\s])?{_alt(NUMBER_WORDS)}(?:\s{_alt(t.HALF_WORDS)})?)"
    ),
    "NUMBER_WORD": _alt(t.NUMBERS),
    "TENS": _alt(t.TENS),
    "UNIT": _alt(t.UNITS),
    "UNIT_ANY": _alt([*t.UNIT_PLURALS, *t.UNITS]),
    "POD": _alt(t.PARTS_OF_DAY),
    "SEASON": _alt(t.SEASONS),
    "POINT_MOD": _alt(t.POINT_MODS),
    "EDGE_MOD": _alt(t.EDGE_MODS),
    "DAY_MOD": _alt(t.DAY_MODS),
    "DECADE_MOD": _alt(t.DECADE_MODS),
    "AMOUNT_MOD": _alt(t.AMOUNT_MODS),
    "OVER": _alt(t.OVER_MODS),
    "STREAK_ORD": _alt(t.STREAK_ORDINALS),
    "STREAK_ADJ": _alt(t.STREAK_ADJECTIVES),
    "STREAK_UNIT": _alt(t.STREAK_UNITS),
    "IN_A_ROW": _alt(t.IN_A_ROW),
    "DURATION_DET": _alt(t.DURATION_DETERMINERS),
    "DURATION_ADJ": _alt(t.DURATION_ADJECTIVES),
    "SHIFTER": _alt(t.SHIFTERS),
    "SHIFT_UNIT": _alt(t.SHIFT_UNITS),
    "PERIOD_UNIT": _alt(t.PERIOD_UNITS),
    "EDGE_UNIT": _alt(t.EDGE_UNITS),
    "NARR_UNIT": _alt(t.NARRATIVE_UNITS),
    "NARR_SHIFT": _alt(k for k in t.NARRATIVE_SHIFTS if k not in t.NARRATIVE_THAT),
    "THAT": _alt(t.NARRATIVE_THAT),
    "SIGNAL_UNIT": _alt(t.SIGNAL_UNITS),
    "REL_SIGNAL": _alt(t.RELATIVE_SIGNALS),
    "DIRECTION": _alt(t.DIRECTIONS),
    "APPROX_AFTER": _alt(t.APPROX_AFTER),
    "COMPARISON": _alt(t.COMPARISONS),
    "PERCENT": _alt(t.PERCENT_WORDS),
    "FISCAL_WORD": _alt(t.FISCAL_WORDS),
    "FISCAL": _alt(t.FISCAL),
    "YEAR_SHIFT": _alt(t.YEAR_SHIFTS),
    "DAY_WORDS": _alt(t.DAY_WORDS),
    "POD_SHIFT": _alt(t.POD_SHIFTS),
    "REF": _alt(t.REF_WORDS_TAGGED),
    "DECADE_WORD": _alt(t.DECADE_WORDS),
    "CENTURY_WORD": _alt(t.CENTURY_WORDS),
    "PERIOD_PART": _alt(t.PERIOD_PARTS),
    "PERIOD_ORDINAL": _alt(t.PERIOD_ORDINALS),
    "QUARTER_DET": _alt(t.QUARTER_DETERMINERS),
    "QUARTER_REF": _alt(t.QUARTER_REFS),
    "PERIOD_REF": _alt(t.PERIOD_REFS),
    "YEAR_AGO_ADJ": _alt(t.YEAR_AGO_ADJECTIVES),
    "ENDED": _alt(t.ENDED_WORDS),
    "SAME": _alt(t.SAME_WORDS),
    "SAME_UNIT": _alt(t.SAME_UNITS),
    "YEAR_BACK": _alt(t.YEAR_BACK),
    "MERIDIEM": _alt(t.MERIDIEMS),
    "TIME_ZONE": _alt(t.TIME_ZONES),
    "CLOCK_WORD": _alt(t.CLOCK_WORDS),
    "CLOCK_POD": _alt(t.CLOCK_PARTS_OF_DAY),
    "POD_PREP": _alt(t.POD_PREPOSITIONS),
    "CLOCK_DAY_WORD": _alt(t.CLOCK_DAY_WORDS),
    "SET_QUANT": _alt(t.SET_QUANTIFIERS),
    "SET_WORD": _alt(t.SETS),
    "PERIOD_ADJ": _alt(t.PERIOD_ADJECTIVES),
    "RESULT_NOUN": _alt(t.RESULT_NOUNS),
    "HOLIDAY": _alt(t.HOLIDAYS),
    "HISTORIC_DAY": _alt(t.HISTORIC_DAYS),
    "VAGUE_PLURAL": _alt(t.VAGUE_PLURALS),
    "COMING": _alt(t.COMING),
    "HALF_WORDS": _alt(t.HALF_WORDS),
    "WEEK_WORD": _alt(t.GLUE["WEEK_WORD"]),
    "RECENT": _alt(t.RECENT),
    "TERM_WORD": _alt(t.TERM_WORDS),
    "DAY_CLOSER": _alt(t.DAY_CLOSERS),
    "YEAR_OF": _alt(t.YEAR_OF_REPORT),
    "WHOLE": _alt(t.WHOLE_WORDS),
    "SPOKEN_YEAR": _SPOKEN_YEAR,
    # right after a coordination and one space ("24 and 25", "3, 4"): fixed-width
    # lookbehinds, one per word
    "AFTER_COORDINATION": (
        "(?:"
        + "|".join(rf"(?<=\b{re.escape(w)}\s)" for w in t.GLUE["COORDINATION"])
        + r"|(?<=,\s))"
    ),
}
# The end of a list of days, or its next day ("May 3, 4 and 5 in Paris").
VOCAB["LIST_END"] = (
    rf"(?:(?:,?{S}{VOCAB['COORDINATION']}|,){S}{VOCAB['DAY']}"
    rf"|\s{{0,2}}[.,;:!?)\"'\u201d](?!\d)|\s*$|{S}{_alt(t.LIST_END_WORDS)}\b)"
)

_PLACEHOLDER = re.compile(r"%([A-Z][A-Z0-9_]*)")


def expand(template: str, vocab: Mapping[str, str] = VOCAB) -> str:
    """A rule's pattern with its placeholders replaced by the vocabulary."""

    def sub(m: re.Match[str]) -> str:
        if m[1] not in vocab:
            raise KeyError(f"no vocabulary named {m[1]} (in {template!r})")
        return vocab[m[1]]

    return _PLACEHOLDER.sub(sub, template)


def _strip_names(pattern: str) -> str:
    # The scanner only needs to know where something matches: drop group names
    # (they repeat across rules, which one regex does not allow).
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


FLAGS: Final = re.IGNORECASE
# No expression ends inside a word, nor before a measure it is part of ("quarter-point").
END = rf"(?![\w])(?!-{_alt(t.MEASURE_COMPOUNDS)}\b)"
# Each rule must start at a word start. Only some rules may begin with an apostrophe
# ('80s, '82), and only a year may follow a hyphen, after a digit: both ends of
# "2009-2010" are TIMEX3s.
BEFORE = r"\w'\u2019$-"  # characters that may not precede an expression
BEFORE_APOSTROPHE = r"\w$-"
AFTER_RANGE = r"(?<!\D-)"


def rule_pattern(name: str, template: str, *, apostrophe: bool = False) -> str:
    body = expand(template)
    if name == "year":
        return rf"(?<![\w'\u2019$]){AFTER_RANGE}(?:{body}){END}"
    return rf"(?<![{BEFORE_APOSTROPHE if apostrophe else BEFORE}])(?:{body}){END}"


FAMILY_PATTERNS: Final[dict[str, str]] = {
    r.name: rule_pattern(r.name, r.pattern, apostrophe=r.apostrophe) for r in RULES
}
FAMILIES: Final = FAMILY_PATTERNS  # the name the tests and older callers use


ANY: Final = None  # a rule that may start with any character


def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match of `pattern` can start with (lower case), or None when
    that cannot be bounded. The tagger tries at a position only the rules whose first
    characters include the one there (tests check it drops no match)."""
    # The parser the re module compiles with (no public API gives a pattern's tree).
    c: Any = importlib.import_module("re._constants")
    p: Any = importlib.import_module("re._parser")

    def seq(items: list[tuple[object, object]]) -> tuple[set[str] | None, bool]:
        out: set[str] | None = set()
        for item in items:
            first, nullable = one(item)
            out = None if out is None or first is None else out | first
            if not nullable:
                return out, False
        return out, True

    def one(item: tuple[object, object]) -> tuple[set[str] | None, bool]:
        op, av = item
        if op is c.LITERAL:
            assert isinstance(av, int)
            ch = chr(av)
            return {ch.lower(), ch.upper()}, False
        if op is c.IN:
            assert isinstance(av, list)
            chars: set[str] = set()
            for kind, arg in av:
                if kind is c.LITERAL:
                    chars |= {chr(arg).lower(), chr(arg).upper()}
                elif kind is c.CATEGORY and arg is c.CATEGORY_DIGIT:
                    chars |= set("0123456789")
                elif kind is c.RANGE and arg[1] - arg[0] < 128:
                    chars |= {chr(x) for x in range(arg[0], arg[1] + 1)}
                    chars |= {ch.lower() for ch in list(chars)} | {ch.upper() for ch in list(chars)}
                else:
                    return None, False  # a category or a negation: anything
            return chars, False
        if op is c.BRANCH:
            assert isinstance(av, tuple)
            out: set[str] | None = set()
            nullable = False
            for branch in av[1]:
                first, null = seq(list(branch))
                out = None if out is None or first is None else out | first
                nullable = nullable or null
            return out, nullable
        if op is c.SUBPATTERN:
            assert isinstance(av, tuple)
            return seq(list(av[3]))
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            assert isinstance(av, tuple)
            first, null = seq(list(av[2]))
            return first, null or av[0] == 0
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
            return set(), True  # zero width
        return None, False

    first, nullable = seq(list(p.parse(pattern, flags)))
    return None if first is None or nullable else frozenset(ch.lower() for ch in first)


class _Node(dict[str, "_Node"]):
    """A prefix-tree node: next character -> node; the key "" marks a word end."""


def _trie(words: Iterable[str]) -> str:
    """A regex alternation shaped as a prefix tree: at a position that starts no
    word it fails after one or two characters instead of trying every word."""
    root = _Node()
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, _Node())
        node[""] = _Node()

    def emit(node: _Node) -> str:
        branches = [_char(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


def _char(ch: str) -> str:
    return S if ch == " " else re.escape(ch)


def _first_words(phrases: Iterable[str]) -> set[str]:
    return {p.split()[0] for p in phrases}


# Every word or phrase an expression can start with. The scanner first checks, with
# one prefix tree, that a word start begins one of these (most do not), and only then
# tries the rules; a rule whose first words are missing here is never found
# (tests/temporal checks the scanner against the rules on every rule's example). A
# phrase of a table passes whole ("at least", "right now", "that week"): its first word
# alone ("at", "right", "that") starts far more text than expressions.
TRIGGERS: Final[frozenset[str]] = frozenset(
    set(t.MONTHS) | set(t.WEEKDAYS) | set(t.NUMBERS) | set(t.VAGUE_NUMBERS)
    | set(t.TENS) | set(t.ORDINALS) | set(t.DAY_WORDS) | set(t.REF_WORDS_TAGGED)
    | set(t.MODS) | _first_words(t.SHIFTERS) | set(t.SEASONS) | set(t.CENTURY_WORDS)
    | set(t.HOLIDAYS) | set(t.HISTORIC_DAYS) | set(t.SETS) | set(t.PERIOD_ADJECTIVES)
    | set(t.YEAR_CENTURY_WORDS) | set(t.MILLENNIUM_WORDS) | set(t.HYPHEN_NUMBERS)
    | set(t.SET_QUANTIFIERS) | set(t.FISCAL_WORDS) | set(t.EDGE_MODS)
    | {f"{w} {u}" for w in t.NARRATIVE_THAT for u in t.NARRATIVE_UNITS}
    | set(t.YEAR_AGO_ADJECTIVES) | set(t.CLOCK_WORDS) | set(t.VAGUE_PLURALS)
    | set(t.UNITS) | set(t.UNIT_PLURALS) | set(t.COMING)
    | {"q1", "q2", "q3", "q4", "mid"}
)  # fmt: skip
# Articles start many expressions ("the third quarter", "a year ago") but far more
# noun phrases: they pass the gate only before a word that can continue one.
ARTICLES: Final[frozenset[str]] = frozenset({*t.GLUE["THE"], *t.GLUE["A"]})
AFTER_ARTICLE: Final[frozenset[str]] = frozenset(
    {w for phrase in (*TRIGGERS, *t.REF_WORDS, *t.VAGUE_NUMBERS, *t.NUMBERS, *t.MODS,
                      *t.HOLIDAYS, *t.QUARTER_REFS, *t.PERIOD_REFS, *t.DURATION_DETERMINERS,
                      *t.NARRATIVE_SHIFTS, *t.TERM_WORDS, *t.WHOLE_WORDS, *t.QUARTER_DETERMINERS)
     for w in phrase.split()}
    | set(t.UNITS) | set(t.UNIT_PLURALS) | set(t.DECADE_WORDS) | set(t.SHIFT_UNITS)
    | set(t.EDGE_UNITS) | set(t.GLUE["WEEKEND"]) | set(t.GLUE["PERIOD_WORD"])
    | set(t.GLUE["YEAR_WORD"]) | set(t.GLUE["QUARTER_WORD"]) | set(t.DECADE_MODS)
    | set(t.PARTS_OF_DAY) | set(t.SAME_WORDS) | set(t.TERM_WORDS)
)  # fmt: skip


def fold_case(pattern: str) -> str:
    """The pattern for lower-cased text: its letters lower-cased, its escapes (\\D, \\S,
    \\W, \\u2019 ...) kept as written."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\" and i + 1 < n:
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(ch.lower())
        i += 1
    return "".join(out)


def scan_text(c: Compiled, text: str) -> tuple[str, re.Pattern[str]]:
    """The text to scan and the scanner for it: lower-cased with the folded scanner when
    lower-casing keeps every offset (almost always), else the text as it is."""
    low = text.lower()
    if len(low) == len(text):
        return low, c.folded_scanner
    return text, case_scanner()


@functools.cache
def case_scanner() -> re.Pattern[str]:
    """The scanner with IGNORECASE, for a text whose lower case would move offsets
    ("İstanbul"): compiled only when one comes."""
    return re.compile(scanner_pattern(), FLAGS)


def scanner_pattern() -> str:
    """The combined scanner: the trigger gate, then any rule. A number passes the gate
    unless it continues one ("12.7") or counts an amount ("5 million", "3%")."""
    gate = (
        rf"(?=(?<!\d[.,])[0-9](?![\d.,]{{0,12}}\s{{0,3}}{_alt(t.AMOUNT_WORDS)}(?![a-z]))"
        rf"|['\u2019]\d|(?:{_trie(sorted(ARTICLES))})\s{{1,3}}"
        rf"(?:[0-9'\u2019]|(?:{_trie(sorted(AFTER_ARTICLE))})(?![a-z]))"
        rf"|(?:{_trie(sorted(TRIGGERS - ARTICLES))})(?![a-z]))"
    )
    families = "|".join(_strip_names(expand(r.pattern)) for r in RULES)
    return rf"(?<![\w$]){AFTER_RANGE}{gate}(?:{families}){END}"


# Context patterns the resolvers look at around a match, built from the tables too.
CONTEXT: Final[dict[str, str]] = {
    # "through June", "until Friday": a deadline lies ahead
    "deadline_before": (
        rf"(?<!\w){_alt(t.DEADLINE_WORDS)}{S}(?:{_alt(t.DEADLINE_QUALIFIERS)}{S})?$"
    ),
    # "lasted until Thursday": a past happening went on up to it, which is behind
    "durative_deadline_before": (
        rf"(?<!\w){_alt(t.DURATIVE_PAST)}{S}{_alt(t.DEADLINE_WORDS)}{S}$"
    ),
    # "twice a week": "a <unit>" after a frequency is a set
    "frequency_before": rf"(?<!\w){_alt(t.FREQUENCY_WORDS)}{S}$",
    # "$5 a year", "four flights a week": "a <unit>" after an amount (and the thing
    # counted) is a rate, no time
    "rate_before": (
        rf"(?:\d|(?<!\w){_alt([*t.AMOUNT_WORDS, *t.NUMBERS])})(?:{S}[a-z]{{2,20}}s)?\s{{0,3}}$"
    ),
    # "a still unspecified date", "the recently passed law": an -ed word after a
    # determiner and an adverb is an adjective, no past cue
    "adjective_ed_before": (
        rf"(?<!\w){_alt(t.ADJECTIVE_ED_DETERMINERS)}{S}{_alt(t.ADJECTIVE_ED_ADVERBS)}{S}$"
    ),
    # "since the Oct. 23 slaying", "since shortly after the attack on Friday": past
    "since_before": (
        rf"(?<!\w){_alt(t.SINCE_WORDS)}(?:{S}{_alt(t.SINCE_CLOSE)})?(?:{S}{_alt(t.SINCE_EDGES)})?"
        rf"(?:{S}{_alt(t.SINCE_DETERMINERS)})?{S}$"
    ),
    # "will be named": a past cue right after an auxiliary and one space is a participle
    "auxiliary_before": rf"(?<![\w]){_alt(t.AUXILIARIES).replace(S, ' ')} $",
    # "as (previously) planned": a plan word that tells how something happened
    "as_planned_before": rf"(?<!\w){_alt(t.AS_PLANNED_LEADS)}(?:{S}[a-z]+ly)?{S}$",
    # "had been due to expire": a future cue after a past auxiliary is a plan now past
    "past_aux_before": rf"(?<!\w){_alt(t.PAST_AUXILIARIES)}(?:{S}{_alt(t.GLUE['BEEN'])})?{S}$",
    # "for years", "in months": a bare plural after these is a vague duration
    "vague_before": rf"{_alt(t.VAGUE_PREPOSITIONS)}{S}$",
    # a following lower-case word that is not a function word: an adjective use
    "adjective_after": rf"{S}(?!{_alt(t.NOT_NOUN_AFTER)}\b)[a-z]",
    # "the quarter ended Sept. 30"
    "ended_after": rf"{S}{_alt(t.ENDED_WORDS)}{S}",
    # "the 70s and 80s": a decade right after another and a coordination
    "coordinated_decade": rf"\d0['\u2019]?s{S}{_alt(t.GLUE['COORDINATION'])}{S}$",
    # "the most recent model": a superlative, not a time
    "superlative_before": rf"(?<!\w){_alt(t.NOT_BEFORE_RECENT)}{S}$",
    # "as soon as", "soon after", "soon-to-open"
    "soon_before": rf"(?<!\w){_alt(t.NOT_AFTER_SOON)}{S}$",
    "soon_after": rf"{S}{_alt(t.NOT_AFTER_SOON)}\b|-",
    # a paragraph break
    "paragraph": r"\n[ \t]{0,50}\n",
    # "had": a past perfect in the sentence
    "past_perfect": rf"(?<!\w){_alt(t.PAST_PERFECT)}(?!\w)",
    # "'60 Minutes": a capitalized word after the number makes it a name
    "name_after": r"[ \t]{1,3}(?-i:[A-Z])",
    # "iLife '11": a name right before (a word with a capital that is no function word)
    "name_before": rf"(?<![\w'])(?!{_alt(t.NOT_NOUN_AFTER)}\b)\w*(?-i:[A-Z])\w*[ \t]$",
    # a word of running text right before: the expression is not at a sentence start
    "mid_sentence_before": r"(?-i:[\w,;])[ \t]{1,3}$",
    # an opening quote right before, and a closing one (or a capitalized word) after:
    # '"This Week," said', '"This Week With David Brinkley"'
    "quote_before": r"[\"\u201c`'\u2018]$",
    "title_after": r"[,.]?[\"\u201d'\u2019]|[ \t]{1,3}(?-i:[A-Z])",
    # "police said early Wednesday": the time of a saying, right after its verb
    "saying_before": rf"(?<!\w){_alt(t.REPORTING)}(?:{S}{_alt(t.GLUE['ON'])})?{S}$",
    # "from $5 million a year earlier": the base of a comparison
    "figure_base_before": rf"(?:(?<!\w){_alt(t.FIGURE_BASE_LEADS)}|\d)(?:{S}[\d$.,]+)?{S}$",
    # "52 years old": an age
    "age_after": rf"{S}{_alt(t.GLUE['OLD'])}\b",
    # "a quarter of the shops": a fraction of something
    "quarter_of": rf"{S}{_alt(t.GLUE['OF'])}\b",
    # "to end the day at", "for the day": the day of a market report
    "day_closer_before": rf"(?<!\w){_alt(t.DAY_CLOSERS)}{S}$",
    # "late in the day", "earlier in the day": a part of the report's day
    "day_part_before": rf"(?<!\w){_alt(t.DAY_MODS)}{S}{_alt(t.GLUE['IN'])}{S}$",
    # "for the year", "of the year": the year of a report
    "year_of_before": rf"(?<!\w){_alt(t.YEAR_OF_REPORT)}{S}$",
    # "in the morning"
    "pod_prep_before": rf"(?<!\w){_alt(t.POD_PREPOSITIONS)}{S}$",
    # "in spring", "last fall": a season after these is one
    "season_cue_before": rf"(?<!\w){_alt(t.SEASON_CUES)}{S}$",
    # "vacation plans for the trip": a future cue that is a noun here
    "noun_cue_after": rf"{S}{_alt(t.NOUN_CUE_AFTER)}\b",
    # "the annual March for Life": a month that is a common noun, named as an event
    "event_name_before": (
        rf"(?<!\w){_alt(t.EVENT_NAME_DETERMINERS)}{S}(?:[\"\u201c`'\u2018]{{1,2}})?$"
    ),
    "event_name_after": rf"{S}{_alt(t.EVENT_NAME_AFTER)}\b(?!{S}\d)",
    # "on April 24 and 25": a month, its day and a coordination before a day number
    "month_day_list_before": (
        rf"(?<![\w.])(?P<month>{VOCAB['MONTH']}){S}{VOCAB['DAY']}(?:,{S}{VOCAB['DAY']}){{0,6}}"
        rf"(?:,?{S}{_alt(t.GLUE['COORDINATION'])}|,){S}$"
    ),
    # "in over six years": "over" is an amount's modifier
    "over_lead_before": rf"(?<!\w){_alt(t.OVER_LEADS)}{S}$",
    # "the now-cancelled deal", "soon-to-open": a word a hyphen joins to what follows
    "hyphen_compound_after": r"-[a-z]",
    # "at 10:35 a.m. (0735 GMT)": a time in parentheses right after a time
    "conversion_gap": r"[ \t]{0,2}\(",
    # "the eighth day of Desert Shield" (not "the first day of June", "... of 1990")
    "streak_of_after": (
        rf"{S}{VOCAB['OF']}{S}(?!{VOCAB['MONTH']}|\d|{VOCAB['THE']}{S}{VOCAB['UNIT']}\b)"
    ),
    # "the average daily volume": a statistic's period, no set
    "statistic_before": rf"(?<!\w){_alt(t.STATISTIC_WORDS)}{S}$",
    # "Oct. 12, the day before the plunge": only a comma between a date and "the day"
    "apposition_gap": r",[ \t]{1,3}",
    # "not a day goes by": "a day" is the subject, not a time
    "subject_after": rf"{S}{_alt(t.NOT_DURATION_AFTER)}\b",
}


# Sentence ends, for the tense window and for nothing else.
# A period after a title or label ("Mr.", "vs.", "Jan.") ends none. The lookbehinds come
# after the dot, so that only a dot pays for them.
_NOT_AFTER_ABBREVIATION: Final = "".join(
    rf"(?<!\b(?i:{re.escape(w)})\.)" for w in sorted(t.NEVER_FINAL_ABBREVIATIONS)
)
SENTENCE_END_PATTERN: Final = (
    rf"(?:[!?]|\.{_NOT_AFTER_ABBREVIATION})"
    + r"[\"'\u201d\u2019)]{0,3}\s{1,50}(?=[\"\u201c\u2018'(]?[A-Z])|\n\s{0,50}\n"
)
# Tense cue words; the -ed alternative catches regular past tenses.
FUTURE_CUE_PATTERN: Final = rf"(?<![\w])(?:{_trie(sorted(t.FUTURE_CUES))})(?![\w])"
# An -ed word after "be"/"is"/... is a participle ("will be named"), not a past tense: the
# tagger checks that on each cue found (context "auxiliary_before"), which is much cheaper
# than a lookbehind per auxiliary at every position scanned.
PAST_CUE_PATTERN: Final = (
    r"(?<![\w])"
    + rf"(?:{_trie(sorted(w for w in t.PAST_CUES if w not in t.PLAN_AUXILIARIES))}|[a-z]{{2,20}}ed"
    # "were planning to": the auxiliary of a plan, whose future cue decides
    + rf"|{_alt(t.PLAN_AUXILIARIES)}(?!{S}{_alt(t.FUTURE_CUES)}(?![\w])))(?![\w])"
)


@dataclass(frozen=True, slots=True)
class Compiled:
    """The compiled patterns: built on first use (compiling the large scanner
    takes most of 0.1 s, which `import timeline.temporal` should not pay)."""

    families: dict[str, re.Pattern[str]]
    # First character (lower case) -> the rules, in order, that may start with it.
    by_first: dict[str, tuple[tuple[str, re.Pattern[str]], ...]]
    any_first: tuple[tuple[str, re.Pattern[str]], ...]
    # The scanner for lower-cased text, without IGNORECASE, which halves its time: the
    # same hits as `case_scanner()` on the text wherever lower-casing keeps every offset
    # (`scan_text`).
    folded_scanner: re.Pattern[str]
    context: dict[str, re.Pattern[str]]
    sentence_end: re.Pattern[str]
    future_cue: re.Pattern[str]
    past_cue: re.Pattern[str]


@functools.cache
def compiled() -> Compiled:
    """The patterns, compiled once per process."""
    families = {name: re.compile(p, FLAGS) for name, p in FAMILY_PATTERNS.items()}
    firsts = {name: first_chars(p, FLAGS) for name, p in FAMILY_PATTERNS.items()}
    chars = sorted({ch for f in firsts.values() if f is not None for ch in f})
    by_first = {
        ch: tuple((n, families[n]) for n, f in firsts.items() if f is None or ch in f)
        for ch in chars
    }
    any_first = tuple((n, families[n]) for n, f in firsts.items() if f is None)
    return Compiled(
        families=families,
        by_first=by_first,
        any_first=any_first,
        folded_scanner=re.compile(fold_case(scanner_pattern())),
        context={name: re.compile(p, FLAGS) for name, p in CONTEXT.items()},
        sentence_end=re.compile(SENTENCE_END_PATTERN),
        future_cue=re.compile(FUTURE_CUE_PATTERN, FLAGS),
        past_cue=re.compile(PAST_CUE_PATTERN, FLAGS),
    )
