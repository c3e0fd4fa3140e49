"""Clauses of a sentence: where a new finite clause begins, and the phrases inside one.

1. **Clauses.** The sentence is cut where a new finite clause begins: after `;`, or at a
   cue word (`, but`, `, and`, `while`, `after`, `when`, `that` ...; CLAUSE_CUES) when a
   finite verb follows within a few words (so list commas, "Deh Salah, and Banu
   districts", never cut). A sentence opening with a subordinator ("When X, Y") is cut
   at the first comma that a finite clause follows.
2. **Embedded phrases.** Inside a clause, an apposition or a non-restrictive relative
   clause between commas (", the son of ...,", ", who ...,", ", which ...") and a
   parenthetical are *holes*: a time expression inside dates that phrase, never the
   clause around it.

Tables are data (module constants); regexes are compiled at import and linear.
"""

from __future__ import annotations

import re
from typing import Literal

from timeline.article import has_quotes, inside_span, quote_spans
from timeline.dating import lexicon as lx
from timeline.dating.verbs import low_s
from timeline.temporal import tables

# --- data tables -------------------------------------------------------------------------
# fmt: off
# Cue words that may open a new clause. Value: whether a comma must precede the cue
# (coordinators join lists too, so only ", and" + finite verb starts a clause).
CLAUSE_CUES: dict[str, bool] = {
    "and": True, "or": True, "yet": True, "so": True, "and then": True, "and later": True,
    "but": False, "while": False, "whereas": False, "whilst": False,
    "after": False, "before": False, "when": False, "until": False, "since": False,
    "because": False, "although": False, "though": False, "even though": False,
    "even as": False, "once": False, "as soon as": False, "that": False, "where": True,
}
# Prepositions before "where" that make it open a clause without a comma ("found near
# where a sniper shot"); after a verb it asks ("didn't say where the cuts fall").
PLACE_PREPOSITIONS: frozenset[str] = frozenset({"near", "to", "from", "at", "in", "back"})
# Lower-case coordinators opening a clause cut from the middle of a sentence; dropped
# from the event text (a capitalized "But" opens a sentence and stays).
LEADING_COORDINATORS: tuple[str, ...] = ("and then ", "and ", "but ", "or ", "yet ")
# Cues that coordinate (the clause after them is a statement of its own): a present-tense
# clause after one of these is not dated by a past time before it. Other cues subordinate.
COORDINATING_CUES: frozenset[str] = frozenset(
    {";", "and", "or", "yet", "so", "and then", "and later", "but", "while", "whereas",
     "whilst"}
)
# Subordinators that, opening a sentence, make its first comma a clause boundary.
FRONT_SUBORDINATORS: frozenset[str] = frozenset(
    {"after", "before", "when", "while", "since", "until", "although", "though", "because",
     "once", "as", "if", "whereas", "whilst"}
)
# Words that open an apposition or a non-restrictive relative clause after a comma.
RELATIVE_OPENERS: frozenset[str] = frozenset({"who", "whom", "whose", "which", "where"})
APPOSITION_OPENERS: frozenset[str] = frozenset(
    {"the", "a", "an", "one", "his", "her", "their", "its", "both", "each", "himself",
     "herself", "itself", "themselves", "formerly", "now", "then", "also", "another",
     "once", "former"}
)
# First words of a sentence-opening adverbial: the comma after it is no apposition.
ADVERBIAL_OPENERS: frozenset[str] = frozenset(
    {"however", "meantime", "meanwhile", "separately", "still", "moreover", "nonetheless",
     "nevertheless", "also", "instead", "now", "then", "yesterday", "today", "tonight",
     "earlier", "later", "indeed", "overall", "additionally", "finally", "similarly",
     "likewise", "thus", "therefore", "otherwise", "again", "besides", "last", "next",
     "this", "in", "on", "at", "during", "by", "for", "with", "under", "from", "following",
     "despite", "amid", "according", "without", "within", "over", "throughout", "unlike",
     "like", "to", "of", "across", "against", "among", "around", "through", "inside",
     "outside", "near", "beyond", "upon", "toward", "towards", "but", "and", "so", "yet"}
)
# How many words after a cue may hold the finite verb that makes it a clause.
FINITE_WINDOW = 6
# How far a clause's subject may run before an apposition that follows it, and how long
# the apposition may be (characters).
SUBJECT_CHARS = 40
APPOSITION_CHARS = 90
COMMA_FINITE_WINDOW = 10

