"""Convert the English NewsReader MEANTIME corpus (CAT XML) into TempEval-3 style .tml.

Usage:
    python bench/convert_meantime.py SRC [DST]

SRC is the corpus folder `meantime_newsreader_english_oct15` (120 Wikinews articles,
CC BY 4.0, human TIMEX3 annotation), for example extracted from a public mirror:

    git --git-dir=/work/.mirror/qiangning+StructTempRel-EMNLP17/repo archive HEAD \\
        data/meantime_newsreader_english_oct15 | tar -x -C /work/data-extra --strip-components=1

DST (default: `data-extra/meantime` beside the project) receives one .tml per
article, the shape `bench/timex_eval.py` reads: <DCT>, then <TEXT> with the
TIMEX3 inline. The corpus is read and written outside the project, never copied
into it.

What the conversion decides, and the caveats it leaves (also printed by
timex_eval next to the scores):
- MEANTIME ships tokens, not text. The text is rebuilt by joining tokens with a
  space, except before closing punctuation and clitics (`,` `.` `'s` `n't` ...) and
  after opening brackets and currency signs; `` and '' become curly quotes. So
  spacing is normalized ("U.S. $ 40" reads "U.S. $40"), never the words.
- MEANTIME annotates only the first sentences of an article (sentences 0-5: the
  title, the dateline and four body sentences); the rest is left out of the text,
  or every time expression there would count as spurious.
- The title (sentence 0) and the dateline (the sentence of the creation-time
  TIMEX3) are paragraphs of their own; the body is one paragraph (MEANTIME keeps
  no paragraph breaks).
- The DCT is the TIMEX3 with functionInDocument="CREATION_TIME". Two articles
  lack it (a known erratum of the October 2015 release): their dateline TIMEX3,
  in sentence 1, is taken as the DCT.
- One creation time is written day first ("03-02-2009", the release's other erratum):
  values of that shape are rewritten year first (2009-02-03).
- The dateline is in the text and stays a gold TIMEX3 (TempEval-3 keeps its DCT
  outside the text), so every article scores one easy date.
- Empty TIMEX3 (no tokens: MEANTIME's non-consuming times) are dropped.
- Event mentions of the annotated sentences become EVENT (eid from the m_id, one
  MAKEINSTANCE each) and MEANTIME's TLINKs between an event and a time expression
  become TLINK (eventInstanceID / relatedToTime), so `bench/eventtime.py` reads the
  corpus as a dev set of event dates; links between events are left out. An event
  mention that overlaps a time expression is dropped (TimeML tags do not cross).
- MEANTIME follows the NewsReader guidelines, close to TimeML/TE3 but not equal:
  e.g. "annual" is a SET P1Y and "recent", "later", "short-term" are tagged as
  PAST_REF/FUTURE_REF more often than in TimeBank.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from timeline.temporal.value import TimexValue

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DST = ROOT.parent / "data-extra" / "meantime"

NO_SPACE_BEFORE = frozenset(
    {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "''", "'s", "'", "n't", "'re", "'ve",
     "'ll", "'d", "'m", "...", "\u201d", "\u2019"}
)  # fmt: skip
NO_SPACE_AFTER = frozenset({"(", "[", "{", "``", "$", "US$", "CA$", "AU$", "#", "\u00a3", "\u201c"})
# The sentences MEANTIME annotates (0-based: title, dateline, four body sentences).
ANNOTATED_SENTENCES = 6
QUOTES = {"``": "\u201c", "''": "\u201d"}
DAY_FIRST = re.compile(r"(\d\d)-(\d\d)-(\d{4})")


@dataclass(frozen=True, slots=True)
class Timex:
    first: int  # token ids, inclusive
    last: int
    type: str
    value: str
    m_id: str


def _text_and_offsets(root: ET.Element, breaks: set[int]) -> tuple[str, dict[int, tuple[int, int]]]:
    """The article text and each token's character span in it."""
    out: list[str] = []
    spans: dict[int, tuple[int, int]] = {}
    length = 0
    prev: str | None = None
    prev_sentence: int | None = None
    for tok in root.iter("token"):
        word = tok.text or ""
        sentence = int(tok.get("sentence", "0"))
        if sentence >= ANNOTATED_SENTENCES:
            break
        if prev is None:
            sep = ""
        elif sentence != prev_sentence and prev_sentence in breaks:
            sep = "\n\n"
        elif word in NO_SPACE_BEFORE or prev in NO_SPACE_AFTER:
            sep = ""
        else:
            sep = " "
        piece = sep + QUOTES.get(word, word)
        out.append(piece)
        start = length + len(sep)
        length += len(piece)
        spans[int(tok.get("t_id", "0"))] = (start, length)
        prev, prev_sentence = word, sentence
    return "".join(out), spans


