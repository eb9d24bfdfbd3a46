"""Property test: any schema Cog could write (any input names) renders to a module that
compiles, whose ``run`` takes one keyword per input and maps each back to its name."""

from __future__ import annotations

import ast
import inspect
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from replicate_ext.codegen import render_module
from replicate_ext.codegen.text import py_str

from .test_properties import schemas

NAMES = st.text(min_size=1, max_size=12) | st.sampled_from(
    ["class", "client", "given", "inputs", "_", "2x", "a-b", "a b", "ﬁle", "file", "MODEL", "def"]
)


@st.composite
def renamed(draw: st.DrawFn) -> dict[str, Any]:
    """A Cog-style schema whose input names are any text."""
    document = draw(schemas())
    inp = document["components"]["schemas"]["Input"]
    props = inp["properties"]
    names = draw(st.lists(NAMES, min_size=len(props), max_size=len(props), unique=True))
    mapping = dict(zip(props, names, strict=True))
    inp["properties"] = {mapping[k]: v for k, v in props.items()}
    inp["required"] = [mapping[k] for k in inp["required"]]
    return document


class Recorder:
    """Stands for a client: records the inputs ``run`` sends."""

    def __init__(self) -> None:
        self.sent: dict[str, Any] = {}

    def use(self, ref: str) -> Any:
        def call(**inputs: Any) -> Any:
            self.sent = inputs
            return None

        return call


@settings(max_examples=40, deadline=None, derandomize=True)
@given(renamed())
def test_any_schema_renders_a_module_that_maps_names_back(document: dict[str, Any]) -> None:
    source = render_module(document, model="acme/any")
    namespace: dict[str, Any] = {}
    exec(compile(source, "generated.py", "exec"), namespace)  # noqa: S102
    run = namespace["run"]
    params = [p for p in inspect.signature(run).parameters.values() if p.name != "client"]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in params)
    names = list(document["components"]["schemas"]["Input"]["properties"])
    assert len(params) == len(names)
    recorder = Recorder()
    run(recorder, **{p.name: f"v{i}" for i, p in enumerate(params)})
    assert sorted(recorder.sent) == sorted(names), "each input reaches the model by its name"


@settings(derandomize=True)
@given(st.text(alphabet=st.characters(codec=None)))
def test_string_literals_read_back(text: str) -> None:
    source = py_str(text)
    assert source.isascii()
    assert ast.literal_eval(source) == text
