"""Generated model modules: they pass ``mypy --strict`` and ``ruff``, mypy refuses a bad call,
and they run on the emulator; ``replicate-ext codegen`` writes them."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from replicate_emulator import Emulator

from replicate_ext import FileOutput, InputValidationError, Replicate
from replicate_ext.cli import main
from replicate_ext.codegen import render_module

ROOT = Path(__file__).resolve().parents[2]
COG: dict[str, Any] = json.loads((ROOT / "tests" / "schema" / "cog_types_schemas.json").read_text())
PLATFORM: dict[str, Any] = json.loads(
    (ROOT / "tests" / "schema" / "platform_shapes.json").read_text()
)
ODD = {
    "components": {
        "schemas": {
            "Input": {
                "required": ["class"],
                "properties": {
                    "class": {
                        "type": "string",
                        "description": 'Say """hi""" \\ there \u2019quoted\u2019 \u2013 1\u00d72\n\tok',
                    },
                    "my-input": {"type": "integer", "default": 2, "minimum": 0},
                    "client": {"type": "boolean", "x-order": 0},
                    "2x": {"anyOf": [{"type": "integer"}, {"type": "string"}]},
                    "tags": {"type": "array", "items": {"type": "string"}, "default": ["a"]},
                    "ratio": {"type": "number", "default": 1},
                    "aspect_ratio": {
                        "type": "string",
                        "enum": [
                            "1:1",
                            "16:9",
                            "21:9",
                            "3:2",
                            "2:3",
                            "4:5",
                            "5:4",
                            "9:16",
                            "x" * 30,
                        ],
                        "default": "1:1",
                    },
                    "prompt": {"type": "string", "default": "a very long default prompt, " * 6},
                    "_0": {"type": "integer", "enum": list(range(100, 120)), "default": 100},
                    "bad_default": {"type": "integer", "default": "x"},
                },
            },
            "Output": {"type": "object", "properties": {"my-key": {"type": "string"}}},
        }
    }
}

GOOD_USE = """
from replicate_ext import AsyncReplicate, FileOutput, Replicate

import acme_predictor, acme_tokens, acme_frames, acme_odd, acme_flux, acme_llm


def use(client: Replicate) -> None:
    out = acme_predictor.run(client, prompt="a cat", image=b"...", steps=30, scheduler="ddim")
    caption: str = out["caption"]
    image: FileOutput = out["image"]
    text: str = acme_tokens.run(client, prompt="hi", max_tokens=3)
    urls: list[FileOutput] = acme_flux.run(client, prompt="a cake", aspect_ratio="16:9")
    answer: str = acme_llm.run(client, prompt="hi", temperature=0.2, seed=None)
    print(urls, answer)
    frames: list[FileOutput] = acme_frames.run(client, count=2)
    acme_odd.run(client, class_="x", my_input=3, client_=True, _2x="y", aspect_ratio="16:9")
    inputs: acme_predictor.Input = {"prompt": "a", "image": "https://x/y.png"}
    print(caption, image, text, frames, inputs, acme_predictor.MODEL, acme_predictor.VERSION)


async def ause(client: AsyncReplicate) -> str:
    return await acme_tokens.async_run(client, prompt="hi")