def convert(path: Path) -> str | None:
    """The .tml text of one MEANTIME article, or None if it has no date at all."""
    root = ET.parse(path).getroot()
    sentence_of = {int(t.get("t_id", "0")): int(t.get("sentence", "0")) for t in root.iter("token")}
    timexes: list[Timex] = []
    dct: Timex | None = None
    for el in root.iter("TIMEX3"):
        ids = sorted(int(a.get("t_id", "0")) for a in el.iter("token_anchor"))
        if not ids:
            continue  # a non-consuming TIMEX3
        value = DAY_FIRST.sub(r"\3-\2-\1", el.get("value", ""))
        tx = Timex(ids[0], ids[-1], el.get("type", ""), value, el.get("m_id", ""))
        timexes.append(tx)
        if el.get("functionInDocument") == "CREATION_TIME":
            dct = tx
    if dct is None:  # the erratum: the dateline, sentence 1, is the creation time
        dct = next((tx for tx in timexes if sentence_of.get(tx.first) == 1), None)
    day = TimexValue.parse(dct.value).interval(dt.date.min) if dct is not None else None
    if dct is None or day is None or day.granularity != "day":
        return None
    dct_day = day.start.isoformat()
    text, spans = _text_and_offsets(root, {0, sentence_of[dct.first]})
    marked = text
    tags: list[tuple[int, int, str, str]] = []
    tid_of: dict[str, str] = {}
    for i, tx in enumerate(sorted(timexes, key=lambda x: x.first), start=1):
        start, end = spans[tx.first][0], spans[tx.last][1]
        attrs = f'tid="t{i}" type="{tx.type}" value="{html.escape(tx.value, quote=True)}"'
        tags.append((start, end, "TIMEX3", attrs))
        tid_of[tx.m_id] = f"t{i}"
    timex_spans = [(s, e) for s, e, _, _ in tags]
    events: set[str] = set()
    for el in root.iter("EVENT_MENTION"):
        ids = sorted(int(a.get("t_id", "0")) for a in el.iter("token_anchor"))
        if not ids or ids[0] not in spans or ids[-1] not in spans:
            continue  # non-consuming, or outside the annotated sentences
        start, end = spans[ids[0]][0], spans[ids[-1]][1]
        if any(s < end and start < e for s, e in timex_spans):
            continue
        m_id = el.get("m_id", "")
        events.add(m_id)
        tags.append((start, end, "EVENT", f'eid="e{m_id}" class="{el.get("pos", "")}"'))
    pieces: list[str] = []
    pos = 0
    for start, end, tag, attrs in sorted(tags):
        if start < pos:
            continue  # overlapping tags (none among the TIMEX3 of the October 2015 release)
        pieces.append(html.escape(marked[pos:start], quote=False))
        pieces.append(f"<{tag} {attrs}>{html.escape(marked[start:end], quote=False)}</{tag}>")
        pos = end
    pieces.append(html.escape(marked[pos:], quote=False))
    links = "".join(
        f'<MAKEINSTANCE eiid="ei{m}" eventID="e{m}" />\n' for m in sorted(events, key=int)
    ) + "".join(_tlinks(root, events, tid_of))
    name = root.get("doc_name", path.stem)
    return (
        '<?xml version="1.0" ?>\n<TimeML>\n'
        f"<DOCID>{html.escape(name)}</DOCID>\n"
        f'<DCT><TIMEX3 tid="t0" type="DATE" value="{dct_day}" '
        f'functionInDocument="CREATION_TIME">{dct_day}</TIMEX3></DCT>\n'
        f"<TEXT>{''.join(pieces)}</TEXT>\n{links}</TimeML>\n"
    )


def _tlinks(root: ET.Element, events: set[str], tid_of: dict[str, str]) -> list[str]:
    """MEANTIME's TLINKs between an event and a time, in TimeML's attributes."""
    out = []
    for i, link in enumerate(root.iter("TLINK"), start=1):
        source, target = link.find("source"), link.find("target")
        if source is None or target is None:
            continue
        s, t, rel = source.get("m_id", ""), target.get("m_id", ""), link.get("reltype", "")
        if s in events and t in tid_of:
            out.append(f'<TLINK lid="l{i}" relType="{rel}" eventInstanceID="ei{s}" '
                       f'relatedToTime="{tid_of[t]}" />\n')  # fmt: skip
        elif t in events and s in tid_of:
            out.append(f'<TLINK lid="l{i}" relType="{rel}" timeID="{tid_of[s]}" '
                       f'relatedToEventInstance="ei{t}" />\n')  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("src", type=Path, help="the meantime_newsreader_english_oct15 folder")
    ap.add_argument("dst", type=Path, nargs="?", default=DEFAULT_DST)
    args = ap.parse_args(argv)
    folder = args.src / "intra-doc_annotation"
    files = sorted(folder.glob("*/*.xml"))
    if not files:
        print(f"no MEANTIME articles under {folder}", file=sys.stderr)
        return 2
    if ROOT in args.dst.resolve().parents or args.dst.resolve() == ROOT:
        print("the converted corpus stays outside the project: choose another DST", file=sys.stderr)
        return 2
    args.dst.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in files:
        tml = convert(path)
        if tml is None:
            print(f"skipped (no creation time): {path.name}", file=sys.stderr)
            continue
        (args.dst / f"{path.stem}.tml").write_text(tml, encoding="utf-8")
        written += 1
    print(f"{written} articles written to {args.dst}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
