"""Print, or write into RELIABILITY.md, the figures of the last reliability runs.

    python tests/reliability/report.py            # print the table
    python tests/reliability/report.py --write    # replace the table in RELIABILITY.md

The figures come from the file the suite writes ($TIMELINE_RELIABILITY_FIGURES,
default .pytest_cache/reliability.json): never typed by hand. Each row says the
command that reproduces it: pytest on the files of the tests that measured it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
DEFAULT = ROOT / ".pytest_cache" / "reliability.json"
DOC = ROOT / "RELIABILITY.md"
START, END = "<!-- figures:start -->", "<!-- figures:end -->"

# key -> label, in table order. Keys measured that are not here are listed after.
LABELS = {
    "worker_kill_points": "worker processes SIGKILLed mid-projection (kill points survived)",
    "extraction_kills": "extraction workers SIGKILLed mid-batch (ingest --workers)",
    "extraction_articles_checked": "articles of a killed extraction checked: each once, whole",
    "server_restarts": "Redis/Valkey servers SIGKILLed and restarted (restarts survived)",
    "concurrent_writers": "concurrent ingest processes",
    "concurrent_workers": "concurrent RQ workers (with rebuilds running)",
    "hostile_inputs": "hostile inputs tried (files, stdin, adversarial texts, jobs)",
    "hostile_conditions": "store failures tried (unreachable, hung, replica, OOM, auth, URLs)",
    "events_checked": "events checked, log against projection against rebuild",
    "events_lost": "events lost",
    "events_duplicated": "events duplicated",
    "refused_50mb_peak_rss_kib": "peak RSS refusing a 50 MB file (KiB)",
    "csv_formulas_neutralized": "CSV cells starting a formula, neutralized (' prefix, quoted)",
    "markdown_html_escaped": (
        "Markdown rows with HTML, pipes and newlines planted: escaped, none broken"
    ),
    "terminal_escapes_neutralized": (
        "outputs, echoes, worker logs and stored fields checked for raw terminal escapes"
    ),
    "callbacks_refused": (
        "jobs naming callbacks or a forbidden function, refused by a worker (none imported)"
    ),
    "read_commands_checked": (
        "read commands run over a planted abandoned job: no callback run, no key changed"
    ),
    "stall_after_last_kill_ms": (
        "ms from the last worker SIGKILL until live workers projected the rest (bound 10 s)"
    ),
    "stall_records_waiting": "records waiting at that last kill",
    "dead_workers_not_counted": "SIGKILLed workers whose lingering records `status` did not count",
    "orphan_generations_removed": (
        "generations left by SIGKILLed rebuilds, removed by the next rebuild (none left)"
    ),
    "degraded_reads_ok": (
        "read commands run on a full disk, a read-only replica and at maxmemory: all worked"
    ),
    "degraded_writes_refused": (
        "writes on those servers: one line saying what is wrong, exit 1, log unchanged"
    ),
    "group_commit_articles": "articles of one ingest (group commit) ...",
    "group_commit_waitaof_calls": "... and the fsync waits (WAITAOF) they took",
    "group_commit_speed_percent": (
        "that ingest's speed with the AOF, in % of the same without persistence (wall time)"
    ),
    "group_commit_acknowledged_before_kill": (
        "articles acknowledged before a SIGKILL of the server mid-ingest (all found after it)"
    ),
    "bad_dates_refused": (
        "bad dates tried (--since/--until/--as-of/--published, in text): one line or no misdating"
    ),
    "data_dir_attacks_refused": (
        "commands refused on an unsafe data dir (planted links, open to others, other owner)"
    ),
}
SERVERS = {"embedded": ""}


def _label(key: str) -> str:
    if key in LABELS:
        return LABELS[key]
    if key.startswith("at_limit_") and key.endswith("_peak_rss_kib"):
        size = key.removeprefix("at_limit_").removesuffix("_peak_rss_kib")
        return f"peak RSS ingesting a {size.upper()} file at the size limit (KiB)"
    return key


def _command(server: str, key: str, figure: dict[str, Any], prefix: str) -> str:
    files = sorted({t.split("::")[0] for t in figure["tests"]})
    size = key.removeprefix("at_limit_").removesuffix("mb_peak_rss_kib")
    env = f"TIMELINE_RELIABILITY_BIG_MB={size} " if key.startswith("at_limit_") else ""
    return f"`{prefix}{env}pytest -m reliability {' '.join(files)}`"


def _database(url: str) -> str:
    """The database number of a redis:// URL ("0" when it names none)."""
    path = url.split("?", 1)[0].rsplit("/", 1)
    return path[1] if len(path) == 2 and path[1].isdigit() else "0"


def table(data: dict[str, Any]) -> str:
    lines = []
    for server, entry in sorted(data.items()):
        run = entry.get("last_run", {})
        prefix = SERVERS.get(server, "")
        where = "the embedded server the tests start"
        if server == "TIMELINE_TEST_REDIS_URL":
            # The run records the database it used (runs before that: database 11).
            db = _database(run.get("server_url", "redis://127.0.0.1:6379/11"))
            prefix = f"TIMELINE_TEST_REDIS_URL=redis://127.0.0.1:6379/{db} "
            where = f"the shared Redis 7 (database {db})"
        lines += [
            f"### On {where}",
            "",
            f"Last run: {run.get('finished', '?')}, `pytest {' '.join(run.get('args', []))}`: "
            f"{run.get('tests', '?')} tests, {run.get('failed', '?')} failed, "
            f"{run.get('duration_s', '?')} s.",
            "",
            "| figure | value | measured | command |",
            "| --- | ---: | --- | --- |",
        ]
        figures = entry.get("figures", {})
        keys = [k for k in LABELS if k in figures] + sorted(set(figures) - set(LABELS))
        for key in keys:
            f = figures[key]
            status = "" if f.get("exit_status", 0) == 0 else " (run had failures)"
            lines.append(
                f"| {_label(key)} | {f['value']:,} | {f.get('finished', '?')}{status} | "
                f"{_command(server, key, f, prefix)} |"
            )
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"update {DOC.name}")
    parser.add_argument(
        "--figures",
        type=Path,
        default=Path(os.environ.get("TIMELINE_RELIABILITY_FIGURES") or DEFAULT),
    )
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.figures.read_text())
    except (OSError, ValueError) as exc:
        print(f"report: no figures in {args.figures} ({exc}); run the suite first", file=sys.stderr)
        return 1
    text = table(data)
    if not args.write:
        print(text, end="")
        return 0
    doc = DOC.read_text()
    if START not in doc or END not in doc:
        print(f"report: {DOC} has no {START} ... {END} markers", file=sys.stderr)
        return 1
    head, rest = doc.split(START, 1)
    _, tail = rest.split(END, 1)
    DOC.write_text(f"{head}{START}\n{text}{END}{tail}")
    print(f"report: updated {DOC}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
