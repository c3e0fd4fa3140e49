"""Markdown articles as plain article text: the title line, then paragraphs.

Parsed with markdown-it-py (CommonMark), so markup never reaches the events: emphasis,
links and inline code become their text, a block quote or a list item its own
paragraph, and code blocks, raw HTML, images and section headings (page structure,
not prose) are left out. A first heading is the title; without one, the first line
is, as in a text file.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Block tokens whose text is no prose of the article.
_SKIPPED_BLOCKS = frozenset({"fence", "code_block", "html_block", "hr"})
# Inline tokens that carry the text a reader sees.
_TEXT_INLINES = frozenset({"text", "code_inline"})


@functools.cache
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # only Markdown input needs it

    return MarkdownIt("commonmark")


def _inline_lines(token: Token) -> list[str]:
    """The text of an inline run, line by line as written."""
    lines: list[str] = [""]
    for child in token.children or ():
        if child.type in _TEXT_INLINES:
            lines[-1] += child.content
        elif child.type in ("softbreak", "hardbreak"):
            lines.append("")
        # html_inline and images say nothing a reader reads as the story.
    return [" ".join(line.split()) for line in lines if line.strip()]


def markdown_article(source: str, title: str | None = None) -> str:
    """The article text of a Markdown document; `title` (front matter's) wins over a heading."""
    tokens = _parser().parse(source)
    paragraphs: list[str] = []
    heading_title: str | None = None
    first_block = True
    in_heading = False
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            in_heading = True
            inline = tokens[i + 1] if i + 1 < len(tokens) else None
            if first_block and inline is not None and inline.type == "inline":
                heading_title = " ".join(_inline_lines(inline)) or None
            first_block = False
        elif token.type == "heading_close":
            in_heading = False
        elif token.type == "inline" and not in_heading:
            lines = _inline_lines(token)
            if first_block and not title and len(lines) > 1:
                paragraphs.append(lines.pop(0))  # a title line, as in a text file
            if lines:
                paragraphs.append(" ".join(lines))
            first_block = False
        elif token.type in _SKIPPED_BLOCKS:
            first_block = False
    head = title or heading_title
    if head:
        paragraphs.insert(0, " ".join(head.split()))
    return "\n\n".join(paragraphs) + "\n"
