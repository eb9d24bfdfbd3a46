"""Plain records of the emulator state (models, versions, deployments, files, assets).

Each record renders itself as the JSON object of the reference API and converts to and
from a persistence record (see :mod:`replicate_emulator.persist`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from .timeutil import iso

__all__ = ["Asset", "Deployment", "FileRecord", "Model", "Release", "Version", "account_json"]


def account_json(username: str) -> dict[str, Any]:
    """Return the account object of the token's owner.

    Example:
        >>> account_json("alice")["type"]
        'user'
    """
    return {
        "type": "user",
        "username": username,
        "name": username.replace("-", " ").title(),
        "github_url": f"https://github.com/{username}",
        "avatar_url": f"https://replicate.delivery/avatars/{username}.png",
    }


@dataclass
class Version:
    """One version of a model: a Cog openapi schema plus the runner that executes it.

    Example:
        >>> Version("0" * 64, 0.0, {}, runner="0" * 64).as_json()["created_at"]
        '1970-01-01T00:00:00.000000Z'
    """

    id: str
    created_at: float
    openapi_schema: dict[str, Any]
    runner: str
    cog_version: str = "0.13.7"

    def as_json(self) -> dict[str, Any]:
        """Return the ``schemas_version_response`` object."""
        return {
            "id": self.id,
            "created_at": iso(self.created_at),
            "cog_version": self.cog_version,
            "openapi_schema": self.openapi_schema,
        }

    def to_record(self) -> dict[str, Any]:
        """Return a JSON-serialisable copy for persistence."""
        return dataclasses.asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Version:
        """Rebuild a version from :meth:`to_record` output."""
        return cls(**record)


@dataclass
class Model:
    """A model and its versions (oldest first).

    Example:
        >>> Model("acme", "upper", created_at=0.0, seq=1).as_json()["url"]
        'https://replicate.com/acme/upper'
    """

    owner: str
    name: str
    created_at: float
    seq: int
    description: str | None = None
    visibility: str = "public"
    hardware: str = "cpu"
    github_url: str | None = None
    paper_url: str | None = None
    license_url: str | None = None
    cover_image_url: str | None = None
    weights_url: str | None = None
    readme: str | None = None
    official: bool = False
    run_count: int = 0
    tags: list[str] = field(default_factory=list)
    versions: list[Version] = field(default_factory=list)
    persistent: bool = True
    example_input: dict[str, Any] | None = None

    @property
    def full_name(self) -> str:
        """``owner/name``."""
        return f"{self.owner}/{self.name}"

    @property
    def latest_version(self) -> Version | None:
        """The most recently added version, if any."""
        return self.versions[-1] if self.versions else None

    def as_json(self) -> dict[str, Any]:
        """Return the ``schemas_model_response`` object."""
        latest = self.latest_version
        return {
            "url": f"https://replicate.com/{self.owner}/{self.name}",
            "owner": self.owner,
            "name": self.name,
            "description": self.description,
            "visibility": self.visibility,
            "github_url": self.github_url,
            "paper_url": self.paper_url,
            "license_url": self.license_url,
            "run_count": self.run_count,
            "cover_image_url": self.cover_image_url,
            "default_example": self._default_example(),
            "latest_version": None if latest is None else latest.as_json(),
            "is_official": self.official,
        }

    def _default_example(self) -> dict[str, Any] | None:
        """The model's default example: a succeeded prediction with ``example_input``."""
        if self.example_input is None:
            return None
        latest = self.latest_version
        return {
            "id": f"example-{self.owner}-{self.name}",
            "model": self.full_name,
            "version": None if latest is None else latest.id,
            "input": self.example_input,
            "status": "succeeded",
            "source": "web",
        }

    def to_record(self) -> dict[str, Any]:
        """Return a JSON-serialisable copy for persistence."""
        record = dataclasses.asdict(self)
        record["versions"] = [v.to_record() for v in self.versions]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Model:
        """Rebuild a model from :meth:`to_record` output."""
        data = dict(record)
        data["versions"] = [Version.from_record(v) for v in data.get("versions", [])]
        return cls(**data)


@dataclass
class Release:
    """The configuration a deployment currently runs."""

    number: int
    model: str
    version: str
    created_at: float
    hardware: str
    min_instances: int
    max_instances: int


@dataclass
class Deployment:
    """A named deployment owned by the account.

    Example:
        >>> release = Release(1, "acme/m", "0" * 64, 0.0, "cpu", 0, 1)
        >>> Deployment("alice", "web", 1, release).as_json("alice")["current_release"]["number"]
        1
    """

    owner: str
    name: str
    seq: int
    release: Release

    @property
    def full_name(self) -> str:
        """``owner/name``."""
        return f"{self.owner}/{self.name}"

    def as_json(self, username: str) -> dict[str, Any]:
        """Return the ``schemas_deployment_response`` object."""
        r = self.release
        return {
            "owner": self.owner,
            "name": self.name,
            "current_release": {
                "number": r.number,
                "model": r.model,
                "version": r.version,
                "created_at": iso(r.created_at),
                "created_by": account_json(username),
                "configuration": {
                    "hardware": r.hardware,
                    "min_instances": r.min_instances,
                    "max_instances": r.max_instances,
                },
            },
        }

    def to_record(self) -> dict[str, Any]:
        """Return a JSON-serialisable copy for persistence."""
        return dataclasses.asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Deployment:
        """Rebuild a deployment from :meth:`to_record` output."""
        data = dict(record)
        data["release"] = Release(**data["release"])
        return cls(**data)


@dataclass
class FileRecord:
    """An uploaded file; ``content`` is kept in memory (and in the data dir when set)."""

    id: str
    seq: int
    name: str
    content_type: str
    size: int
    sha256: str
    md5: str
    metadata: dict[str, Any]
    created_at: float
    expires_at: float
    owner: str
    content: bytes = field(default=b"", repr=False)

    def as_json(self, download_url: str) -> dict[str, Any]:
        """Return the ``schemas_file_response`` object."""
        return {
            "id": self.id,
            "name": self.name,
            "content_type": self.content_type,
            "size": self.size,
            "etag": self.md5,
            "checksums": {"sha256": self.sha256, "md5": self.md5},
            "metadata": self.metadata,
            "created_at": iso(self.created_at),
            "expires_at": iso(self.expires_at),
            "urls": {"get": download_url},
        }

    def to_record(self) -> dict[str, Any]:
        """Return a JSON-serialisable copy (without the content) for persistence."""
        record = dataclasses.asdict(self)
        del record["content"]
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any], content: bytes) -> FileRecord:
        """Rebuild a file from :meth:`to_record` output and its stored content."""
        return cls(**record, content=content)


@dataclass
class Asset:
    """A file produced by a model (served without authentication, like replicate.delivery)."""

    key: str
    content_type: str
    content: bytes = field(default=b"", repr=False)
