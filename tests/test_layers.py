"""The layers: CLI -> composition root -> services and adapters -> ports -> domain.

`lint-imports` (in .ci/run) checks the contracts of pyproject.toml; these tests check
that the contracts name every module of the package, and the rule that only
`timeline/backend/` imports redis or rq.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "timeline"


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_every_module_of_the_package_is_under_a_contract() -> None:
    layers, domain = _contracts()[0], _contracts()[1]
    assert layers["type"] == "layers" and domain["type"] == "forbidden"
    named = {m.strip() for layer in layers["layers"] for m in str(layer).split("|")}  # type: ignore[attr-defined]
    named |= set(domain["source_modules"])  # type: ignore[arg-type]
    modules = {
        f"timeline.{p.stem if p.is_file() else p.name}"
        for p in PACKAGE.iterdir()
        if (p.suffix == ".py" and p.stem not in ("__init__", "__main__"))
        or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert modules - named == set(), "add these modules to the contracts in pyproject.toml"
    assert named - modules == set(), "the contracts name modules that do not exist"


def test_only_the_backend_imports_redis_or_rq() -> None:
    pattern = re.compile(r"^\s*(import (redis|rq)\b|from (redis|rq)\b)", re.MULTILINE)
    offenders = [
        str(path.relative_to(ROOT))
        for path in PACKAGE.rglob("*.py")
        if pattern.search(path.read_text()) and "backend" not in path.relative_to(PACKAGE).parts
    ]
    assert offenders == []
