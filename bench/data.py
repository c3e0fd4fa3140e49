"""The workload: real article text from TempEval-3 and the seed article.

Documents are the TempEval-3 .tml files (timebank, aquaint, platinum: ~280 news
articles with their document creation time) and ../shared/seed/panjshir.txt.
Their events are extracted once with the real extractor and cached in
bench/out/cache (keyed by a hash of the data and of the extraction code).

Variants, to reach a million events honestly: variant k of an article is the
same article published `years_k` years later (plus a few days, both seeded).
Every TIMEX3 value that begins with a year is shifted by `years_k` and its
interval recomputed with `TimexValue.shifted(years).interval(new_published)`;
DCT-relative values (PRESENT_REF, PAST_REF ...) are recomputed against the new
date; values with no year (decades "198", centuries) keep their value and their
interval is shifted by the same years. The article id and event ids are new
(a hash of the original id and k), so the store sees distinct articles. The
events keep their real texts, clause positions and anchors.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import random
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from bench.common import OUT, ROOT, SHARED, log
from timeline import records as log_records
from timeline.models import AnyRecord, ArticleIngested, ArticleMeta, Certainty, Event

TEMPEVAL = SHARED / "data" / "tempeval3"
SEED = SHARED / "seed" / "panjshir.txt"
SEED_PUBLISHED = dt.date(2021, 8, 22)
SETS = ("timebank", "aquaint", "platinum")
CACHE = OUT / "cache"
# Recorded ingest time: fixed so the payloads (and their sizes) are reproducible.
INGESTED_AT = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


class MissingData(Exception):
    """The benchmark data is not beside the project."""


@dataclass(frozen=True)
class Doc:
    name: str
    text: str  # a title line, a blank line, then the body: what `timeline ingest` reads
    published: dt.date


def check_data() -> None:
    missing = [str(TEMPEVAL / s) for s in SETS if not list((TEMPEVAL / s).glob("*.tml"))]
    if not SEED.is_file():
        missing.append(str(SEED))
    if missing:
        raise MissingData("benchmark data missing: " + ", ".join(missing))


def documents() -> list[Doc]:
    """Every document as article text with its publication date (tags stripped)."""
    check_data()
    sys.path.insert(0, str(ROOT))
    from bench.timex_eval import parse

    docs = []
    for s in SETS:
        for path in sorted((TEMPEVAL / s).glob("*.tml")):
            d = parse(path)
            # TempEval text has no headline line of its own (some documents are one
            # line): the document name is the title, the whole text the body.
            docs.append(Doc(f"{s}/{path.stem}", f"{path.stem}\n\n{d.text.strip()}", d.dct))
    docs.append(Doc("seed/panjshir", SEED.read_text(encoding="utf-8"), SEED_PUBLISHED))
    return docs


def _code_hash() -> str:
    """Extraction code and data: a change to either invalidates the cache."""
    h = hashlib.sha256()
    for p in sorted((ROOT / "timeline").rglob("*.py")):
        h.update(p.read_bytes())
    for s in SETS:
        for p in sorted((TEMPEVAL / s).glob("*.tml")):
            h.update(p.name.encode())
    h.update(SEED.read_bytes())
    return h.hexdigest()[:16]


@functools.cache
def extracted() -> list[tuple[ArticleMeta, list[Event], str]]:
    """Every document's article, events and text (which the head record keeps, as
    `timeline ingest` stores it) from the real extractor, cached.

    Memoized too: other engineers edit timeline/ while a run goes on, and every
    timeline of one run must come from the same extraction."""
    from timeline.extract import extract

    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"extracted-{_code_hash()}.json"
    if path.exists():
        raw = json.loads(path.read_text())
    else:
        log("extracting events from the documents (cached afterwards)")
        raw = []
        for d in documents():
            ex = extract(d.text, published=d.published, source="TempEval-3", today=d.published)
            raw.append(json.loads(ex.model_dump_json()))
        path.write_text(json.dumps(raw))
    return [
        (
            ArticleMeta.model_validate(a["article"]),
            [Event.model_validate(e) for e in a["events"]],
            a.get("text", ""),
        )
        for a in raw
    ]


def _shift_year(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February in a common year
        return d.replace(year=d.year + years, day=28)


def variant(
    article: ArticleMeta, events: list[Event], k: int, years: int, days: int, text: str = ""
) -> tuple[str, list[AnyRecord], list[str]]:
    """Variant `k` of an article; returns (article id, records, the records' payloads as
    the store appends them)."""
    from timeline.temporal import TimexValue

    if k == 0:
        new_id, published = article.id, article.published
    else:
        new_id = hashlib.sha256(f"{article.id}/{k}".encode()).hexdigest()[:32]
        published = _shift_year(article.published, years) + dt.timedelta(days=days)
    meta = article.model_copy(update={"id": new_id, "published": published})
    new_events = []
    delta = published - article.published
    for e in events:
        if k == 0:
            new_events.append(e)
            continue
        if e.certainty is not Certainty.KNOWN:
            # Bounded by publication ("before 22 Aug"): its bounds move with the article.
            new_events.append(
                e.model_copy(
                    update={
                        "id": new_id[:16] + e.id[16:],
                        "article_id": new_id,
                        "start": None if e.start is None else e.start + delta,
                        "end": None if e.end is None else e.end + delta,
                    }
                )
            )
            continue
        assert e.start is not None and e.end is not None
        shifted = TimexValue.parse(e.value).shifted(years)
        value = shifted.text
        span = shifted.interval(published)
        if span is None:  # a week 53 or a day that the shifted year lacks
            value = e.value
            start, end = _shift_year(e.start, years), _shift_year(e.end, years)
        else:
            start, end = span.start, span.end
        if end <= start:
            end = start + dt.timedelta(days=1)
        new_events.append(
            e.model_copy(
                update={
                    "id": new_id[:16] + e.id[16:],
                    "article_id": new_id,
                    "value": value,
                    "start": start,
                    "end": end,
                }
            )
        )
    head = ArticleIngested(
        article=meta, events=len(new_events), ingested_at=INGESTED_AT, text=text or None
    )
    records = list(log_records.article_records(head, new_events))
    return new_id, records, [data for _, data in log_records.encode(records)]


@dataclass(frozen=True)
class Article:
    id: str
    records: list[AnyRecord]
    payloads: list[str]  # each record as the store appends it (`timeline.records.encode`)

    @property
    def events(self) -> int:
        return len(self.records) - 1


def articles(target_events: int, seed: int) -> Iterator[Article]:
    """Articles (original documents, then seeded variants) until `target_events` events.

    Different seeds give disjoint articles (variant numbers start at seed * 10**6),
    so several timelines of one run never share an article.
    """
    base = [(a, e, text) for a, e, text in extracted() if e]
    rng = random.Random(seed)
    made = 0
    k = seed * 1_000_000
    while True:
        years, days = rng.randrange(-60, 40), rng.randrange(0, 28)
        for a, e, text in base:
            art_id, records, payloads = variant(a, e, k, years, days, text)
            yield Article(art_id, records, payloads)
            made += len(records) - 1
            if made >= target_events:
                return
        k += 1


def articles_list(target_events: int, seed: int) -> list[Article]:
    return list(articles(target_events, seed))
