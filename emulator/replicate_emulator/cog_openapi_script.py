"""The program that generates a Cog predictor's OpenAPI schema, as ``cog build`` does.

:data:`SCRIPT` is Python source, run as ``python -c SCRIPT rel_file name out_path``
in the runtime's working directory and environment (see
:func:`replicate_emulator.cog_openapi.generate`). It loads the predictor the way
the runtime does, introspects it with the Cog SDK's ``_inspector``, and writes
``{"schema": <OpenAPI document>, "streaming": <bool>}`` as JSON to ``out_path``;
``streaming`` tells whether the predict function is decorated with
``@cog.streaming``. It exits non-zero, with the error on stderr, if the predictor
cannot be loaded.

It is kept as text, not imported, because it needs the ``cog`` package, which only
the interpreter running it (``sys.executable``) has to provide.
"""

from __future__ import annotations

__all__ = ["SCRIPT"]

#: Runs in a subprocess, with the runtime's working directory, to generate the
#: OpenAPI schema ``cog build`` would have produced. argv: predictor file
#: (relative to the working directory), predictor name, output path.
SCRIPT = r"""
import ast, importlib.util, inspect, json, sys, textwrap, warnings
warnings.simplefilter("ignore")
rel_file, name, out_path = sys.argv[1:4]
from cog import _adt, _inspector
from cog.input import FieldInfo

module_name = rel_file.rsplit("/", 1)[-1].removesuffix(".py")
spec = importlib.util.spec_from_file_location(module_name, rel_file)
if spec is None or spec.loader is None:
    sys.exit(f"cannot load predictor file {rel_file!r}")
module = importlib.util.module_from_spec(spec)
sys.modules[module_name] = module
spec.loader.exec_module(module)
info = _inspector.create_predictor(module_name, name)

target = getattr(module, name)
if inspect.isclass(target):
    fn = _inspector._selected_predict_method(target, f"{module_name}.{name}")[1]
else:
    fn = target
fn = _inspector._unwrap(fn)
params = inspect.signature(fn).parameters

def is_streaming(f):
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(f)))
    except (OSError, TypeError, SyntaxError):
        return False
    node = tree.body[0] if tree.body else None
    for dec in getattr(node, "decorator_list", []):
        if isinstance(dec, ast.Call):
            dec = dec.func
        if (isinstance(dec, ast.Name) and dec.id == "streaming") or (
            isinstance(dec, ast.Attribute) and dec.attr == "streaming"
        ):
            return True
    return False

def title(s):
    return s.replace("_", " ").title()

R = _adt.Repetition
properties, required, enums = {}, [], {}
for field_name, field in info.inputs.items():
    ft = field.type
    raw = params[field_name].default if field_name in params else inspect.Parameter.empty
    explicit = raw is not inspect.Parameter.empty and not (
        isinstance(raw, FieldInfo) and raw.default is None and field.default is None
        and ft.repetition not in (R.OPTIONAL, R.OPTIONAL_REPEATED)
        and ft.primitive is not _adt.PrimitiveType.SECRET
    )
    prop = {"x-order": field.order}
    if field.choices:
        enum_type = ft.primitive.json_type().get("type") or "string"
        enums[field_name] = {
            "title": field_name, "description": "An enumeration.",
            "enum": list(field.choices), "type": enum_type,
        }
        prop["allOf"] = [{"$ref": "#/components/schemas/" + field_name}]
    else:
        prop["title"] = title(field_name)
        prop.update(ft.json_type())
    nullable = ft.repetition in (R.OPTIONAL, R.OPTIONAL_REPEATED)
    if (ft.primitive is _adt.PrimitiveType.SECRET and ft.repetition is R.REQUIRED
            and explicit and field.default is None):
        nullable = True
    has_default = explicit and not (field.default is None and not nullable)
    if not has_default and ft.repetition in (R.REQUIRED, R.REPEATED):
        required.append(field_name)
    if has_default:
        try:
            prop["default"] = None if field.default is None else ft.json_encode(field.default)
        except Exception:
            prop["default"] = field.default
    if nullable:
        prop["nullable"] = True
    for key, value in (
        ("description", field.description), ("minimum", field.ge), ("maximum", field.le),
        ("minLength", field.min_length), ("maxLength", field.max_length),
        ("pattern", field.regex),
    ):
        if value is not None:
            prop[key] = value
    if field.deprecated:
        prop["deprecated"] = True
    accept = getattr(raw, "accept", None) if isinstance(raw, FieldInfo) else None
    if accept:
        prop["x-cog-accept"] = accept
    properties[field_name] = prop

input_schema = {"title": "Input", "type": "object", "properties": properties}
if required:
    input_schema["required"] = required
schemas = {"Input": input_schema, "Output": info.output.json_type(), **enums}
schemas["PredictionRequest"] = {
    "title": "PredictionRequest", "type": "object",
    "properties": {
        "id": {"title": "Id", "type": "string"},
        "input": {"$ref": "#/components/schemas/Input"},
    },
}
schemas["PredictionResponse"] = {
    "title": "PredictionResponse", "type": "object",
    "properties": {
        "input": {"$ref": "#/components/schemas/Input"},
        "output": {"$ref": "#/components/schemas/Output"},
        "id": {"title": "Id", "type": "string"},
        "version": {"title": "Version", "type": "string"},
        "created_at": {"title": "Created At", "type": "string", "format": "date-time"},
        "started_at": {"title": "Started At", "type": "string", "format": "date-time"},
        "completed_at": {"title": "Completed At", "type": "string", "format": "date-time"},
        "status": {"title": "Status", "type": "string"},
        "error": {"title": "Error", "type": "string"},
        "logs": {"title": "Logs", "type": "string"},
        "metrics": {"title": "Metrics", "type": "object"},
    },
}
schemas["Status"] = {
    "title": "Status", "description": "An enumeration.", "type": "string",
    "enum": ["starting", "processing", "succeeded", "canceled", "failed"],
}
schemas["HTTPValidationError"] = {
    "title": "HTTPValidationError", "type": "object",
    "properties": {"detail": {
        "title": "Detail", "type": "array",
        "items": {"$ref": "#/components/schemas/ValidationError"},
    }},
}
schemas["ValidationError"] = {
    "title": "ValidationError", "type": "object", "required": ["loc", "msg", "type"],
    "properties": {
        "loc": {"title": "Location", "type": "array",
                "items": {"anyOf": [{"type": "string"}, {"type": "integer"}]}},
        "msg": {"title": "Message", "type": "string"},
        "type": {"title": "Error Type", "type": "string"},
    },
}

def ok(ref):
    return {"200": {"description": "Successful Response",
                    "content": {"application/json": {"schema": ref}}}}

invalid = {"description": "Validation Error", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}}
predict_op = {
    "summary": "Predict", "description": "Run a single prediction on the model",
    "operationId": "predict_predictions_post",
    "requestBody": {"content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/PredictionRequest"}}}},
    "responses": {**ok({"$ref": "#/components/schemas/PredictionResponse"}), "422": invalid},
}
streaming = is_streaming(fn)
if streaming:
    predict_op["x-cog-streaming"] = True
paths = {
    "/": {"get": {"summary": "Root", "operationId": "root__get", "responses": ok({})}},
    "/health-check": {"get": {"summary": "Healthcheck",
                              "operationId": "healthcheck_health_check_get",
                              "responses": ok({})}},
    "/predictions": {"post": predict_op},
    "/predictions/{prediction_id}/cancel": {"post": {
        "summary": "Cancel", "operationId": "cancel_predictions__prediction_id__cancel_post",
        "parameters": [{"required": True, "name": "prediction_id", "in": "path",
                        "schema": {"title": "Prediction Id", "type": "string"}}],
        "responses": {**ok({}), "422": invalid},
    }},
}

def fix(node):
    if isinstance(node, dict):
        for child in node.values():
            fix(child)
        if "$ref" in node:
            node.pop("title", None)
        variants = node.get("anyOf")
        if isinstance(variants, list) and len(variants) == 2:
            non_null = [v for v in variants if v.get("type") != "null"]
            if len(non_null) == 1:
                del node["anyOf"]
                node.update(non_null[0])
                node["nullable"] = True
    elif isinstance(node, list):
        for child in node:
            fix(child)

document = {"openapi": "3.0.2", "info": {"title": "Cog", "version": "0.1.0"},
            "paths": paths, "components": {"schemas": schemas}}
fix(document)
with open(out_path, "w", encoding="utf-8") as f:
    json.dump({"schema": document, "streaming": streaming}, f)
"""
