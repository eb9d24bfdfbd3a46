"""The package's table of contents: sorted, complete, and free of side effects at import."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import replicate_ext


def test_all_is_sorted_and_complete() -> None:
    exported = replicate_ext.__all__
    assert exported == sorted(exported)
    public = {name for name in vars(replicate_ext) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(replicate_ext, name)).__name__ == "module"}
    assert set(exported) - {"__version__"} == (public - modules) | {"webhooks"}
    assert replicate_ext.webhooks.validate is not None, "the webhooks module is public"


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
