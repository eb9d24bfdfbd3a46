"""Checks of openapi/replicate.yaml: valid, written to the house rules, and agreeing with Replicate.

The referee is Replicate's own published description, kept as test data in
tests/reference/replicate-openapi.yaml (see tests/reference/README.md). Every operation, parameter
and success status it lists must be in our spec, and every field we declare must exist there with a
compatible type. Our schemas are matched to the reference's by walking each operation's request
body and success responses side by side, so no name mapping is kept by hand. Differences we mean to
keep are listed in `DELIBERATE`, each with its reason.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

Schema = dict[str, Any]
Spec = dict[str, Any]

ROOT = Path(__file__).resolve().parents[1]
SPEC_PATH = ROOT / "openapi" / "replicate.yaml"
REFERENCE_PATH = ROOT / "tests" / "reference" / "replicate-openapi.yaml"

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

_CURSOR = (
    "the reference only says to follow the page's `next` URL; the server reads `cursor` from that "
    "URL's query string, and an explicit parameter lets a client pass it"
)
_PAGINATED_OPERATIONS = (
    "collections.list",
    "deployments.list",
    "files.list",
    "models.examples.list",
    "models.list",
    "models.versions.list",
    "predictions.list",
    "trainings.list",
)

# Differences from the reference that we keep on purpose: mismatch key -> reason.
DELIBERATE: dict[str, str] = {
    **{
        f"parameter {op_id} query:cursor: not in reference": _CURSOR
        for op_id in _PAGINATED_OPERATIONS
    },
    "property PredictionMetrics.predict_time: not in reference": (
        "the live API sends it for every finished prediction and bills by it; the reference has it "
        "in training metrics only"
    ),
    "property FileObject.name: not in reference": (
        "the live API returns the uploaded file's name, as its HTTP reference documents"
    ),
    "property FileObject.etag: not in reference": (
        "the live API returns the content's entity tag, as its HTTP reference documents"
    ),
    "required Training.id: not required in reference": (
        "every training the API returns has an id, without which it cannot be fetched or canceled"
    ),
    "required ModelVersion.id: not required in reference": (
        "every version the API returns has an id, without which it cannot be fetched or run"
    ),
}

# Our object schemas that no reference schema with properties is compared with, and why.
UNCOMPARED: dict[str, str] = {
    "Problem": (
        "errors are documented in prose, not as responses; the reference's error bodies only "
        "name `detail`"
    ),
    "FileMetadata": "free-form metadata, a property-less object in the reference too",
}

EXPECTED_SCHEMAS = frozenset(
    {
        "Account",
        "Collection",
        "CollectionSummary",
        "Deployment",
        "DeploymentConfiguration",
        "DeploymentCreateRequest",
        "DeploymentRelease",
        "DeploymentUpdateRequest",
        "FileChecksums",
        "FileObject",
        "FileUrls",
        "Hardware",
        "Model",
        "ModelCreateRequest",
        "ModelPredictionRequest",
        "ModelUpdateRequest",
        "ModelVersion",
        "PaginatedCollections",
        "PaginatedDeployments",
        "PaginatedFiles",
        "PaginatedModelVersions",
        "PaginatedModels",
        "PaginatedPredictions",
        "PaginatedTrainings",
        "Prediction",
        "PredictionMetrics",
        "PredictionRequest",
        "PredictionUrls",
        "Problem",
        "SearchResults",
        "Training",
        "TrainingRequest",
        "WebhookEvent",
        "WebhookSecret",
    }
)

TAGS = frozenset(
    {
        "account",
        "collections",
        "deployments",
        "files",
        "hardware",
        "models",
        "predictions",
        "search",
        "trainings",
        "webhooks",
    }
)

PREDICTION_CREATES = (
    "predictions.create",
    "models.predictions.create",
    "deployments.predictions.create",
)

# String formats that change what the generated code parses a value into.
PARSED_FORMATS = frozenset({"date-time", "date", "binary"})


# --------------------------------------------------------------------------- spec helpers


def load(path: Path) -> Spec:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def deref(spec: Spec, node: Schema) -> tuple[Schema, str | None]:
    """Follow `$ref`s; return the target and the last component name followed."""
    name = None
    while "$ref" in node:
        ref = node["$ref"]
        assert ref.startswith("#/"), f"only local references are supported: {ref}"
        target: Any = spec
        for part in ref[2:].split("/"):
            target = target[part]
        node, name = target, ref.rsplit("/", 1)[1]
    return node, name


def flatten(spec: Spec, node: Schema) -> tuple[Schema, str | None]:
    """Resolve `$ref` and merge `allOf` into one schema; name it when it wraps one component."""
    node, name = deref(spec, node)
    if "allOf" not in node:
        return node, name
    merged: Schema = {k: v for k, v in node.items() if k != "allOf"}
    names = []
    for part in node["allOf"]:
        flat, part_name = flatten(spec, part)
        names.append(part_name)
        for key, value in flat.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = [*merged.get("required", []), *value]
            else:
                merged.setdefault(key, value)
    only = names[0] if len(names) == 1 else None
    return merged, name or only


def variants(spec: Spec, node: Schema) -> list[Schema]:
    """The alternatives a value may match: one schema, or each branch of a oneOf/anyOf."""
    flat, _ = flatten(spec, node)
    for key in ("oneOf", "anyOf"):
        if key in flat:
            return [v for branch in flat[key] for v in variants(spec, branch)]
    return [flat]


def json_type(schema: Schema) -> str | None:
    if "type" in schema:
        return str(schema["type"])
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def operations(spec: Spec) -> Iterator[tuple[str, str, Schema, list[Schema]]]:
    """Yield (method, path, operation, resolved parameters incl. path-level ones)."""
    for path, item in spec["paths"].items():
        shared = [deref(spec, p)[0] for p in item.get("parameters", [])]
        for method in METHODS:
            if method in item:
                op = item[method]
                own = [deref(spec, p)[0] for p in op.get("parameters", [])]
                overridden = {(p["name"], p["in"]) for p in own}
                params = [p for p in shared if (p["name"], p["in"]) not in overridden] + own
                yield method, path, op, params


def param_key(param: Schema) -> str:
    name = param["name"].lower() if param["in"] == "header" else param["name"]
    return f"{param['in']}:{name}"


def success_responses(op: Schema) -> dict[str, Schema]:
    return {str(code): r for code, r in op["responses"].items() if str(code).startswith("2")}


def json_response(spec: Spec, op: Schema, code: str) -> Schema:
    """The flattened JSON schema of one response of `op`, or {} if it has none."""
    response = deref(spec, op["responses"].get(code, {}))[0]
    media = response.get("content", {}).get("application/json", {})
    return flatten(spec, media["schema"])[0] if "schema" in media else {}


def by_operation_id(spec: Spec) -> dict[str, tuple[str, str, Schema, list[Schema]]]:
    return {op["operationId"]: (m, p, op, params) for m, p, op, params in operations(spec)}


# --------------------------------------------------------------------------- comparison


def type_problem(ours: Schema, refs: list[Schema]) -> str | None:
    """Why a value valid for `ours` may be invalid for the reference, or None if compatible."""
    our_type = json_type(ours)
    if our_type is None:
        return None  # free-form on our side: Any, compatible with anything
    typed = [r for r in refs if json_type(r) is not None]
    if len(typed) < len(refs):
        return None  # the reference accepts anything here
    ref_types = sorted({str(json_type(r)) for r in typed})
    if not any(our_type == t or (our_type, t) == ("integer", "number") for t in ref_types):
        return f"ours {our_type}, reference {'|'.join(ref_types)}"
    fmt = ours.get("format")
    if fmt in PARSED_FORMATS and not any(r.get("format") == fmt for r in typed):
        return f"ours format {fmt}, reference {'|'.join(str(r.get('format')) for r in typed)}"
    if "enum" in ours and all("enum" in r for r in typed):
        allowed = {v for r in typed for v in r["enum"]}
        extra = sorted(set(ours["enum"]) - allowed)
        if extra:
            return f"enum values {extra} not in reference"
    return None


@dataclass
class Comparison:
    """Mismatches between our spec and the reference, keyed so that `DELIBERATE` can name them."""

    ours: Spec
    ref: Spec
    found: dict[str, list[str]] = field(default_factory=dict)
    covered: set[str] = field(default_factory=set)
    _seen: set[tuple[str, tuple[int, ...], bool]] = field(default_factory=set)

    def add(self, key: str, where: str) -> None:
        places = self.found.setdefault(key, [])
        if where not in places:
            places.append(where)

    def run(self) -> Comparison:
        ours = {(m, p): (op, params) for m, p, op, params in operations(self.ours)}
        refs = {(m, p): (op, params) for m, p, op, params in operations(self.ref)}
        for method, path in sorted(refs.keys() - ours.keys()):
            self.add(f"operation {method.upper()} {path}: missing", path)
        for method, path in sorted(ours.keys() - refs.keys()):
            self.add(f"operation {method.upper()} {path}: not in reference", path)
        for key in sorted(ours.keys() & refs.keys()):
            self.operation(*ours[key], *refs[key])
        return self

    def operation(
        self, op: Schema, params: list[Schema], ref_op: Schema, ref_params: list[Schema]
    ) -> None:
        op_id = ref_op["operationId"]
        if op.get("operationId") != op_id:
            self.add(f"operation {op_id}: our operationId is {op.get('operationId')!r}", op_id)
        mine = {param_key(p): p for p in params}
        theirs = {param_key(p): p for p in ref_params}
        for key in sorted(theirs.keys() - mine.keys()):
            self.add(f"parameter {op_id} {key}: missing", op_id)
        for key in sorted(mine.keys() - theirs.keys()):
            self.add(f"parameter {op_id} {key}: not in reference", op_id)
        for key in sorted(mine.keys() & theirs.keys()):
            if bool(mine[key].get("required")) != bool(theirs[key].get("required")):
                self.add(f"parameter {op_id} {key}: required differs", op_id)
            problem = type_problem(
                flatten(self.ours, mine[key].get("schema", {}))[0],
                variants(self.ref, theirs[key].get("schema", {})),
            )
            if problem:
                self.add(f"parameter {op_id} {key}: {problem}", op_id)

        if "requestBody" in ref_op or "requestBody" in op:
            self.content(
                op_id,
                "request",
                deref(self.ours, op.get("requestBody", {}))[0],
                deref(self.ref, ref_op.get("requestBody", {}))[0],
                request=True,
            )
        mine_ok, theirs_ok = success_responses(op), success_responses(ref_op)
        for code in sorted(theirs_ok.keys() - mine_ok.keys()):
            self.add(f"status {op_id} {code}: missing", op_id)
        for code in sorted(mine_ok.keys() - theirs_ok.keys()):
            self.add(f"status {op_id} {code}: not in reference", op_id)
        for code in sorted(mine_ok.keys() & theirs_ok.keys()):
            self.content(
                op_id,
                code,
                deref(self.ours, mine_ok[code])[0],
                deref(self.ref, theirs_ok[code])[0],
                request=False,
            )

    def content(self, op_id: str, what: str, ours: Schema, ref: Schema, *, request: bool) -> None:
        mine, theirs = ours.get("content", {}), ref.get("content", {})
        if set(mine) != set(theirs):
            self.add(
                f"media {op_id} {what}: ours {sorted(mine)}, reference {sorted(theirs)}", op_id
            )
        for media in sorted(set(mine) & set(theirs)):
            if "schema" in mine[media] and "schema" in theirs[media]:
                where = f"{op_id} {what} {media}"
                self.schema(
                    mine[media]["schema"], theirs[media]["schema"], where, op_id, request=request
                )

    def schema(
        self, node: Schema, ref_node: Schema, where: str, label: str, *, request: bool
    ) -> None:
        ours, name = flatten(self.ours, node)
        refs = variants(self.ref, ref_node)
        label = name or label
        if name is not None:
            visit = (name, tuple(id(r) for r in refs), request)
            if visit in self._seen:
                return
            self._seen.add(visit)

        problem = type_problem(ours, refs)
        if problem:
            self.add(f"type {label}: {problem}", where)
            return
        nullable_there = any(r.get("nullable") for r in refs)
        if not request and json_type(ours) and not ours.get("nullable") and nullable_there:
            self.add(f"nullable {label}: reference allows null, ours does not", where)

        ref_props: dict[str, Schema] = {}
        ref_required: set[str] = set()
        for r in refs:
            ref_props.update(r.get("properties", {}))
            ref_required.update(r.get("required", []))
        our_props: dict[str, Schema] = ours.get("properties", {})
        our_required = set(ours.get("required", []))
        if our_props and not ref_props:
            return  # the reference leaves this object free-form
        if name is not None and our_props:
            self.covered.add(name)
        for prop in our_props:
            if prop not in ref_props:
                self.add(f"property {label}.{prop}: not in reference", where)
        for prop in our_required - ref_required:
            self.add(f"required {label}.{prop}: not required in reference", where)
        if request:
            for prop in sorted(ref_required - our_required):
                self.add(f"required {label}.{prop}: required by reference, optional in ours", where)
        for prop in sorted(our_props.keys() & ref_props.keys()):
            self.schema(
                our_props[prop],
                ref_props[prop],
                f"{where}.{prop}",
                f"{label}.{prop}",
                request=request,
            )

        if "items" in ours:
            ref_items = next((r["items"] for r in refs if "items" in r), None)
            if ref_items is not None:
                self.schema(ours["items"], ref_items, f"{where}[]", f"{label}[]", request=request)

    def report(self, prefix: str) -> list[str]:
        return [
            f"{key}  [at {', '.join(places[:3])}]"
            for key, places in sorted(self.found.items())
            if key.startswith(prefix) and key not in DELIBERATE
        ]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def ours() -> Spec:
    return load(SPEC_PATH)


@pytest.fixture(scope="module")
def reference() -> Spec:
    # Test data of the repository: a missing copy fails every test that compares with it.
    return load(REFERENCE_PATH)


@pytest.fixture(scope="module")
def comparison(ours: Spec, reference: Spec) -> Comparison:
    return Comparison(ours, reference).run()


def response_schema_names(spec: Spec) -> set[str]:
    """Component names reachable from any success response."""
    found: set[str] = set()

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                target, name = deref(spec, node)
                if name is not None and name not in found:
                    found.add(name)
                    visit(target)
                return
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    for _, _, op, _ in operations(spec):
        for response in success_responses(op).values():
            visit(deref(spec, response)[0].get("content", {}))
    return found


# --------------------------------------------------------------------------- validity


def test_spec_is_valid_openapi_3_0(ours: Spec) -> None:
    assert str(ours["openapi"]).startswith("3.0.")
    validate(ours)


def test_server_and_global_bearer_auth(ours: Spec) -> None:
    assert [s["url"] for s in ours["servers"]] == ["https://api.replicate.com/v1"]
    schemes = ours["components"]["securitySchemes"]
    assert ours["security"] == [{name: []} for name in schemes]
    assert [(s["type"], s["scheme"]) for s in schemes.values()] == [("http", "bearer")]
    overridden = [op["operationId"] for _, _, op, _ in operations(ours) if "security" in op]
    assert overridden == []


# --------------------------------------------------------------------------- conformance


def test_every_reference_operation_is_ours_with_the_same_id(comparison: Comparison) -> None:
    mismatches = comparison.report("operation ")
    assert not mismatches, "operations differ from the reference:\n" + "\n".join(mismatches)


def test_parameters_match_the_reference(comparison: Comparison) -> None:
    mismatches = comparison.report("parameter ")
    assert not mismatches, "parameters differ from the reference:\n" + "\n".join(mismatches)


def test_success_statuses_and_media_types_match_the_reference(comparison: Comparison) -> None:
    mismatches = comparison.report("status ") + comparison.report("media ")
    assert not mismatches, "success responses differ from the reference:\n" + "\n".join(mismatches)


def test_schema_fields_exist_in_the_reference_with_compatible_types(comparison: Comparison) -> None:
    mismatches = [
        line
        for prefix in ("property ", "type ", "required ", "nullable ")
        for line in comparison.report(prefix)
    ]
    assert not mismatches, "schemas differ from the reference:\n" + "\n".join(mismatches)


def test_deliberate_differences_are_real_and_explained(comparison: Comparison) -> None:
    stale = sorted(key for key in DELIBERATE if key not in comparison.found)
    assert not stale, "DELIBERATE lists differences that no longer exist:\n" + "\n".join(stale)
    assert all(reason.strip() for reason in DELIBERATE.values())


def test_every_object_schema_is_compared_with_the_reference(
    ours: Spec, comparison: Comparison
) -> None:
    objects = {
        name
        for name, schema in ours["components"]["schemas"].items()
        if flatten(ours, schema)[0].get("properties")
    }
    unchecked = sorted(objects - comparison.covered - UNCOMPARED.keys())
    assert not unchecked, f"no reference schema was compared with: {unchecked}"
    needless = sorted(UNCOMPARED.keys() & comparison.covered)
    assert not needless, f"UNCOMPARED lists schemas that are compared after all: {needless}"


def test_comparison_catches_planted_mismatches(ours: Spec, reference: Spec) -> None:
    broken = copy.deepcopy(ours)
    schemas = broken["components"]["schemas"]
    schemas["Prediction"]["properties"]["bogus"] = {"type": "string", "nullable": True}
    schemas["Prediction"]["properties"]["logs"] = {"type": "integer", "nullable": True}
    schemas["Hardware"]["properties"]["sku"] = {"type": "string"}  # declared, so still fine
    schemas["FileObject"]["properties"]["created_at"] = {"type": "string", "format": "binary"}
    schemas["ModelCreateRequest"]["required"].remove("hardware")
    broken["paths"]["/models/{model_owner}/{model_name}/versions"]["get"]["parameters"] = []
    del broken["paths"]["/account"]
    search = broken["paths"]["/search"]["get"]
    search["parameters"][0]["required"] = False
    search["responses"]["201"] = search["responses"].pop("200")
    found = Comparison(broken, reference).run().found
    for key in (
        "property Prediction.bogus: not in reference",
        "type Prediction.logs: ours integer, reference string",
        "type FileObject.created_at: ours format binary, reference date-time",
        "required ModelCreateRequest.hardware: required by reference, optional in ours",
        "operation GET /account: missing",
        "parameter search query:query: required differs",
        "status search 200: missing",
        "status search 201: not in reference",
    ):
        assert key in found, f"{key!r} not detected; found {sorted(found)}"
    assert "parameter models.versions.list query:cursor: not in reference" not in found
    assert not any(key.startswith("type Hardware") for key in found)


# --------------------------------------------------------------------------- house rules


def test_operation_ids_are_unique_and_dotted(ours: Spec) -> None:
    ids = [op.get("operationId", "") for _, _, op, _ in operations(ours)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"duplicate operationIds: {duplicates}"
    bad = sorted(i for i in ids if not re.fullmatch(r"[a-z]+(\.[a-z]+)*", i))
    assert not bad, f"operationIds not lowercase and dotted: {bad}"
    assert len(ids) == 36


def test_component_schemas_are_pascal_case_and_complete(ours: Spec) -> None:
    names = set(ours["components"]["schemas"])
    bad = sorted(n for n in names if not re.fullmatch(r"(?:[A-Z][a-z0-9]+)+", n))
    assert not bad, f"schema names not PascalCase: {bad}"
    missing = sorted(EXPECTED_SCHEMAS - names)
    assert not missing, f"schemas the hand-written layer relies on are missing: {missing}"


def test_each_operation_has_exactly_one_tag_its_resource(ours: Spec) -> None:
    declared = {t["name"] for t in ours["tags"]}
    assert declared == TAGS
    wrong = [
        f"{op['operationId']}: {op.get('tags')}"
        for _, _, op, _ in operations(ours)
        if op.get("tags") != [op["operationId"].split(".")[0]]
    ]
    assert not wrong, "each operation needs exactly one tag, its id's first part:\n" + "\n".join(
        wrong
    )


def test_paginated_operations_and_only_those_take_a_cursor(ours: Spec) -> None:
    paginated, with_cursor, lists = set(), set(), {}
    for _, _, op, params in operations(ours):
        op_id = op["operationId"]
        body = json_response(ours, op, "200")
        if {"next", "previous", "results"} <= set(body.get("properties", {})):
            paginated.add(op_id)
        if op_id.endswith(".list"):
            lists[op_id] = json_type(body)
        cursor = [p for p in params if p["name"] == "cursor"]
        if cursor:
            assert cursor[0]["in"] == "query", op_id
            assert not cursor[0].get("required"), op_id
            assert cursor[0]["schema"]["type"] == "string", op_id
            with_cursor.add(op_id)
    assert paginated == set(_PAGINATED_OPERATIONS), f"paginated: {sorted(paginated)}"
    assert with_cursor == paginated, (
        f"paginated without cursor: {sorted(paginated - with_cursor)}; "
        f"cursor without pagination: {sorted(with_cursor - paginated)}"
    )
    # A list that is not paginated returns every item at once, as a bare array.
    assert {op_id: kind for op_id, kind in lists.items() if op_id not in paginated} == {
        "hardware.list": "array"
    }


def test_paginated_schemas_have_nullable_links(ours: Spec) -> None:
    schemas = ours["components"]["schemas"]
    pages = [name for name in schemas if name.startswith("Paginated")]
    assert len(pages) == 7
    for name in pages:
        props = schemas[name]["properties"]
        assert set(props) == {"next", "previous", "results"}, name
        for link in ("next", "previous"):
            assert props[link] == {**props[link], "type": "string", "nullable": True}, name
        assert props["results"]["type"] == "array", name
        assert "$ref" in props["results"]["items"], name


def test_response_schemas_parse_liberally(ours: Spec) -> None:
    """Only ids are required; all else is nullable or free-form; no enums; no bare nested $ref."""
    problems = []
    schemas = ours["components"]["schemas"]
    for name in sorted(response_schema_names(ours)):
        schema = schemas[name]
        if "enum" in schema:
            problems.append(f"{name}: a server-owned value must not be an enum")
        extra_required = set(schema.get("required", [])) - {"id"}
        if extra_required:
            problems.append(f"{name}: required {sorted(extra_required)} (only `id` may be)")
        for prop, sub in schema.get("properties", {}).items():
            where = f"{name}.{prop}"
            if "$ref" in sub:
                problems.append(f"{where}: bare $ref; use allOf + nullable")
            if "enum" in sub or "enum" in sub.get("items", {}):
                problems.append(f"{where}: a server-owned value must not be an enum")
            if prop in schema.get("required", []):
                continue
            if json_type(sub) is None and "allOf" not in sub:
                continue  # free-form JSON: Any
            if sub.get("nullable") is not True:
                problems.append(f"{where}: not nullable")
    assert not problems, "response schemas would not parse liberally:\n" + "\n".join(problems)
    for free_form in ("input", "output"):
        assert "type" not in schemas["Prediction"]["properties"][free_form]
    assert "type" not in schemas["ModelVersion"]["properties"]["openapi_schema"]


def test_request_bodies_are_required(ours: Spec) -> None:
    optional = [
        op["operationId"]
        for _, _, op, _ in operations(ours)
        if "requestBody" in op and deref(ours, op["requestBody"])[0].get("required") is not True
    ]
    assert not optional, f"request bodies not marked required: {optional}"


def test_prediction_creates_take_prefer_and_cancel_after(ours: Spec) -> None:
    ops = by_operation_id(ours)
    for op_id in PREDICTION_CREATES:
        headers = {p["name"]: p for p in ops[op_id][3] if p["in"] == "header"}
        assert set(headers) == {"Prefer", "Cancel-After"}, op_id
        assert not any(h.get("required") for h in headers.values()), op_id
    others = [
        op_id
        for op_id, (_, _, _, params) in ops.items()
        if op_id not in PREDICTION_CREATES and any(p["in"] == "header" for p in params)
    ]
    assert not others, f"unexpected header parameters on {others}"


@pytest.mark.parametrize(
    ("value", "accepted"),
    [
        ("wait", True),
        ("wait=1", True),
        ("wait=9", True),
        ("wait=10", True),
        ("wait=59", True),
        ("wait=60", True),
        ("wait=0", False),
        ("wait=61", False),
        ("wait=99", False),
        ("wait=05", False),
        ("wait=", False),
        ("Wait", False),
        ("nowait", False),
    ],
)
def test_prefer_pattern_accepts_one_to_sixty_seconds(
    ours: Spec, value: str, accepted: bool
) -> None:
    params = by_operation_id(ours)["predictions.create"][3]
    pattern = next(p for p in params if p["name"] == "Prefer")["schema"]["pattern"]
    assert (re.search(pattern, value) is not None) is accepted
