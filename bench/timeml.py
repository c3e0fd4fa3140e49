"""Read a TimeML (.tml) document: its text, creation time, TIMEX3s, EVENTs and TLINKs.

Offsets are into the text of <TEXT> with the tags removed and entities unescaped,
which is what the project reads as an article body. Used by the benchmarks only.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

from timeline.temporal.value import TimexValue

TEXT_RE = re.compile(r"<TEXT>(.*?)</TEXT>", re.S)
DCT_RE = re.compile(r"<DCT>\s*<TIMEX3\b([^>]*)>", re.S)
TAG_RE = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*?)(/?)>")
ATTR_RE = re.compile(r"(\w+)=\"([^\"]*)\"")


@dataclass(frozen=True, slots=True)
class Span:
    """A tagged extent of the text and its attributes."""

    start: int
    end: int
    text: str
    attrs: dict[str, str]


@dataclass(slots=True)
class TimeMLDoc:
    name: str
    dct: dt.date
    dct_tid: str
    text: str
    timexes: list[Span]
    events: list[Span]
    # eiid -> the MAKEINSTANCE attributes (eventID, tense, aspect, polarity, pos ...)
    instances: dict[str, dict[str, str]] = field(default_factory=dict)
    tlinks: list[dict[str, str]] = field(default_factory=list)


def read(path: Path) -> TimeMLDoc:
    src = path.read_text(encoding="utf-8")
    m_text, m_dct = TEXT_RE.search(src), DCT_RE.search(src)
    if m_text is None or m_dct is None:
        raise ValueError(f"{path}: no <TEXT> or no DCT")
    dct_attrs = dict(ATTR_RE.findall(m_dct.group(1)))
    body = m_text.group(1)
    pieces: list[str] = []
    length = 0
    spans: dict[str, list[Span]] = {"TIMEX3": [], "EVENT": []}
    open_tags: dict[str, tuple[int, dict[str, str]]] = {}
    pos = 0
    for m in TAG_RE.finditer(body):
        piece = html.unescape(body[pos : m.start()])
        pieces.append(piece)
        length += len(piece)
        pos = m.end()
        name = m.group(2)
        if name not in spans:
            continue
        if m.group(1) == "":
            open_tags[name] = (length, dict(ATTR_RE.findall(m.group(3))))
        elif name in open_tags:
            start, attrs = open_tags.pop(name)
            text = "".join(pieces)[start:length]
            spans[name].append(Span(start, length, text, attrs))
    pieces.append(html.unescape(body[pos:]))
    dct_value = dct_attrs.get("value", "")
    day = TimexValue.parse(dct_value).interval(dt.date.min)
    if day is None or day.granularity != "day":
        raise ValueError(f"{path}: the DCT {dct_value!r} is no day")
    rest = src[m_text.end() :]
    instances = {}
    tlinks = []
    for m in TAG_RE.finditer(rest):
        attrs = dict(ATTR_RE.findall(m.group(3)))
        if m.group(2) == "MAKEINSTANCE" and "eiid" in attrs:
            instances[attrs["eiid"]] = attrs
        elif m.group(2) == "TLINK":
            tlinks.append(attrs)
    return TimeMLDoc(
        name=path.stem,
        dct=day.start,
        dct_tid=dct_attrs.get("tid", "t0"),
        text="".join(pieces),
        timexes=spans["TIMEX3"],
        events=spans["EVENT"],
        instances=instances,
        tlinks=tlinks,
    )
