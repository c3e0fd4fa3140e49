"""Output escaped for where it goes: spreadsheets, Markdown, terminals.

Hostile text comes in through the real CLI (article text, sidecar metadata, front
matter, `--source`/`--url`/`--reason`, file names) and, for records stored before
the cleaning existed, straight into the log through the store. Then:

- CSV: no cell starts a formula (`=`, `+`, `-`, `@`, tab, CR): OWASP's leading `'`,
  and the cell quoted.
- Markdown: no raw HTML tag or bare `&` in any cell, one table row per entry.
- Terminals: no stored text field holds a control character; no output format,
  `log`, ingest line, error or worker log carries a raw ESC, BEL or C1 control, and
  the file names echoed are shown escaped (`\\x1b`).
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from rq import Queue
from rq.serializers import JSONSerializer

from tests.factories import article_records
from tests.reliability.helpers import cli, one_line_error, raw_controls, show_all
from timeline import Timeline
from timeline.models import ArticleIngested, EventRecorded
from timeline.output import render

pytestmark = pytest.mark.reliability

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Stored fields, and whether a newline or tab belongs in them.
TEXT_FIELDS = {"text": True, "time_text": False, "title": False, "source": False,
               "url": False, "reason": False}  # fmt: skip
SHOW_FORMATS = ("table", "json", "jsonl", "csv", "markdown", "timelinejs", "ics", "html")


def _plant(
    timeline: Timeline, seed: int, *, title: str, source: str, url: str | None, texts: list[str]
) -> None:
    """An article's records with raw text, appended as a version without the cleaning would."""
    article_id, records = article_records(seed, events=len(texts))
    head = records[0]
    assert isinstance(head, ArticleIngested)
    article = head.article.model_copy(update={"title": title, "source": source, "url": url})
    events = [
        r.model_copy(update={"event": r.event.model_copy(update={"text": t})})
        for r, t in zip(records[1:], texts, strict=True)
        if isinstance(r, EventRecorded)
    ]
    planted = [head.model_copy(update={"article": article}), *events]
    assert timeline.backend.store.append_article(article_id, planted).status == "appended"
    timeline.operator.project()  # reads never write: the projection is brought up here


