"""The package's table of contents: sorted, complete, and free of side effects at import."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import replicate_ext

INIT = Path(replicate_ext.__file__)


def _type_checking_imports() -> dict[str, str]:
    """Name -> source module of every import under ``if TYPE_CHECKING:`` in ``__init__``."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    block = next(node for node in tree.body if isinstance(node, ast.If))
    found: dict[str, str] = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom), ast.dump(node)
        for alias in node.names:
            found[alias.asname or alias.name] = "." + (node.module or alias.name)
    return found


def test_all_is_sorted_and_complete() -> None:
    exported = replicate_ext.__all__
    assert exported == sorted(exported)
    sources = replicate_ext._SOURCES
    assert set(exported) - {"__version__"} == set(sources)
    assert _type_checking_imports() == sources, "the TYPE_CHECKING imports and _SOURCES differ"
    assert replicate_ext.webhooks.validate is not None, "the webhooks module is public"


def test_every_exported_name_resolves_to_its_source() -> None:
    for name in replicate_ext.__all__:
        value = getattr(replicate_ext, name)
        assert value is not None, name
        if name != "__version__":
            module = sys.modules[f"replicate_ext{replicate_ext._SOURCES[name]}"]
            assert value is module or value is getattr(module, name), name
    assert set(replicate_ext.__all__) <= set(dir(replicate_ext))
    namespace: dict[str, object] = {}
    exec("from replicate_ext import *", namespace)  # noqa: S102  # the statement under test
    assert set(namespace) - {"__builtins__"} == set(replicate_ext.__all__)


def test_unknown_names_raise_attribute_error() -> None:
    with pytest.raises(AttributeError, match="has no attribute 'Replicat'"):
        replicate_ext.Replicat  # type: ignore[attr-defined]  # noqa: B018


def test_import_is_lazy() -> None:
    script = (
        "import sys, replicate_ext\n"
        "loaded = sorted(m for m in sys.modules if m.startswith(('httpx', 'replicate_')))\n"
        "print(loaded)\n"
        "replicate_ext.Replicate\n"
        "print('httpx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    first, second = result.stdout.split("\n")[:2]
    assert first == "['replicate_ext', 'replicate_ext._version']"
    assert second == "True"


def test_import_reads_no_environment_and_loads_no_generated_models() -> None:
    script = textwrap.dedent(
        """
        import os, sys
        read = []
        class Spy(type(os.environ)):
            def __getitem__(self, key):
                read.append(key)
                return super().__getitem__(key)
        os.environ.__class__ = Spy
        os.environ["REPLICATE_API_TOKEN"] = "r8_secret"
        import replicate_ext
        assert not [k for k in read if k.startswith("REPLICATE_")], read
        assert "replicate_api.models" not in sys.modules, "generated models load on first use"
        assert "replicate_emulator" not in sys.modules
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
