"""Bad dates (issue 11, item 11): the right date, or one clear line and a non-zero exit.

Through the real CLI: `--since`, `--until` and `--as-of` given days that do not exist
(2021-02-30, 2021-13-01, month 00, week 53 of a year of 52) or that a timeline cannot
hold (9999-12-31: the day after it is past Python's calendar, and intervals end on
the day after) are one line naming what is wrong, exit 2, instead of December 2020 or
all of 2021 read from the words; a day at the edge (9999-12-30, 2020-W53, the year
9999) is taken. In article text, "December 31, 9999" is that day, not the 31st of
December of the publication year, and like the literal 9999-12-31 dates nothing, with
a warning that says so; "February 30, 2021" dates nothing (not "2021").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.reliability.helpers import cli, one_line_error
from timeline import Timeline

pytestmark = pytest.mark.reliability

BAD = {
    "9999-12-31": "after 9999-12-30",
    "2021-00": "no month 00",
    "2021-13-01": "no month 13",
    "2021-13": "no month 13",
    "2021-02-30": "February 2021 has no day 30",
    "2021-W53": "2021 has no week 53",
    "0000-01-01": "no year 0",
}
GOOD = ["9999-12-30", "2020-W53", "9999", "2021-02-28", "2021-12"]


def test_bad_query_dates_are_one_clear_line(
    timeline: Timeline, env: dict[str, str], figures: Any
) -> None:
    for value, why in BAD.items():
        for option in ("--since", "--until", "--as-of"):
            p = cli(env, "show", option, value)
            figures.add("bad_dates_refused", 1)
            assert p.returncode == 2 and one_line_error(p), (option, value, p.stderr)
            assert why in p.stderr and value in p.stderr, (option, value, p.stderr)
    p = cli(env, "ingest", "-", "--published", "9999-12-31", stdin=b"Title\n\nIt rained.\n")
    assert p.returncode == 2 and one_line_error(p), p.stderr
    assert timeline.backend.store.length() == 0
    # The edge days are taken (on a timeline that exists: on a server that holds other
    # timelines, `show` of an unknown one is an error of its own).
    p = cli(env, "ingest", "-", "--published", "2021-08-22", stdin=b"Title\n\nIt rained.\n")
    assert p.returncode == 0, p.stderr
    for value in GOOD:
        p = cli(env, "show", "--since", value, "--as-of", "2021-08-22")
        assert p.returncode == 0 and "error" not in p.stderr, (value, p.stderr)


def test_far_and_impossible_days_in_text_date_nothing_wrongly(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    texts = {
        "words": "Treaty\n\nThe treaty expires on December 31, 9999.\n",
        "digits": "Filing\n\nThe filing is dated 9999-12-31.\n",
        "impossible": "Ledger\n\nThe entry was made on February 30, 2021.\n",
        "edge": "Vault\n\nThe vault opens on December 30, 9999.\n",
    }
    shown = {}
    for name, text in texts.items():
        p = cli(env, "ingest", "-", "--published", "2020-12-31", stdin=text.encode())
        assert p.returncode == 0, (name, p.stderr)
        figures.add("bad_dates_refused", 1)
        if name in ("words", "digits"):
            assert "9999-12-30, the last day a timeline can hold" in p.stderr, p.stderr
            assert "dates nothing" in p.stderr and "Traceback" not in p.stderr
        out = cli(env, "show", "--format", "json", "--no-merge", "--as-of", "2020-12-31",
                  "--grep", text.split("\n")[0])  # fmt: skip
        assert out.returncode == 0, out.stderr
        shown[name] = json.loads(out.stdout)
    for name in ("words", "digits", "impossible"):
        [entry] = shown[name]
        # Not dated by its time (not the publication year's 31 December, nor all of
        # 2021): only by what its tense allows, from the publication day.
        assert entry["time_text"] in (None, "") and entry["anchor"] == "publication", entry
    [edge] = shown["edge"]
    assert edge["start"] == "9999-12-30" and edge["end"] == "9999-12-31", edge
