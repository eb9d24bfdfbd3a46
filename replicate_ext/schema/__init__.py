"""Model schemas: a version's ``openapi_schema`` read into input specs, checks and output shapes.

Example:
    >>> from replicate_ext.schema import ModelSchema
    >>> ModelSchema({}).validate({"prompt": "a cat"})
"""

from .inputs import InputSpec
from .model import ModelSchema
from .outputs import OutputSpec

__all__ = ["InputSpec", "ModelSchema", "OutputSpec"]