"""

#: Each call must fail mypy, on its own line, with this error code.
BAD_USE = [
    ('acme_predictor.run(client, prompt="a", image=b"", stepz=3)', "call-arg"),
    ('acme_predictor.run(client, prompt="a", image=b"", steps="3")', "arg-type"),
    ('acme_predictor.run(client, prompt="a", image=b"", scheduler="fast")', "arg-type"),
    ('acme_predictor.run(client, image=b"")', "call-arg"),
    ('acme_predictor.run(client, "a", b"")', "call-arg"),
    ('x: int = acme_tokens.run(client, prompt="hi")', "assignment"),
    ('i: acme_predictor.Input = {"promt": "a"}', "typeddict-unknown-key"),
]


def _write_modules(directory: Path) -> None:
    for name, document in [
        ("predictor", COG["Predictor"]),
        ("tokens", COG["Tokens"]),
        ("frames", COG["Frames"]),
        ("odd", ODD),
        ("flux", PLATFORM["image"]["openapi_schema"]),
        ("llm", PLATFORM["llm"]["openapi_schema"]),
    ]:
        (directory / f"acme_{name}.py").write_text(render_module(document, model=f"acme/{name}"))


def _mypy(directory: Path, *files: str) -> str:
    env = {**os.environ, "MYPYPATH": f"{ROOT / 'generated'}"}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-incremental"),
            *("--cache-dir", os.devnull, "--show-error-codes", "--no-color-output"),
            *("--no-error-summary", *files),
        ],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=240,
    )
    return result.stdout + result.stderr


def test_generated_modules_pass_mypy_and_ruff_and_bad_calls_fail(tmp_path: Path) -> None:
    _write_modules(tmp_path)
    (tmp_path / "good.py").write_text(textwrap.dedent(GOOD_USE).lstrip())
    bad = ["from replicate_ext import Replicate", "import acme_predictor, acme_tokens", ""]
    bad += ["", "def use(client: Replicate) -> None:"]
    first = len(bad) + 1
    bad += [f"    {line}  # {code}" for line, code in BAD_USE]
    (tmp_path / "bad.py").write_text("\n".join(bad) + "\n")
    modules = sorted(p.name for p in tmp_path.glob("acme_*.py"))
    output = _mypy(tmp_path, *modules, "good.py", "bad.py")
    errors = re.findall(r"^(\w+\.py):(\d+): error: .*\[([a-z-]+)\]$", output, re.MULTILINE)
    assert [e for e in errors if e[0] != "bad.py"] == [], output
    for offset, (line, code) in enumerate(BAD_USE):
        found = {c for f, n, c in errors if f == "bad.py" and int(n) == first + offset}
        assert code in found, (line, output)
    ruff = [
        sys.executable,
        "-m",
        "ruff",
        "check",
        "--no-cache",
        "--config",
        str(ROOT / "pyproject.toml"),
    ]
    result = subprocess.run(
        [*ruff, *modules], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_module_runs_on_the_emulator(
    tmp_path: Path, replicate_emulator: Emulator
) -> None:
    client = replicate_emulator.client(poll_interval=0.01)
    try:
        latest = client.models.get("replicate-ext/image").latest_version
        assert latest is not None
        version = latest.id
        schema = client.models.versions.get("replicate-ext/image", version).openapi_schema
        path = tmp_path / "image_model.py"
        path.write_text(render_module(schema, model="replicate-ext/image", version=version))
        module = _load(path)
        assert ("replicate-ext/image", version) == (module.MODEL, module.VERSION)
        output = module.run(client, width=2, height=2, scale=2)
        assert isinstance(output, FileOutput) and output.read().startswith(b"\x89PNG")
        with pytest.raises(InputValidationError, match="above the maximum"):
            module.run(client, width=9999)
    finally:
        client.close()


def test_odd_names_are_mapped_back() -> None:
    source = render_module(ODD, model="acme/odd")
    assert '"class": class_,' in source and '"my-input": my_input,' in source
    assert '"client": client_,' in source and '"2x": _2x,' in source
    assert "bad_default: int | None = None" in source, "a default that does not fit is dropped"
    assert "tags: list[str] | None = None" in source, "a mutable default is the model's to apply"
    assert "ratio: float = 1.0" in source
    assert 'aspect_ratio: AspectRatioChoice = "1:1",' in source
    assert "AspectRatioChoice: TypeAlias = Literal[\n" in source
    assert "prompt: str = _DEFAULT_prompt," in source
    assert "_0: Input0Choice = 100," in source, "an alias name starts with a letter"


def test_cli_codegen(
    tmp_path: Path,
    replicate_emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("REPLICATE_API_TOKEN", replicate_emulator.token)
    monkeypatch.setenv("REPLICATE_BASE_URL", replicate_emulator.base_url)
    out = tmp_path / "tokens_model.py"
    assert main(["codegen", "replicate-ext/tokens", "-o", str(out)]) == 0
    assert capsys.readouterr().err == f"wrote {out} (replicate-ext/tokens: 4 inputs)\n"
    assert 'style: Literal["plain", "upper", "title"] = "plain",' in out.read_text()
    assert ">>> import tokens_model as model" in out.read_text()  # the name it is imported by
    assert "replicate_ext_tokens" not in out.read_text()
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps({"latest_version": {"openapi_schema": COG["Words"]}}))
    monkeypatch.setenv("REPLICATE_BASE_URL", "http://127.0.0.1:9/v1")  # no request is made
    assert main(["codegen", "acme/words", "--schema-file", str(schema_file)]) == 0
    assert "def run(client: Replicate, *, text: str) -> Output:" in capsys.readouterr().out
    assert main(["codegen", "a" * 64]) == 2
    assert "bare version id" in capsys.readouterr().err
    (tmp_path / "empty.json").write_text("{}")
    assert main(["codegen", "acme/x", "--schema-file", str(tmp_path / "empty.json")]) == 2


def test_client_is_used_once_per_call(replicate_emulator: Emulator) -> None:
    """The generated run() goes through use(): the schema is fetched once per client."""
    with Replicate(auth=replicate_emulator.token, base_url=replicate_emulator.base_url) as client:
        namespace: dict[str, Any] = {}
        latest = client.models.get("replicate-ext/hello").latest_version
        assert latest is not None
        source = render_module(latest.openapi_schema, model="replicate-ext/hello")
        exec(compile(source, "hello_model.py", "exec"), namespace)  # noqa: S102
        assert namespace["run"](client, name="A") == "hello A"
        since = len(replicate_emulator.requests)
        assert namespace["run"](client, name="B") == "hello B"
        assert [r.method for r in replicate_emulator.requests[since:]] == ["POST"]


def test_a_model_that_accepts_any_input_takes_extra_keywords(
    tmp_path: Path, replicate_emulator: Emulator
) -> None:
    # Before: replicate-ext/echo (additional inputs allowed) became run(client), with no way to
    # pass an input, and an empty dict that ruff format rewrote.
    with replicate_emulator.client() as client:
        latest = client.models.get("replicate-ext/echo").latest_version
        assert latest is not None
        path = tmp_path / "echo_model.py"
        path.write_text(render_module(latest.openapi_schema, model="replicate-ext/echo"))
        assert "def run(client: Replicate, **extra: Any) -> Output:" in path.read_text()
        assert _load(path).run(client, anything=1, other="x") == {"anything": 1, "other": "x"}
    assert _mypy(tmp_path, path.name) == ""
    ruff = [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", path.name]
    result = subprocess.run(ruff, cwd=tmp_path, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
