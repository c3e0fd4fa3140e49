"""Habits of good CLIs (issue 14, item 4): a config file under the environment, --quiet,
`timeline drop NAME --yes`, an unknown --source named with the sources there are, and
an example in every command's help. On the real server, through click's runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from timeline import ArticleInput, Timeline
from timeline.cli import cli
from timeline.settings import config_path, load_settings

QUAKE = """\
Quake shakes Van province | World | Northwind Wire

VAN, Turkey (Northwind) - An earthquake of magnitude 5.1 shook Van province on Sunday, \
the disaster agency said.

Schools in the province stayed closed on Monday while engineers checked the buildings.
"""


@pytest.fixture
def config(env: dict[str, str]) -> Iterator[Path]:
    """The test's config file (under its own XDG_CONFIG_HOME), removed after the test."""
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    yield path
    path.unlink(missing_ok=True)


def run(env: dict[str, str], *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, prog_name="timeline")


@pytest.fixture
def quake(tmp_path: Path) -> Path:
    path = tmp_path / "van-quake.txt"
    path.write_text(QUAKE, encoding="utf-8")
    return path


def test_the_config_file_gives_settings_and_the_environment_wins(
    config: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = config
    assert path == tmp_path / "config" / "timeline" / "config.toml"  # the test's XDG home
    path.write_text('timeline = "from-file"\nfetch_delay = 0.25\nbatch_size = 500\n')
    monkeypatch.delenv("TIMELINE_TIMELINE")
    settings = load_settings()
    got = (settings.timeline, settings.fetch_delay, settings.batch_size)
    assert got == ("from-file", 0.25, 500)
    monkeypatch.setenv("TIMELINE_BATCH_SIZE", "700")
    assert load_settings().batch_size == 700  # the environment wins


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('timeline = "unclosed\n', "is not valid TOML"),
        ("colour = true\n", "unknown setting 'colour'; the settings are api_token, batch_size, "),
        ('batch_size = "many"\n', "config.toml: batch_size: Input should be a valid integer"),
    ],
)
def test_a_bad_config_file_is_one_clear_line(
    env: dict[str, str], config: Path, text: str, message: str
) -> None:
    path = config
    path.write_text(text)
    result = run(env, "status")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"timeline: error: {path}") and message in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output


def test_quiet_leaves_results_and_errors_only(env: dict[str, str], quake: Path) -> None:
    loud = run(env, "ingest", str(quake), "--published", "2023-11-20")
    assert loud.exit_code == 0 and "events added" in loud.stdout
    quiet = run(env, "ingest", str(quake), "--published", "2023-11-21", "--quiet")
    assert quiet.exit_code == 0 and quiet.stdout == "" and quiet.stderr == ""
    shown = run(env, "-q", "show", "--limit", "1", "--as-of", "2023-11-22")
    assert "Sun 19 Nov 2023" in shown.stdout and shown.stderr == ""  # no "more events" hint
    hinted = run(env, "show", "--limit", "1", "--as-of", "2023-11-22")
    assert "more events after these 1" in hinted.stderr
    failed = run(env, "ingest", str(quake) + ".missing", "-q")
    assert failed.exit_code == 2 and "no such file" in failed.stderr


def test_an_unknown_source_names_the_sources_there_are(
    env: dict[str, str], timeline: Timeline, quake: Path
) -> None:
    timeline.writer.ingest([ArticleInput(str(quake), published=None)])
    result = run(env, "show", "--source", "Reuters")
    assert result.exit_code == 2
    assert "no source 'Reuters'" in result.stderr and "'Northwind Wire'" in result.stderr
    assert run(env, "show", "--source", "northwind wire").exit_code == 0  # any case


def test_drop_deletes_a_timeline_only_with_yes(
    env: dict[str, str], timeline: Timeline, quake: Path
) -> None:
    timeline.writer.ingest([ArticleInput(str(quake))])
    timeline.backend.jobs.follow(timeline.name, "https://northwind.example/feed.xml", 900)
    refused = run(env, "drop", timeline.name)
    assert refused.exit_code == 2 and "add --yes" in refused.stderr
    assert timeline.backend.store.length() > 0
    dropped = run(env, "drop", timeline.name, "--yes")
    assert dropped.exit_code == 0 and f"dropped timeline {timeline.name!r}" in dropped.stdout
    r = timeline.backend.connections.store  # type: ignore[attr-defined]
    assert list(r.scan_iter(match=f"{{timeline:{timeline.name}}}*")) == []
    assert timeline.name not in timeline.reader.timelines() and timeline.reader.follows() == []
    again = run(env, "drop", timeline.name, "--yes")
    assert again.exit_code == 2 and f"No timeline {timeline.name!r}" in again.stderr


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out: list[tuple[str, click.Command]] = []
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            out += _commands(command, f"{prefix}{name} ")
        out.append((prefix + name, command))
    return out


@pytest.mark.parametrize(("name", "command"), _commands(cli))
def test_every_command_has_an_example_in_its_help(name: str, command: click.Command) -> None:
    text = CliRunner().invoke(cli, [*name.split(), "--help"]).output
    assert "Example" in text and f"timeline {name}" in text.split("Example", 1)[1], name
