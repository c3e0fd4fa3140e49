"""Reading article files: size limits, encodings, and refusing what is not text."""

from __future__ import annotations

import codecs
import sys
from dataclasses import dataclass
from pathlib import Path

from timeline.errors import InputError

# Control characters that never belong in article text (tab, LF, CR are fine).
_CONTROL = {c for c in range(32) if c not in (9, 10, 13)} | {127}


@dataclass(frozen=True)
class SourceText:
    name: str  # the path as given, or "-" for standard input
    text: str


def read_source(name: str, max_bytes: int) -> SourceText:
    """The text of one article file, or an InputError that says what is wrong."""
    if name == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        return SourceText("-", decode(data, "standard input", max_bytes))
    path = Path(name)
    try:
        if path.is_dir():
            raise InputError(f"{name} is a directory: give the article files inside it.")
        if not path.exists():
            raise InputError(f"{name}: no such file.")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{name} is {size:,} bytes, over the limit of {max_bytes:,}: split it, "
                "or raise TIMELINE_MAX_FILE_BYTES."
            )
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied; check the file's permissions.") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc}).") from exc
    return SourceText(name, decode(data, name, max_bytes))


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
    text = "".join(ch for ch in text if ord(ch) not in _CONTROL)
    if not text.strip():
        raise InputError(f"{name} is empty: an article needs a title line and some text.")
    return text
