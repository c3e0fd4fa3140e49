"""What an attacker names in a job: importing this module, or calling `touch`, writes a
line to the file named by $PLANTED_MARKER. The tests of callbacks assert it never exists."""

from __future__ import annotations

import os
from typing import Any


def _mark(what: str) -> None:
    marker = os.environ.get("PLANTED_MARKER")
    if marker:
        with open(marker, "a", encoding="utf-8") as f:
            f.write(what + "\n")


_mark("imported")


def touch(*args: Any, **kwargs: Any) -> None:
    _mark("called")