# fmt: on

# --- compiled patterns -------------------------------------------------------------------

Tense = Literal["past", "present", "future"]

# A cue word after a space; the comma before it is checked by hand. A literal-led
# pattern lets the regex engine skip straight from space to space (it is hot).
_CUE_RE = re.compile(
    r"[ \n](?P<cue>"
    + "|".join(re.escape(c) for c in sorted(CLAUSE_CUES, key=len, reverse=True))
    + r")\b",
)
_FRONT_RE = re.compile(
    r"[\"“\u2018(]?(?:" + "|".join(sorted(FRONT_SUBORDINATORS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
# Every finite form with its tense, for one lookup per word (the lexicon's tables).
_FINITE: dict[str, Tense] = {
    **dict.fromkeys(lx.FUTURE_AUX | {"can", "may", "must"}, "future"),
    **dict.fromkeys(
        lx.IRREGULAR_PAST | lx.BE_PAST | lx.HAVE_PAST | lx.DO_PAST
        | {"could", "would", "might", "should", "wouldn't", "couldn't"},
        "past",
    ),
    **dict.fromkeys(lx.BE_PRESENT | lx.HAVE_PRESENT | lx.DO_PRESENT | lx.PRESENT_VERBS,
                    "present"),
}  # fmt: skip
_WORD_RE = re.compile(r"[A-Za-z][A-Za-z\u2019'-]*")
_WORD_OR_YEAR_RE = re.compile(r"\s*([A-Za-z]+|\d+)\b")
# A word, an optional colon or comma, then a quotation opening: a saying that frames it.
_QUOTE_FRAME_RE = re.compile(r"\b([A-Za-z]+)[,:]?[ \n]+(\u201c|``|\")(?=\S)")
_STOP_RE = re.compile(r"[,;:(]")
_RELATIVE_AFTER_COMMA_RE = re.compile(
    r",\s+(?:" + "|".join(sorted(RELATIVE_OPENERS - {"where"})) + r")\b"
)
# How long a phrase between commas after a cue may be ("and, four years later, ...").
INTERJECTION_CHARS = 40
_COMMA_RE = re.compile(r",")
_TRIM_CHARS = " \t\n,;:—\u2013-"


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Quotations and parentheses: no clause boundary is cut inside them."""
    spans = quote_spans(text) if has_quotes(text) else []
    if "(" in text:
        spans.extend(_paren_spans(text))
        spans.sort()
    return spans


def _paren_spans(text: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    depth = 0
    open_at = 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                open_at = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                out.append((open_at, i))
    return out


def verb_scan(
    text: str, start: int, end: int, limit: int, *, to_comma: bool = True
) -> tuple[int, Tense | None]:
    """First finite verb among the first `limit` words of text[start:end] (before a comma).

    Returns (its position or -1, its tense). A subject pronoun as first word counts as a
    finite clause (position of the pronoun, tense from the next word when known).
    """
    # A word is rarely longer than 25 characters: the cap keeps scans of a huge
    # comma-less sentence linear.
    end = min(end, start + 25 * limit)
    if to_comma and (stop := _STOP_RE.search(text, start, end)) is not None:
        end = stop.start()
    # One lower-casing per scan, not per word; offsets are unchanged by lower().
    low = text[start:end].lower()
    if "\u2019" in low:  # typographic apostrophe: "didn\u2019t" is "didn't"
        low = low.replace("\u2019", "'")
    prev = ""
    pronoun_at = -1
    for count, m in enumerate(_WORD_RE.finditer(low)):
        w = m.group(0)
        tense = _FINITE.get(w)
        if tense is not None:
            return start + m.start(), tense
        if (
            w.endswith("ed")
            and len(w) > 3
            and prev not in lx.DETERMINERS
            and w not in lx.NOT_VERBS_ED
        ):
            return start + m.start(), "past"
        if count == 0 and w in lx.SUBJECT_PRONOUNS:
            pronoun_at = start + m.start()
        elif pronoun_at >= 0 and count == 1 and w.endswith("s"):
            return pronoun_at, "present"  # "he says", "it remains"
        elif (count == 0 or prev in lx.GROUP_ADVERBS) and low_s(w) and _no_digit(low, m.start()):
            # "and employs about 60,000", "and now runs its ...": a present verb whose
            # subject the clause before gave
            nxt = _WORD_RE.search(low, m.end())
            if nxt is not None and nxt.start() - m.end() <= 2 and lx.opens_object(nxt.group(0)):
                return start + m.start(), "present"
        prev = w
        if count + 1 >= limit:
            break
    if pronoun_at >= 0:
        return pronoun_at, None
    return -1, None


def _no_digit(low: str, end: int) -> bool:
    """No number before `end` ("or 67 cents a share" is no clause)."""
    return not any(c.isdigit() for c in low[:end])


_AUXILIARIES = (
    lx.HAVE_PRESENT | lx.HAVE_PAST | lx.BE_PRESENT | lx.BE_PAST | lx.BE_OTHER | lx.MODAL_AUX
    | lx.FUTURE_AUX | lx.DO_PRESENT | lx.DO_PAST | {"not", "never"}
)  # fmt: skip
_WORD_BEFORE_RE = re.compile(r"([A-Za-z']+)\s*$")


def boundaries(text: str, protected: list[tuple[int, int]]) -> list[tuple[int, bool]]:
    """(start offset, coordinated?) of the clauses after the first one."""
    cuts: list[tuple[int, bool]] = []
    m = _FRONT_RE.match(text)
    if m is not None:
        # "When X, Y": the first comma followed by a finite clause ends the subordinate.
        for c in _COMMA_RE.finditer(text, m.end()):
            if protected and inside_span(c.start(), protected):
                continue
            pos, _ = verb_scan(text, c.end(), len(text), FINITE_WINDOW)
            if pos >= 0:
                cuts.append((c.end(), False))
                break
    semi = text.find(";")
    while semi >= 0:  # a semicolon always separates clauses
        if not (protected and inside_span(semi, protected)):
            cuts.append((semi + 1, True))
        semi = text.find(";", semi + 1)
    for m in _QUOTE_FRAME_RE.finditer(text):
        # 'said: “The downtrend will continue ...”': the quote is what the saying reports.
        if m.group(1).lower() in lx.REPORTING_VERBS and not (
            protected and inside_span(m.start(1), protected)
        ):
            pos, _ = verb_scan(text, m.end(), len(text), FINITE_WINDOW, to_comma=False)
            if pos >= 0:
                cuts.append((m.start(2), False))
    interrupting = _interrupting_relatives(text)
    for m in _CUE_RE.finditer(text):
        at = m.start(1)
        if protected and inside_span(at, protected):
            continue
        if any(s <= at < e for s, e in interrupting):
            continue  # "Alvarez, who performed ... and later led ..., died": no new clause
        j = m.start()
        while j > 0 and text[j - 1] in " \n":
            j -= 1
        comma = j > 0 and text[j - 1] == ","
        if j == 0 or (j > 0 and text[j - 1] == ";"):
            continue  # opens the sentence or follows a semicolon: no new cut
        before = _WORD_BEFORE_RE.search(text, max(0, j - 24), j)
        if not comma and before is not None and before.group(1).lower() in _AUXILIARIES:
            continue  # "has since promised": an adverb inside a verb group
        cue = m.group("cue")
        if cue in lx.TIME_PREPOSITION_CUES and _names_a_time(text, m.end()):
            continue  # "waiting until September risked ...": a time, not a clause
        # After a comma a cue starts a clause with a subject of its own, which may be long
        # ("..., but a large outbreak in New York in 2019 ended ...").
        window = COMMA_FINITE_WINDOW if comma and cue in COORDINATING_CUES else FINITE_WINDOW
        scan_from = _past_interjection(text, m.end()) if cue in COORDINATING_CUES else m.end()
        pos, _ = verb_scan(text, scan_from, len(text), window)
        if pos < 0 and comma and cue in COORDINATING_CUES:
            # ", but Denise O'Donnell, the U.S. attorney in Buffalo, has scheduled ...":
            # a subject, its apposition between commas, then the verb
            after = _past_apposition(text, scan_from)
            if after is not None:
                pos, _ = verb_scan(text, after, len(text), FINITE_WINDOW)
        if pos < 0:
            continue
        place = cue in lx.PLACE_RELATIVES and before is not None and (
            before.group(1).lower() in PLACE_PREPOSITIONS
        )  # "near where a sniper shot": a clause of the place
        if CLAUSE_CUES[cue] and not comma and not place:
            # "met in 2019 and agreed ...": without a comma, only a verb right after the
            # coordinator (shared subject) starts a clause; "X and Y" stays a phrase.
            first = _WORD_RE.search(text, scan_from)
            if first is None or first.start() != pos:
                continue
        cuts.append((j if comma else at, cue in COORDINATING_CUES))
    cuts.sort()
    return cuts


def _names_a_time(text: str, at: int) -> bool:
    """Whether the word at `at` names a time: a month, a weekday or a year."""
    m = _WORD_OR_YEAR_RE.match(text, at)
    if m is None:
        return False
    w = m.group(1)
    if w.isdigit():
        return len(w) == 4
    low = w.lower()
    if low in tables.AMBIGUOUS_MONTHS and not w[0].isupper():
        return False
    return low in tables.MONTHS or low in tables.WEEKDAYS


def _interrupting_relatives(text: str) -> list[tuple[int, int]]:
    """Non-restrictive relative clauses between commas that a finite verb follows: they
    interrupt their clause ("Alvarez, who performed ... and later led ..., died on
    Saturday"), and a cue inside one starts no clause of the sentence."""
    spans = []
    for m in _RELATIVE_AFTER_COMMA_RE.finditer(text):
        close = text.find(",", m.end())
        if close < 0:
            continue
        pos, _ = verb_scan(text, close + 1, len(text), 1)
        if pos >= 0:
            spans.append((m.start(), close))
    # ", sent in January 2022 when he was a junior minister, were first reported ...": a
    # participle phrase between commas interrupts its clause the same way.
    for c in _COMMA_RE.finditer(text):
        wm = _WORD_RE.search(text, c.end())
        close = text.find(",", c.end())
        if wm is None or wm.start() - c.end() > 2 or close < 0:
            continue
        if not _participle_phrase(text, wm, close):
            continue
        pos, _ = verb_scan(text, close + 1, len(text), 1)
        if pos >= 0:
            spans.append((c.start(), close))
    return spans


def _past_apposition(text: str, at: int) -> int | None:
    """Where a short subject's words go on past an apposition between commas ("Denise
    O'Donnell, the U.S. attorney for the district, has ..."), if one follows it."""
    first = text.find(",", at, at + SUBJECT_CHARS)
    if first < 0:
        return None
    j = first + 1
    while j < len(text) and text[j] == " ":
        j += 1
    opener = _WORD_RE.match(text, j)
    if opener is None or opener.group(0).lower() not in APPOSITION_OPENERS:
        return None
    close = text.find(",", opener.end(), opener.end() + APPOSITION_CHARS)
    return None if close < 0 else close + 1


def _past_interjection(text: str, at: int) -> int:
    """Where the words after a cue go on, past a phrase between commas right after it
    ("and, four years later, joined ...")."""
    rest = text[at : at + 2].lstrip(" ")
    if not rest.startswith(","):
        return at
    close = text.find(",", text.find(",", at) + 1, at + INTERJECTION_CHARS)
    return at if close < 0 else close + 1


def holes(
    text: str, a: int, b: int, protected: list[tuple[int, int]], times: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Appositions, relative clauses and parentheticals inside text[a:b].

    `times` are the sentence's time expressions (local spans).
    """
    holes: list[tuple[int, int]] = []
    time_ends = {e for _, e in times}
    time_starts = {s for s, _ in times}
    first = True
    for c in _COMMA_RE.finditer(text, a + 1, b):
        at = c.start()
        if protected and inside_span(at, protected):
            continue
        after_opening, first = first, False
        # An apposition to a time ("on Friday, the day after ...") belongs to that time.
        if at in time_ends or _skip_back(text, at, a) in time_ends:
            continue
        wm = _WORD_RE.search(text, c.end(), b)
        if wm is None or wm.start() - c.end() > 2:
            continue
        if wm.start() in time_starts:
            continue  # ", a year ago": a time after a comma dates the clause, no aside
        opener = wm.group(0).lower()
        nxt = _COMMA_RE.search(text, c.end(), b)
        h_end = nxt.start() if nxt is not None else b
        if opener in RELATIVE_OPENERS or (
            opener in APPOSITION_OPENERS
            and wm.group(0)[0].islower()
            and not (after_opening and is_adverbial(text, a, at))
            and verb_scan(text, wm.end(), h_end, 40)[0] < 0
        ) or (nxt is not None and _participle_phrase(text, wm, h_end)):
            holes.append((wm.start(), h_end))
    for p_start, p_end in protected:
        if text[p_start] == "(" and a <= p_start and p_end < b:
            inner = sum(
                min(e, p_end) - max(s, p_start) for s, e in times if s < p_end and e > p_start
            )
            # "(4 a.m. EDT Thursday)" restates the clause's time: it is no aside.
            if inner * 2 < p_end - p_start:
                holes.append((p_start + 1, p_end))
    holes.sort()
    return holes


def _participle_phrase(text: str, wm: re.Match[str], end: int) -> bool:
    """Whether ", passed by the legislature in April," is a participle phrase between
    commas: a past participle that a preposition of its phrase follows."""
    w = wm.group(0)
    if w[0].isupper():
        return False
    if w.lower() in lx.GROUP_ADVERBS or w.lower().endswith("ly"):
        # ", first reported by Bloomberg last week,": an adverb before the participle
        after = _WORD_RE.search(text, wm.end(), end)
        if after is None or after.start() - wm.end() > 1:
            return False
        wm = after
        w = wm.group(0)
    low = w.lower()
    participle = (
        low in lx.IRREGULAR_PARTICIPLES
        or (low in lx.IRREGULAR_PAST and low not in lx.REPORTING_VERBS)  # ", sent in ..."
        or (low.endswith("ed") and len(low) > 3 and low not in lx.NOT_VERBS_ED)
    )
    nxt = _WORD_RE.search(text, wm.end(), end)
    return participle and nxt is not None and nxt.group(0).lower() in lx.PARTICIPLE_PREPOSITIONS


def _skip_back(text: str, at: int, floor: int) -> int:
    # The end of the word before `at`, over spaces and a dot ("Aug. 15." ends at "15").
    while at > floor and text[at - 1] in " .":
        at -= 1
    return at


def is_adverbial(text: str, a: int, comma: int) -> bool:
    """Whether text[a:comma] opens the clause as an adverbial ("However,", "On Friday,")

    so that what follows the comma is the subject, not an apposition.
    """
    m = _WORD_RE.search(text, a, comma)
    if m is None:
        return True
    word = m.group(0).lower()
    if word in ADVERBIAL_OPENERS or word in CLAUSE_CUES or word in FRONT_SUBORDINATORS:
        return True
    return m.end() >= comma - 1 and word.endswith("ly")  # "Separately, the ..."


def trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _TRIM_CHARS:
        a += 1
    # A clause cut at ", but ..." reads as an entry of its own without the "but".
    for word in LEADING_COORDINATORS:
        # "and ..." or "and, four years later, ..."
        if (text.startswith(word, a, b) or text.startswith(word[:-1] + ",", a, b)) and (
            b - a > len(word) + 1
        ):
            a += len(word)
            break
    while a < b and text[a] in _TRIM_CHARS:
        a += 1
    while b > a and text[b - 1] in _TRIM_CHARS:
        b -= 1
    return a, b
