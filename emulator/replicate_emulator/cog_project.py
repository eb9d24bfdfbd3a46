"""Find a Cog model from a reference: its predictor and its project directory.

A reference is what ``cog predict`` would use: ``path/to/predict.py:Predictor``, or
a directory or ``cog.yaml`` whose ``predict:`` entry names the predictor. The
project directory is what ``cog build`` would copy into the image: the nearest
directory at or above the predictor file holding a ``cog.yaml``, else the file's
own directory.

Example:
    >>> from pathlib import Path
    >>> project, rel_file, name = resolve_ref("examples/cog-hello", Path.cwd())  # doctest: +SKIP
    >>> project.name, rel_file, name  # doctest: +SKIP
    ('cog-hello', 'predict.py', 'Predictor')
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["resolve_ref"]


def resolve_ref(ref: str, cwd: Path) -> tuple[Path, str, str]:
    """Find the predictor a reference names.

    Args:
        ref: ``path/to/predict.py:Predictor``, or a directory / ``cog.yaml`` whose
            ``predict:`` entry names the predictor.
        cwd: Directory a relative ``ref`` is resolved against.

    Returns:
        The project directory (the nearest directory at or above the predictor
        file holding a ``cog.yaml``, else the file's own directory), the
        predictor file relative to it, and the predictor's name.

    Raises:
        FileNotFoundError: If the predictor file does not exist.
        ValueError: If the ``cog.yaml`` has no ``predict`` entry or the name is
            not an identifier.
    """
    target = Path(ref)
    if ":" in ref and not (cwd / target).exists():
        file_part, _, name = ref.rpartition(":")
        file_path = Path(file_part)
    else:
        yaml_path = cwd / target
        if yaml_path.is_dir():
            yaml_path = yaml_path / "cog.yaml"
        import yaml  # only needed for this form of ref

        config = yaml.safe_load(yaml_path.read_text(encoding="utf-8")) or {}
        predict = config.get("predict") if isinstance(config, dict) else None
        if not isinstance(predict, str) or ":" not in predict:
            raise ValueError(f"{yaml_path} has no 'predict: file.py:Name' entry")
        file_part, _, name = predict.rpartition(":")
        file_path = yaml_path.parent / file_part
    file_path = (cwd / file_path).resolve()
    if not file_path.is_file():
        raise FileNotFoundError(f"predictor file not found: {file_path}")
    if not name.isidentifier():
        raise ValueError(f"invalid predictor name {name!r} in {ref!r}")
    project = file_path.parent
    for candidate in (file_path.parent, *file_path.parent.parents):
        if (candidate / "cog.yaml").is_file():
            project = candidate
            break
    return project, file_path.relative_to(project).as_posix(), name