def _write(folder: Path, name: str, text: str, sidecar: dict[str, str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if sidecar is not None:
        (folder / f"{name}.json").write_text(json.dumps(sidecar), encoding="utf-8")
    return path


# -- CSV -----------------------------------------------------------------------------------

CSV_TITLE = "=cmd' /C calc'!A0"  # (a `|` would split the title line: headline | source)
CSV_SOURCE = '+HYPERLINK("http://evil.example/","click")'
CSV_TEXTS = ["=1+2 was agreed on Monday, officials said.",
             "@SUM(1+1) was filed on Tuesday.", "-2+3 was the vote on Aug. 15, 2021."]  # fmt: skip


def test_csv_cells_that_would_be_formulas_are_neutralized(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    article = _write(
        tmp_path, "formulas.txt", "Formulas\n\n" + "\n\n".join(CSV_TEXTS) + "\n",
        {"title": CSV_TITLE, "source": CSV_SOURCE},
    )  # fmt: skip
    added = cli(env, "ingest", str(article), "--published", "2021-08-22")
    assert added.returncode == 0, added.stderr
    # Stored before any cleaning: cells that start with a tab or a minus sign.
    _plant(timeline, 41, title="@cmd planted", source="-1+1", url=None, texts=["\t=2+5 planted"])
    out_file = tmp_path / "export.csv"
    exported = cli(env, "export", "--format", "csv", "--no-merge", "-o", str(out_file))
    shown = cli(env, "show", "--format", "csv", "--limit", "1000", "--no-merge")
    assert exported.returncode == 0 and shown.returncode == 0, exported.stderr + shown.stderr
    for raw in (shown.stdout, out_file.read_text(encoding="utf-8")):
        rows = list(csv.reader(io.StringIO(raw)))
        cells = [cell for row in rows[1:] for cell in row]
        assert rows and len(rows) > 1
        assert [c for c in cells if c.startswith(FORMULA_START)] == []
        neutralized = [c for c in cells if c[:1] == "'" and c[1:].startswith(FORMULA_START)]
        # Each planted payload is there, neutralized, and quoted in the file itself.
        for payload in (CSV_TITLE, CSV_SOURCE, "@cmd planted", "-1+1", "\t=2+5 planted"):
            assert "'" + payload in cells, payload
            assert '"' + ("'" + payload).replace('"', '""') + '"' in raw, payload
        assert any(c.startswith("'=1+2") for c in cells)
        figures.add("csv_formulas_neutralized", len(neutralized))


# -- Markdown ------------------------------------------------------------------------------

_TAG = re.compile(r"<[A-Za-z/!?]")
_BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|#x?[0-9a-fA-F]+);)")


def _cells(line: str) -> int:
    """The cells of one Markdown table line: `|` not escaped by a backslash, minus one."""
    return sum(1 for token in re.findall(r"\\.|\|", line) if token == "|") - 1


def test_markdown_export_escapes_html_and_table_syntax(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    texts = [
        "<script>alert(1)</script> was found on Monday | in a pipe.",
        "Tom & Jerry <a href=javascript:alert(1)>met</a> on Tuesday [x](javascript:alert(2)).",
        "A back\\slash\\| and <img src=x onerror=alert(3)> on Aug. 15, 2021.",
    ]
    article = _write(
        tmp_path, "markup.txt", "Markup\n\n" + "\n\n".join(texts) + "\n",
        {"title": "<b>Bold</b> & co", "source": "<img src=x onerror=alert(4)>"},
    )  # fmt: skip
    assert cli(env, "ingest", str(article), "--published", "2021-08-22").returncode == 0
    _plant(timeline, 42, title="Old", source="Src\nwith | newline <svg onload=alert(5)>",
           url=None, texts=["line one\nline two <iframe src=x> & more"])  # fmt: skip
    listed = cli(env, "show", "--format", "json", "--limit", "1000", "--no-merge")
    count = len(json.loads(listed.stdout))
    out_file = tmp_path / "export.md"
    exported = cli(env, "export", "--format", "markdown", "--no-merge", "-o", str(out_file))
    shown = cli(env, "show", "--format", "markdown", "--limit", "1000", "--no-merge")
    assert exported.returncode == 0 and shown.returncode == 0, exported.stderr + shown.stderr
    for raw in (shown.stdout, out_file.read_text(encoding="utf-8")):
        lines = raw.strip("\n").splitlines()
        assert _TAG.findall(raw) == [] and _BARE_AMPERSAND.findall(raw) == []
        assert "&lt;script&gt;" in raw and "&lt;img" in raw
        assert re.search(r"(?<!\\)\]\(", raw) is None  # no link syntax left
        # A row per entry, each with the table's three cells: no pipe or newline broke one.
        assert len(lines) - 2 == count
        assert all(line.startswith("| ") and line.endswith(" |") for line in lines)
        assert {_cells(line) for line in lines} == {3}
        figures.add("markdown_html_escaped", len(lines) - 2)


# -- terminals -----------------------------------------------------------------------------

HOSTILE_NAME = "name\x1b]0;pwned\x07.txt"
# Rich markup: on a terminal it would become a hyperlink (OSC 8) and blinking text.
MARKUP = "[link=https://evil.example/]click[/link] [blink]now[/blink]"
_SGR = re.compile(r"\x1b\[[0-9;]*m")  # colours and styles: what the table may contain
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\x07\x7f"


def _stored_fields(timeline: Timeline) -> list[tuple[str, str]]:
    """Every stored text field of the log, as (field, value)."""
    found = []
    for entry in timeline.backend.store.tail(100_000):
        data = json.loads(entry.data)
        if isinstance(data, list):  # a compact event (schema 3): its strings, as text
            found += [("text", v) for v in data if isinstance(v, str)]
            continue
        for part in (data, data.get("article") or {}, data.get("event") or {}):
            found += [(k, v) for k, v in part.items() if k in TEXT_FIELDS and isinstance(v, str)]
    return found


def test_terminal_escapes_never_stored_shown_or_echoed(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    sidecar = {"title": f"Side{ESCAPES} title", "source": f"Src{ESCAPES}",
               "url": f"https://example.org/{ESCAPES}a"}  # fmt: skip
    named = _write(tmp_path / "a", HOSTILE_NAME, f"T\n\nThe council{ESCAPES} met on Monday.\n",
                   sidecar)  # fmt: skip
    front = _write(tmp_path / "b", "front.md",
                   f"---\ntitle: Front{ESCAPES}\nsource: Fm\x1b[1m\n---\nIt rained on Friday.\n")
    plain = _write(tmp_path / "c", "plain.txt", "Plain\n\nThe bridge closed on Tuesday.\n")
    gone = _write(tmp_path / "d", "gone.txt", "Gone\n\nThe road closed on Wednesday.\n")
    outs = [
        cli(env, "ingest", str(named), str(front), "--published", "2021-08-22"),
        cli(env, "ingest", str(plain), "--published", "2021-08-22",
            "--source", f"Wire{ESCAPES}", "--url", f"https://example.org/{ESCAPES}b"),
        cli(env, "ingest", str(gone), "--published", "2021-08-22"),
    ]  # fmt: skip
    assert all(o.returncode == 0 for o in outs), [o.stderr for o in outs]
    gone_id = json.loads(cli(env, "ingest", str(gone), "--json").stdout)[0]["article_id"]
    outs.append(cli(env, "retract", gone_id, "--reason", f"wrong{ESCAPES}"))
    assert outs[-1].returncode == 0, outs[-1].stderr
    # The file name is echoed escaped, not obeyed.
    assert "name\\x1b]0;pwned\\x07.txt: " in outs[0].stdout
    # Errors and warnings that echo what was given: a missing file, a date, a window.
    errors = [
        cli(env, "ingest", str(tmp_path / f"missing{ESCAPES}.txt")),
        cli(env, "ingest", str(tmp_path / "a"), "--published", f"2021{ESCAPES}"),
    ]
    for out in errors:
        assert out.returncode == 2 and one_line_error(out), out.stderr
    assert "missing\\x1b[2J" in errors[0].stderr
    errors.append(cli(env, "show", "--since", f"Friday{ESCAPES}", "--until", f"x{ESCAPES}"))
    # Stored: nothing that came in through the CLI keeps a control character.
    fields = _stored_fields(timeline)
    assert {k for k, _ in fields} >= {"text", "title", "source", "url", "reason"}
    dirty = [(k, v) for k, v in fields if raw_controls(v, "\n\t" if TEXT_FIELDS[k] else "")]
    assert dirty == []
    # Records stored before the cleaning: every format cleans them when it shows them.
    _plant(timeline, 43, title=f"Old{ESCAPES}", source=f"Old src{ESCAPES}",
           url=f"https://example.org/{ESCAPES}c",
           texts=[f"Old text{ESCAPES} here {MARKUP}"])  # fmt: skip
    shows = {fmt: cli(env, "show", "--format", fmt, "--limit", "1000") for fmt in SHOW_FORMATS}
    html_file = tmp_path / "export.html"
    shows["export-html"] = cli(env, "export", "--format", "html", "-o", str(html_file))
    shows["log"] = cli(env, "log", "-n", "1000")
    shows["log-json"] = cli(env, "log", "-n", "1000", "--json")
    assert "Old" in shows["json"].stdout and "Old" in shows["log-json"].stdout
    checked = {f"command {i}": out for i, out in enumerate(outs + errors)} | shows
    for name, out in checked.items():
        assert out.returncode in (0, 2), (name, out.stderr)
        allow = "\n\t\r" if name == "ics" else "\n\t"  # iCalendar lines end in CRLF
        assert raw_controls(out.stdout, allow) == [], (name, raw_controls(out.stdout, allow))
        assert raw_controls(out.stderr) == [], (name, raw_controls(out.stderr))
    assert raw_controls(html_file.read_text(encoding="utf-8")) == []
    # On a terminal the table is coloured by rich: its own styles, and text is not markup
    # (rendered here as the CLI renders it for a terminal; the runs above are piped).
    coloured = render(show_all(timeline), "table", color=True, width=400)
    assert MARKUP in coloured
    assert raw_controls(_SGR.sub("", coloured)) == [], raw_controls(_SGR.sub("", coloured))
    figures.add("terminal_escapes_neutralized", len(checked) + len(fields) + 2)


def test_worker_log_escapes_what_a_job_names(
    timeline: Timeline, env: dict[str, str], figures: Any
) -> None:
    r = timeline.backend.connections.queue
    q = Queue(timeline.settings.queue_name, connection=r, serializer=JSONSerializer)
    q.enqueue(f"os.getcwd{ESCAPES}", description=f"desc {ESCAPES} end")
    q.enqueue(f"os.getcwd{ESCAPES}")  # RQ's own description: the call, function name and all
    out = cli(env, "worker", "--burst", timeout=120)
    log = out.stdout + out.stderr
    figures.add("terminal_escapes_neutralized", 2)
    assert "desc \\x1b[2J\\x1b]0;pwned\\x07" in log, log[-2000:]
    assert raw_controls(log) == [], raw_controls(log)
