"""Reading articles: finding the files, their metadata, size limits, encodings.

An article is a text file (`.txt`, `.md`: a title line, then paragraphs) or an
HTML page (`.html`, `.htm`: the article text is extracted from the page). Its
metadata (title, source, url, published) may come from a sidecar `FILE.json`
(or `FILE.txt.json`), from `---` front matter, or from the HTML page itself.
"""

from __future__ import annotations

import codecs
import datetime as dt
import functools
import glob
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from timeline.errors import InputError
from timeline.text_safety import clean_text

ARTICLE_SUFFIXES = (".txt", ".md", ".html", ".htm")
_HTML_SUFFIXES = (".html", ".htm")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_MARKDOWN_SUFFIXES = (".md", ".markdown")
# Front matter keys, in the order that wins: the names Hugo, Jekyll and feeds use.
FRONT_MATTER_KEYS: dict[str, tuple[str, ...]] = {
    "published": ("published", "date", "pubdate", "publishdate", "updated", "lastmod"),
    "title": ("title", "headline"),
    "source": ("source", "publisher", "site", "sitename"),
    "url": ("url", "canonical", "canonical_url", "canonicalurl", "link"),
}
_HTML_START = re.compile(r"\s*(?:<!doctype html|<html)", re.IGNORECASE)
_GLOB_CHARS = re.compile(r"[*?\[]")

# Control characters that never belong in article text (tab, LF, CR are fine): many of
# them mean a binary file. (C1 controls are stripped too, but not counted as binary.)
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)} | {127}
# The last publication day a timeline can hold: an article's day must have a next day.
LAST_PUBLISHED = dt.date.max - dt.timedelta(days=1)


class SourceMeta(BaseModel):
    """What a sidecar, front matter or HTML page says about an article."""

    model_config = ConfigDict(extra="ignore")

    title: str | None = None
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None

    def under(self, other: SourceMeta) -> SourceMeta:
        """These values, with `other`'s where these have none."""
        mine = self.model_dump(exclude_none=True)
        return other.model_copy(update=mine)


@dataclass(frozen=True)
class SourceText:
    name: str  # the path as given, or "-" for standard input
    text: str
    meta: SourceMeta = field(default_factory=SourceMeta)


