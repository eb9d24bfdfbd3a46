"""The emulator's rate-limit options on the command line."""

from __future__ import annotations

import pytest
from replicate_emulator.__main__ import parser


def test_rate_limit_flags() -> None:
    args = parser().parse_args(
        ["--rate-limit", "create=600", "--rate-limit", "other=3000", "--rate-limit-retry-after"]
    )
    assert dict(args.rate_limit) == {"create": 600.0, "other": 3000.0}
    assert args.rate_limit_retry_after is True


def test_a_bad_rate_limit_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        parser().parse_args(["--rate-limit", "creates=10"])
    assert "expected create=N or other=N" in capsys.readouterr().err
