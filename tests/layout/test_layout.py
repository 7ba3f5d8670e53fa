"""The package layout: one top-level name, and imports that only point down.

Layers, bottom to top: ``sitrep.domain`` (models, safe text, settings);
the four stages ``sitrep.feeds``, ``sitrep.extraction``, ``sitrep.store``
and ``sitrep.tui``; the wiring ``sitrep.wiring`` (pipeline, CLI, demo).
A stage may use another stage only through that stage's package
(``from sitrep.store import Store``), never its modules, so each stage's
insides can change without the others noticing.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
ROOT_STAGES = ("feeds", "extraction", "store", "tui")  # folders at the repository root
STAGES = (*ROOT_STAGES, "fusion")  # fusion lives in sitrep/fusion/


def source_folder(package: str) -> Path:
    """Where a package's files are, following pyproject's package-dir."""
    mapping = SETUPTOOLS.get("package-dir", {})
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        head = ".".join(parts[:cut])
        if head in mapping:
            return ROOT / mapping[head] / Path(*parts[cut:])
    return ROOT / Path(*parts)


def modules() -> list[tuple[str, Path]]:
    out = []
    for package in SETUPTOOLS["packages"]:
        for path in sorted(source_folder(package).glob("*.py")):
            name = package if path.stem == "__init__" else f"{package}.{path.stem}"
            out.append((name, path))
    return out


MODULES = {name for name, _ in modules()}


def imported(path: Path, module: str) -> set[str]:
    """Every absolute module name the file imports (relative ones resolved)."""
    tree = ast.parse(path.read_text(), str(path))
    package = module if path.stem == "__init__" else module.rpartition(".")[0]
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.add(base)
            # "from pkg import mod" imports a module; "from pkg import Name" does not.
            names.update(f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in MODULES)
    return names


def layer(module: str) -> tuple[int, str]:
    parts = module.split(".")
    if parts[0] != "sitrep":
        return (-1, parts[0])
    if len(parts) == 1 or parts[1] in ("domain", "examples"):
        return (0, "domain")
    if parts[1] in STAGES:
        return (1, parts[1])
    return (2, "wiring")


def test_one_top_level_name():
    tops = {p.split(".")[0] for p in SETUPTOOLS["packages"]}
    assert tops == {"sitrep"}
    assert "find" not in SETUPTOOLS.get("packages", {})


def test_design_card_folders_stay_at_the_root():
    for folder in ("tui", "feeds", "store", "tests"):
        assert (ROOT / folder).is_dir()
    for stage in ROOT_STAGES:
        assert source_folder(f"sitrep.{stage}") == ROOT / stage


def test_every_package_folder_is_listed():
    """A package folder missing from the list would be left out of the wheel."""
    listed = {source_folder(p).resolve() for p in SETUPTOOLS["packages"]}
    roots = [ROOT / "sitrep", *(ROOT / s for s in ROOT_STAGES)]
    for root in roots:
        for init in root.rglob("__init__.py"):
            assert init.parent.resolve() in listed, f"{init.parent} is not in pyproject's packages"


@pytest.mark.parametrize("module,path", modules(), ids=lambda v: str(v))
def test_imports_point_down(module, path):
    here, here_part = layer(module)
    for name in imported(path, module):
        there, there_part = layer(name)
        if there < 0:
            continue  # the standard library or a third-party package
        assert there <= here, f"{module} (layer {here}) imports {name} (layer {there})"
        if here == 1 and there == 1 and there_part != here_part:
            assert len(name.split(".")) == 2, (
                f"{module} reaches into another stage's internals: {name}"
            )