def parse_published(value: str, option: str) -> dt.date:
    """A publication date given as YYYY-MM-DD (`--published`, an API field), checked."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(f"{option} {value!r} is not a date: use YYYY-MM-DD.") from None
    return check_published(day, option)


def check_published(day: dt.date, what: str) -> dt.date:
    """`day` as a publication date, or an InputError naming `what` gave it."""
    if day > LAST_PUBLISHED:
        raise InputError(
            f"{what} {day} is after {LAST_PUBLISHED}, the last day a timeline can hold."
        )
    return day


def expand(names: list[str]) -> list[str]:
    """Files to read: directories walked (article suffixes only), globs expanded."""
    found: list[str] = []
    for name in names:
        path = Path(name)
        if name != "-" and path.is_dir():
            inside = sorted(_articles_under(name))
            if not inside:
                raise InputError(
                    f"{name} holds no articles ({', '.join(ARTICLE_SUFFIXES)} files)."
                )
            found += inside
        elif name != "-" and not path.exists() and _GLOB_CHARS.search(name):
            try:
                matches = sorted(glob.glob(name, recursive=True))
            except RecursionError:  # glob's ** recurses once per level
                raise InputError(
                    f"{name}: directories nested too deeply to search with **; "
                    "give the directory instead."
                ) from None
            if not matches:
                raise InputError(f"{name} matches no files.")
            found += expand(matches)
        else:
            found.append(name)
    return found


def _articles_under(top: str) -> Iterator[str]:
    """The article files below `top`, walked with a stack (any depth, no recursion).

    Links to directories are not followed (no loops); links to files are. A folder that
    cannot be listed is an error, not a silent gap.
    """
    stack = [str(Path(top))]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif _is_article_file(entry.path):
                        yield entry.path
        except OSError as exc:
            raise InputError(f"{folder}: cannot be searched ({exc.strerror or exc}).") from exc


def _is_article_file(path: str) -> bool:
    # os.path.isfile is False for a broken or looping link too, rather than raising.
    return path.lower().endswith(ARTICLE_SUFFIXES) and os.path.isfile(path)


def read_source(name: str, max_bytes: int) -> SourceText:
    """The text of one article file, or an InputError that says what is wrong."""
    if name == "-":
        return source_of_bytes(sys.stdin.buffer.read(max_bytes + 1), "-", max_bytes)
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(f"{name} is a directory: give the article files inside it.")
        if not path.exists():
            raise InputError(f"{name}: no such file.")
        data = _read_file(path, name, max_bytes)
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied; check the file's permissions.") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from exc
    text = decode(data, name, max_bytes)
    sidecar = _sidecar(path)
    if path.suffix.lower() in _HTML_SUFFIXES:
        text, page = html_article(text, name)
        return SourceText(name, text, sidecar.under(page))
    return _article(name, text, sidecar)


def source_of_bytes(data: bytes, name: str, max_bytes: int) -> SourceText:
    """An article given as the bytes of its file, not from a file (standard input "-",
    a request's body): an HTML page when it looks like one, else a text or Markdown
    file (by `name`'s suffix) with its front matter."""
    shown = "standard input" if name == "-" else name
    text = decode(data, shown, max_bytes)
    if _HTML_START.match(text):
        text, page = html_article(text, shown)
        return SourceText(name, text, page)
    return _article(name, text, SourceMeta())


def _read_file(path: Path, name: str, max_bytes: int) -> bytes:
    """At most max_bytes + 1 bytes of a regular file or a pipe, never blocking on open.

    A named pipe without a writer would block open() forever: it is opened
    non-blocking, and reads as empty unless a writer (`<(command)`) is there.
    Devices and sockets are refused.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            size = os.fstat(fd).st_size
            if size > max_bytes:
                raise InputError(
                    f"{name} is {size:,} bytes, over the limit of {max_bytes:,}: split it, "
                    "or raise TIMELINE_MAX_FILE_BYTES."
                )
        elif not stat.S_ISFIFO(mode):
            raise InputError(f"{name} is not a regular file (a device or socket): give a file.")
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(max_bytes + 1)
    finally:
        os.close(fd)


def _article(name: str, text: str, sidecar: SourceMeta) -> SourceText:
    """Split off front matter; Markdown becomes plain text; a title in the metadata
    becomes the title line."""
    meta = sidecar
    m = _FRONT_MATTER.match(text)
    if m:
        meta = sidecar.under(front_matter(m[1] or "", f"{name}: front matter"))
        text = text[m.end() :]
    if name.lower().endswith(_MARKDOWN_SUFFIXES):
        from timeline.markdown import markdown_article

        return SourceText(name, markdown_article(text, meta.title), meta)
    if meta.title and not text.lstrip().startswith(meta.title):
        text = f"{meta.title}\n\n{text}"
    return SourceText(name, text, meta)


def front_matter(block: str, where: str) -> SourceMeta:
    """The metadata of a YAML front matter block (`FRONT_MATTER_KEYS` name the fields)."""
    import yaml  # only files with front matter need it

    try:
        data = yaml.load(block, Loader=_front_matter_loader()) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 2}" if mark is not None else ""
        raise InputError(f"{where} is not valid YAML{at}: fix it or remove it.") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"{where} must be `key: value` lines (YAML), not a list or a value.")
    fields = {str(k).lower(): v for k, v in data.items()}
    out: dict[str, object] = {}
    for name, keys in FRONT_MATTER_KEYS.items():
        key = next((k for k in keys if fields.get(k) not in (None, "")), None)
        if key is None:
            continue
        value = fields[key]
        if name == "published":
            out[name] = _front_date(value, f"{where}: {key}")
        elif isinstance(value, (str, int, float)):
            out[name] = str(value)
        else:
            raise InputError(f"{where}: {key} must be a single value, not {type(value).__name__}.")
    return _meta(out, where)


@functools.cache
def _front_matter_loader() -> type:
    """YAML's safe loader, with timestamps kept as written: `parse_date` reads every date
    (one rule, and "2024-02-30" is a clear error rather than a crash)."""
    import yaml

    class Loader(yaml.SafeLoader):
        def as_written(self, node: yaml.Node) -> str:
            return str(self.construct_scalar(node))  # type: ignore[arg-type]

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.as_written)
    return Loader


def _front_date(value: object, where: str) -> dt.date:
    from timeline.article import parse_date

    day = parse_date(str(value)) if isinstance(value, (str, int)) else None
    if day is None:
        raise InputError(
            f"{where}: {str(value)[:40]!r} is not a date I can read "
            "(write 2024-01-31, Jan 31, 2024 or 2024-01-31T23:15:00-05:00)."
        )
    return day


def _meta(fields: object, where: str) -> SourceMeta:
    try:
        return SourceMeta.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(
            f"{where}: {'.'.join(map(str, first['loc']))}: {first['msg']} "
            "(published is YYYY-MM-DD)."
        ) from None


def _sidecar(path: Path) -> SourceMeta:
    """Metadata from FILE.json beside the article (or FILE.txt.json), if there is one."""
    for candidate in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if candidate != path and candidate.is_file():
            try:
                fields = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise InputError(f"{candidate}: not a readable JSON object ({exc}).") from exc
            if not isinstance(fields, dict):
                raise InputError(f"{candidate}: a sidecar must be a JSON object.")
            return _meta(fields, str(candidate))
    return SourceMeta()


def html_article(html: str, name: str) -> tuple[str, SourceMeta]:
    """The article text of an HTML page (title line, then paragraphs) and its metadata."""
    import trafilatura  # heavy: only for HTML input

    doc = trafilatura.bare_extraction(html, with_metadata=True, favor_recall=True)
    body = getattr(doc, "text", None) if doc is not None else None
    if not body or not body.strip():
        raise InputError(f"{name}: no article text found in this HTML page.")
    title = (getattr(doc, "title", None) or "").strip()
    lines = [line.strip() for line in body.splitlines() if line.strip()]
    if title and lines and lines[0] == title:
        lines = lines[1:]
    # trafilatura's date is htmldate's reading of the page's metadata; without one,
    # htmldate's extensive search (URL, visible dates) comes before the text's own.
    raw_date = getattr(doc, "date", None) or _htmldate(html)
    published = None
    if raw_date:
        try:
            published = dt.date.fromisoformat(str(raw_date)[:10])
        except ValueError:
            published = None
    meta = SourceMeta(
        title=title or None,
        source=getattr(doc, "sitename", None) or None,
        url=getattr(doc, "url", None) or None,
        published=published,
    )
    return "\n\n".join([title, *lines] if title else lines), meta


def _htmldate(html: str) -> str | None:
    from htmldate import find_date  # installed with trafilatura

    try:
        return find_date(html, original_date=True, extensive_search=True)
    except (ValueError, TypeError):  # a page htmldate cannot read has no date for it
        return None


def decode(data: bytes, name: str, max_bytes: int) -> str:
    if len(data) > max_bytes:
        raise InputError(
            f"{name} is over the limit of {max_bytes:,} bytes: split it, "
            "or raise TIMELINE_MAX_FILE_BYTES."
        )
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
        if b"\x00" in data:
            raise InputError(f"{name} is a binary file, not article text.")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not UTF-8 text (bad byte at offset {exc.start}): convert it to UTF-8."
        ) from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    controls = sum(1 for ch in text if ord(ch) in _CONTROL)
    if controls > max(8, len(text) // 100):
        raise InputError(f"{name} looks binary (control characters), not article text.")
    # Stray escapes and control bytes must never reach a terminal from stored text.
    text = clean_text(text)
    if not text.strip():
        raise InputError(f"{name} is empty: an article needs a title line and some text.")
    return text
