"""The CLI's pure parts: input typing, output files, the status line, and the docstring examples."""

from __future__ import annotations

import doctest
import importlib
import io
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from replicate_ext.cli.display import StatusLine, format_elapsed
from replicate_ext.cli.errors import UsageError
from replicate_ext.cli.inputs import coerce, input_properties, resolve_property, typed_input
from replicate_ext.cli.output import file_name, render_output, save_files
from replicate_ext.file_output import FileOutput
from replicate_ext.progress import Progress

from .conftest import FakeTerminal

MODULES = [
    "replicate_ext.cli",
    "replicate_ext.cli.commands",
    "replicate_ext.cli.context",
    "replicate_ext.cli.display",
    "replicate_ext.cli.errors",
    "replicate_ext.cli.files",
    "replicate_ext.cli.inputs",
    "replicate_ext.cli.output",
    "replicate_ext.cli.parser",
    "replicate_ext.cli.run",
    "replicate_ext.cli.webhooks",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


@pytest.mark.parametrize(
    ("raw", "prop", "expected"),
    [
        ("30", {"type": "integer"}, 30),
        ("-2", {"type": "integer"}, -2),
        ("2", {"type": "number"}, 2),
        ("2.5e1", {"type": "number"}, 25.0),
        ("TRUE", {"type": "boolean"}, True),
        ("off", {"type": "boolean"}, False),
        ("[1, 2]", {"type": "array"}, [1, 2]),
        ('{"a": [1]}', {"type": "object"}, {"a": [1]}),
        ("007", {"type": "string"}, "007"),
        ("", {"type": "string"}, ""),
        ("null", None, None),
        ("3.5", None, 3.5),
        ("Infinity", None, "Infinity"),
        ("{oops", None, "{oops"),
        ("@@x", {"type": "integer"}, "@x"),
    ],
)
def test_coerce(raw: str, prop: dict[str, Any] | None, expected: Any) -> None:
    value = coerce("k", raw, prop)
    assert value == expected and type(value) is type(expected)


@pytest.mark.parametrize(
    ("raw", "prop"),
    [
        ("1.5", {"type": "integer"}),
        ("nan", {"type": "number"}),
        ("inf", {"type": "number"}),
        ("maybe", {"type": "boolean"}),
        ("{}", {"type": "array"}),
        ("[]", {"type": "object"}),
        ("c", {"type": "string", "enum": ["a", "b"]}),
        ("@/no/such/file", {"type": "string"}),
    ],
)
def test_coerce_rejects(raw: str, prop: dict[str, Any]) -> None:
    with pytest.raises(UsageError) as caught:
        coerce("k", raw, prop)
    assert caught.value.code == 2 and "-i k=" in caught.value.message


def test_file_value_is_a_path(tmp_path: Path) -> None:
    photo = tmp_path / "a.png"
    photo.write_bytes(b"x")
    assert coerce("image", f"@{photo}", {"type": "string", "format": "uri"}) == photo


def test_schema_resolution() -> None:
    schema = {
        "components": {
            "schemas": {
                "Input": {
                    "properties": {
                        "mode": {"allOf": [{"$ref": "#/components/schemas/mode"}]},
                        "seed": {"anyOf": [{"type": "integer"}, {"type": "null"}]},
                    }
                },
                "mode": {"type": "string", "enum": ["a", "b"]},
            }
        }
    }
    props = input_properties(schema)
    assert props == {
        "mode": {"type": "string", "enum": ["a", "b"]},
        "seed": {"type": "integer", "nullable": True},
    }
    assert typed_input(["seed=4", "mode=b"], props) == {"seed": 4, "mode": "b"}
    loop = {"x": {"$ref": "#/components/schemas/x"}}
    assert resolve_property({"$ref": "#/components/schemas/x"}, loop) == {}
    assert input_properties({"components": {"schemas": {}}}) is None
    warnings: list[str] = []
    typed_input(["typo=1"], props, warnings=warnings)
    assert warnings == ["the model has no input 'typo' (its inputs: mode, seed)"]


def test_file_names() -> None:
    assert file_name("https://x/a/b/out.png") == "out.png"
    assert file_name("https://x/") == "output"
    assert file_name("https://x/..") == "output"
    assert file_name("https://x/a%2F..%2Fb.txt") == "b.txt"
    assert file_name("data:,plain") == "output"
    assert file_name("data:image/png;base64,AA") == "output.png"


def test_save_files_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "output.txt").write_text("keep me")
    outputs = [FileOutput("data:text/plain,one"), FileOutput("data:text/plain,two")]
    paths = save_files(outputs, tmp_path / ".")
    assert [p.name for p in paths] == ["output-1.txt", "output-2.txt"]
    assert [p.read_text() for p in paths] == ["one", "two"]
    assert (tmp_path / "output.txt").read_text() == "keep me"
    nested = save_files([FileOutput("data:,x")], tmp_path / "new" / "dir")
    assert nested[0].read_bytes() == b"x"


def test_render_output() -> None:
    assert render_output(None) is None
    assert render_output(["a", "b"]) == "a\nb"
    concatenated = {"components": {"schemas": {"Output": {"x-cog-array-display": "concatenate"}}}}
    assert render_output(["a", " b"], concatenated) == "a b"
    assert render_output(3) == "3"


def test_format_elapsed() -> None:
    assert [format_elapsed(s) for s in (0, 59.94, 60, 3599, 3600)] == [
        "0.0s",
        "59.9s",
        "1m00s",
        "59m59s",
        "1h00m",
    ]


def test_status_line_draws_and_erases() -> None:
    now = [100.0]
    terminal = FakeTerminal()
    line = StatusLine(terminal, enabled=True, interval=0.01, clock=lambda: now[0])
    with line:
        now[0] = 103.25
        prediction = SimpleNamespace(id="p1", status="processing")
        line.update(prediction, Progress(percentage=0.5, current=2, total=4))
        drawn = terminal.getvalue()
    assert "processing  3.2s  [#####-----]  50% 2/4  p1  (Ctrl-C cancels)" in drawn
    assert terminal.getvalue().endswith("\r\x1b[K")
    assert line.render(columns=12) == line.render(columns=200)[:11]


def test_disabled_status_line_writes_nothing() -> None:
    stream = io.StringIO()
    with StatusLine(stream, enabled=False) as line:
        line.update(SimpleNamespace(id="p1", status="processing"), None)
    assert stream.getvalue() == ""
