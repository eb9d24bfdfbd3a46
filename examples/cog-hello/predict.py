"""A tiny real Cog predictor used by the emulator's tests and examples.

Run it through Replicate's own runtime (no Docker needed)::

    from replicate_emulator.cog import CogPredictor

    with CogPredictor("examples/cog-hello/predict.py:Predictor") as model:
        print(model.predict({"name": "Alice"}))  # -> "hello Alice"
"""

from cog import BasePredictor, Input


class Predictor(BasePredictor):
    """Greets whoever it is asked to greet."""

    def setup(self) -> None:
        """Prepare the model (here: just pick the greeting prefix)."""
        self.prefix = "hello "

    def predict(
        self,
        name: str = Input(description="Who to greet.", default="world"),
    ) -> str:
        """Return a greeting for ``name``; the name ``"fail"`` raises an error."""
        print(f"greeting {name}")
        if name == "fail":
            raise ValueError("refusing to greet 'fail'")
        return self.prefix + name
