"""Aborted rebuilds leave no orphan generation behind (issue 11, item 8).

`timeline rebuild` fills a new generation of keys (no TTL: it is to become the
live one) and swaps it in once it holds the whole log. Here it is SIGKILLed mid-way
three times over a long log (three records per script call): each time its
generation's keys stay (without a TTL), `status` counts it, and the next rebuild
removes every key of it as it starts; after a rebuild that finishes, `status`
shows none, and only the live generation (and the one it replaced, expiring) is
left. A generation whose rebuild still runs is never removed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.factories import article_records, projection_snapshot
from tests.reliability.helpers import cli, kill_group, spawn, wait_until
from timeline import Timeline

pytestmark = pytest.mark.reliability

ABORTS = 3


def _generation_keys(timeline: Timeline) -> dict[int, dict[str, int]]:
    """generation -> {key: its TTL} of every projection key of the timeline."""
    r = timeline.backend.connections.store
    prefix = timeline.backend.keys.projection(0).prefix.rsplit(":p", 1)[0] + ":p"
    out: dict[int, dict[str, int]] = {}
    for key in r.scan_iter(match=prefix.replace("{", "\\{").replace("}", "\\}") + "*"):
        gen = int(key[len(prefix) :].split(":", 1)[0])
        out.setdefault(gen, {})[key] = int(r.ttl(key))
    return out


def test_aborted_rebuilds_leave_no_orphan_generation(
    timeline: Timeline, env: dict[str, str], tmp_path: Path, figures: Any
) -> None:
    env = env | {"TIMELINE_BATCH_SIZE": "3"}
    # 5,200 records, three per script call: seconds of rebuilding, so that a kill right
    # after it starts always lands mid-way (120 articles let it finish first on a fast run).
    for seed in range(400):
        article_id, records = article_records(seed, events=12)
        timeline.backend.store.append_article(article_id, records)
    timeline.operator.project()
    before = projection_snapshot(timeline)
    live = timeline.backend.projection.generation()
    r = timeline.backend.connections.store
    counter = timeline.backend.keys.generation_counter
    aborted: list[int] = []
    for _ in range(ABORTS):
        gen = int(r.get(counter) or 0) + 1
        proc = spawn(env, "rebuild", log=tmp_path / "rebuild.log")
        checkpoint = timeline.backend.keys.projection(gen).checkpoint
        wait_until(lambda c=checkpoint: r.exists(c) == 1, 60, "the rebuild to start")
        kill_group(proc)
        # The rebuild removed the generation the one before it left.
        assert not set(_generation_keys(timeline)) & set(aborted)
        aborted.append(gen)
        # What the issue found: the aborted generation's keys stay, without a TTL.
        keys = _generation_keys(timeline)
        assert keys.get(gen) and all(t == -1 for t in keys[gen].values()), keys
        assert timeline.backend.projection.generation() == live
        st = json.loads(cli(env, "status", "--json").stdout)
        assert st["orphan_generations"] == 1, st
        assert "(1 left by aborted rebuilds)" in cli(env, "status").stdout

    # A rebuild that runs is not an orphan: another one's cleanup leaves it alone.
    gen = int(r.get(counter) or 0) + 1
    running = spawn(env, "rebuild", log=tmp_path / "rebuild.log")
    try:
        checkpoint = timeline.backend.keys.projection(gen).checkpoint
        wait_until(lambda: r.exists(checkpoint) == 1, 60, "the last rebuild to start")
        assert timeline.backend.projection.remove_orphans() == 0
        assert json.loads(cli(env, "status", "--json").stdout)["orphan_generations"] == 0
        assert running.wait(timeout=120) == 0
    finally:
        if running.poll() is None:
            kill_group(running)
    figures.add("orphan_generations_removed", ABORTS)
    st = json.loads(cli(env, "status", "--json").stdout)
    assert st["orphan_generations"] == 0 and st["generation"] == gen, st
    keys = _generation_keys(timeline)
    assert set(keys) <= {live, gen}, sorted(keys)
    assert all(t > 0 for t in keys.get(live, {}).values())  # the replaced one expires
    assert projection_snapshot(timeline) == before
