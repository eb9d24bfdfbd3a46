from typing import Literal

ModelSortField = Literal["latest_version_created_at", "model_created_at"]

MODEL_SORT_FIELD_VALUES: set[ModelSortField] = {
    "latest_version_created_at",
    "model_created_at",
}


def check_model_sort_field(value: str) -> ModelSortField:
    if value in MODEL_SORT_FIELD_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {MODEL_SORT_FIELD_VALUES!r}")
