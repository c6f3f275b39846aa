"""The package's folders name the pipeline's stages, and imports only go down the pipeline."""

from __future__ import annotations

import ast
import shutil
from collections import defaultdict
from pathlib import Path

from broadsheet.core.hashing import code_digest

PACKAGE = Path(__file__).resolve().parents[2] / "broadsheet"
# Lowest first: a folder may import from the folders before it, never from one after it.
LAYERS = ["core", "extract", "content", "archive", "pages", "publish", "extraction", "pipeline", "evaluate", "train", "commands"]


def _imports() -> dict[str, set[str]]:
    """Module (dotted, relative to the package) -> the package modules it imports, deferred imports included."""
    graph: dict[str, set[str]] = defaultdict(set)
    modules = {p.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
               for p in PACKAGE.rglob("*.py")}
    for path in PACKAGE.rglob("*.py"):
        name = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
        package = name.split(".")[:-1]
        name = name.removesuffix(".__init__")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ImportFrom) or not node.level:
                continue
            base = package[: len(package) - node.level + 1] + (node.module.split(".") if node.module else [])
            for alias in node.names:
                target = ".".join(base + [alias.name])
                graph[name].add(target if target in modules else ".".join(base))
    return graph


def _layer(module: str) -> str:
    return module.split(".")[0]


def test_layout_imports_only_go_down_the_pipeline():
    upward = [(module, target) for module, targets in _imports().items() for target in targets
              if _layer(target) in LAYERS and LAYERS.index(_layer(target)) > LAYERS.index(_layer(module))]
    assert upward == []


def test_layout_has_no_import_cycles():
    graph = _imports()
    state: dict[str, int] = {}
    cycles = []

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if state.get(target) == 1:
                cycles.append(trail[trail.index(target):] + [target])
            elif target not in state:
                visit(target, trail + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_extractor_identity_covers_every_module_that_reads_or_extracts_seeds(tmp_path):
    """Changing how seeds are read (not only the entity rules) must extract every seed again."""
    copy = tmp_path / "extract"
    shutil.copytree(PACKAGE / "extract", copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = code_digest(copy)
    for module in sorted(copy.glob("*.py")):
        original = module.read_bytes()
        module.write_bytes(original + b"\n# changed\n")
        assert code_digest(copy) != before, module.name
        module.write_bytes(original)
    assert code_digest(copy) == before
    assert {"seeds.py", "nlp.py", "entities.py", "headlines.py", "record.py"} <= {p.name for p in copy.glob("*.py")}
