"""Text from outside made safe for where it goes: the store, a terminal, a spreadsheet, Markdown.

One definition of each rule:

- `clean_text` / `clean_line`: what is stored (and what a renderer shows of text stored
  before this rule). Terminal control sequences (CSI, OSC, DCS ... and their one-byte C1
  forms) are removed whole, then every other control character: C0 except tab and
  newline (`clean_line`: those become spaces), DEL, C1, and lone surrogates.
- `terminal_safe`: what is echoed but not stored (file names, messages): nothing is
  removed, every control character is shown escaped (`\\x1b`), so the name is still the
  name and the terminal obeys none of it.
- `json_safe`: a JSON document with no raw DEL or C1 (JSON escapes C0 itself).
- `csv_row`: OWASP's advice against formula injection: a cell that starts with `=`, `+`,
  `-`, `@`, tab or CR gets a leading `'` and is quoted.
- `markdown_cell`: HTML escaped, and the table's own syntax (`|`, newlines, `\\`, links).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# ECMA-48 sequences, 7-bit (ESC ...) and 8-bit (C1) forms. A string sequence (OSC, DCS,
# SOS, PM, APC) runs to BEL or ST; its body stops at any introducer, so that scanning
# stays linear, and is bounded, so that a stray OSC cannot swallow an article.
_STRING_SEQ = (
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])"
    r"[^\x07\x1b\x90\x98\x9b-\x9f]{0,512}(?:\x07|\x1b\\|\x9c)"
)
_CSI = r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
_ESC = r"\x1b[\x20-\x2f]*[\x30-\x7e]"
_SEQUENCE = re.compile(f"{_STRING_SEQ}|{_CSI}|{_ESC}")
# What is left after the sequences: C0 (but tab, LF), DEL, C1, lone surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_NEWLINE = re.compile(r"\r\n?")
_LINE_BREAK = re.compile(r"[\t\n]")


def clean_text(text: str) -> str:
    """Stored text: sequences and control characters removed; CR and CRLF become LF."""
    if not _CONTROL.search(text):
        return text  # the usual case, without a copy
    text = _NEWLINE.sub("\n", text)
    return _CONTROL.sub("", _SEQUENCE.sub("", text))


def clean_line(text: str) -> str:
    """A stored one-line field (title, source, url): as `clean_text`, tab and LF as spaces."""
    return _LINE_BREAK.sub(" ", clean_text(text))


def clean_optional(text: str | None) -> str | None:
    return None if text is None else clean_line(text)


_TERMINAL = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match[0]
    code = ord(ch)
    if ch in _NAMED:
        return _NAMED[ch]
    if 0xDC80 <= code <= 0xDCFF:  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_safe(text: str) -> str:
    """`text` with every control character shown escaped (`\\x1b`, `\\n`): one safe line."""
    return _TERMINAL.sub(_escape, text)


# JSON escapes C0 itself; DEL and C1 it writes raw.
_JSON_RAW = re.compile(r"[\x7f-\x9f]")


def json_safe(document: str) -> str:
    """A JSON document with DEL and C1 written as `\\u` escapes: the same JSON, terminal-safe."""
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m[0]):04x}", document)


# -- CSV ---------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_CSV_PLAIN = re.compile(r"[\w .:/-]*")


def csv_cell(value: object) -> str:
    """One CSV cell: a would-be formula gets a leading `'` (OWASP) and is quoted."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        text = "'" + text
    elif _CSV_PLAIN.fullmatch(text):
        return text
    # Quoted: a spreadsheet that splits on `;` or tabs cannot start a cell inside it.
    return '"' + text.replace('"', '""') + '"'


def csv_row(values: Iterable[object]) -> str:
    return ",".join(csv_cell(v) for v in values)


# -- Markdown ----------------------------------------------------------------------------

_MARKDOWN_SYNTAX = re.compile(r"([\\|\[\]`])")


def markdown_cell(text: str) -> str:
    """A table cell: one line, HTML escaped, `|` `\\` `[` `]` and backticks backslashed."""
    import html  # only for Markdown: the CLI imports this module for every command

    text = " ".join(clean_text(text).split())
    return _MARKDOWN_SYNTAX.sub(r"\\\1", html.escape(text, quote=False))
