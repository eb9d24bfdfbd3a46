"""A real Cog predictor with iterator output, streamed token by token.

``@streaming`` opts the model in to server-sent-event streaming in Cog's runtime::

    from replicate_emulator.cog import CogPredictor

    with CogPredictor("examples/cog-hello/stream.py:Predictor") as model:
        for chunk in model.predict({"text": "hello streaming world"}):
            print(chunk, end="", flush=True)
"""

import time
from collections.abc import Iterator

from cog import BasePredictor, Input, streaming


class Predictor(BasePredictor):
    """Echoes its input back one word at a time."""

    @streaming
    def predict(
        self,
        text: str = Input(description="Words to echo back.", default="hello streaming world"),
        delay: float = Input(description="Seconds between words.", default=0.05, ge=0, le=5),
    ) -> Iterator[str]:
        """Yield each word of ``text`` (with a trailing space), pausing ``delay`` seconds."""
        for index, word in enumerate(text.split()):
            print(f"word {index}")
            yield word + " "
            time.sleep(delay)
