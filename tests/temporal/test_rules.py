"""Every rule row of the tagger, tested by its own example sentence."""

from __future__ import annotations

import re

import pytest

from timeline.temporal import patterns, tag
from timeline.temporal.rules import RULES, Rule


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_rule_example(rule: Rule) -> None:
    found = [x for x in tag(rule.example, rule.dct) if x.text == rule.extent]
    assert found, (rule.example, tag(rule.example, rule.dct))
    assert found[0].value == rule.value
    assert found[0].rule == rule.name


@pytest.mark.parametrize("rule", RULES, ids=[r.name for r in RULES])
def test_patterns_name_no_words(rule: Rule) -> None:
    """Words come from the tables through placeholders, never from the pattern."""
    bare = re.sub(r"%[A-Z][A-Z0-9_]*", "", rule.pattern)
    bare = re.sub(r"\(\?P<\w+>", "(", bare)  # group names
    bare = re.sub(r"\\[a-zA-Z]|\\u[0-9a-fA-F]{4}", "", bare)  # escapes: \s \d \b \u2019
    bare = re.sub(r"\[[^\]]*\]", "", bare)  # character classes
    assert not re.search(r"[A-Za-z]{2,}", bare), bare


def test_every_placeholder_is_in_the_vocabulary() -> None:
    for rule in RULES:
        patterns.expand(rule.pattern)  # raises on an unknown name


def test_rule_names_are_unique_and_strategies_exist() -> None:
    from timeline.temporal import tagger

    assert len({r.name for r in RULES}) == len(RULES)
    for rule in RULES:
        assert callable(getattr(tagger, f"r_{rule.resolve}"))
