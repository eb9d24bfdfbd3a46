"""The emulator's state: every model, job, deployment, file and asset, behind one lock."""

from __future__ import annotations

import base64
import json
import os
import threading
from typing import Any

from .config import Config
from .jobs import Job
from .persist import Persistence
from .records import Asset, Deployment, FileRecord, Model, Version
from .timeutil import now

__all__ = ["Store"]


class Store:
    """In-memory state with write-through persistence when ``config.data_dir`` is set.

    All mutation happens under :attr:`lock` (a re-entrant lock shared by the HTTP handlers
    and the worker threads); :meth:`save_job` persists a job and wakes its watchers.

    Example:
        >>> store = Store(Config(token="r8_x"))
        >>> store.get_prediction("nope") is None
        True
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.lock = threading.RLock()
        self.db = Persistence(config.data_dir)
        self.models: dict[str, Model] = {}
        self.versions: dict[str, tuple[Model, Version]] = {}
        self.predictions: dict[str, Job] = {}
        self.trainings: dict[str, Job] = {}
        self.deployments: dict[str, Deployment] = {}
        self.files: dict[str, FileRecord] = {}
        self.assets: dict[str, Asset] = {}
        self._seq = 0
        self.webhook_secret = "whsec_" + base64.b64encode(os.urandom(24)).decode()
        self.signing_secret = base64.b64encode(os.urandom(32)).decode()
        self._load()

    # -- bookkeeping ---------------------------------------------------------------------

    def next_seq(self) -> int:
        """Return a new, strictly increasing sequence number (orders lists newest first)."""
        with self.lock:
            self._seq += 1
            return self._seq

    def _load(self) -> None:
        meta = {r["id"]: r["value"] for r in self.db.load("meta")}
        self.webhook_secret = meta.get("webhook_secret", self.webhook_secret)
        self.signing_secret = meta.get("signing_secret", self.signing_secret)
        for key in ("webhook_secret", "signing_secret"):
            self.db.put("meta", key, {"id": key, "value": getattr(self, key)})
        seqs: list[int] = [0]
        for record in self.db.load("models"):
            self._index_model(Model.from_record(record))
            seqs.append(record["seq"])
        for record in self.db.load("deployments"):
            dep = Deployment.from_record(record)
            self.deployments[dep.full_name] = dep
            seqs.append(dep.seq)
        for record in self.db.load("files"):
            content = self.db.get_blob("file:" + record["id"]) or b""
            self.files[record["id"]] = FileRecord.from_record(record, content)
            seqs.append(record["seq"])
        for record in self.db.load("assets"):
            data = self.db.get_blob("asset:" + record["key"]) or b""
            self.assets[record["key"]] = Asset(record["key"], record["content_type"], data)
        for kind, table in (("predictions", self.predictions), ("trainings", self.trainings)):
            for record in self.db.load(kind):
                job = Job.from_record(record)
                if not job.terminal:
                    job.status = "failed"
                    job.error = "The emulator restarted before this job finished"
                    job.completed_at = now()
                    job.add_event("error", json.dumps({"detail": job.error}))
                    job.add_event("done", "{}")
                    self.db.put(kind, job.id, job.to_record())
                table[job.id] = job
                seqs.append(job.seq)
        self._seq = max(seqs)

    def close(self) -> None:
        """Close the persistence backend."""
        self.db.close()

    # -- models --------------------------------------------------------------------------

    def _index_model(self, model: Model) -> None:
        old = self.models.get(model.full_name)
        if old is not None:
            for version in old.versions:
                self.versions.pop(version.id, None)
        self.models[model.full_name] = model
        for version in model.versions:
            self.versions[version.id] = (model, version)

    def put_model(self, model: Model) -> None:
        """Add or replace a model (and index its versions)."""
        with self.lock:
            self._index_model(model)
            self.save_model(model)

    def save_model(self, model: Model) -> None:
        """Persist a model after changing it (models registered in code are not saved)."""
        with self.lock:
            for version in model.versions:
                self.versions[version.id] = (model, version)
            if model.persistent:
                self.db.put("models", model.full_name, model.to_record())

    def delete_model(self, model: Model) -> None:
        """Remove a model and its versions."""
        with self.lock:
            self.models.pop(model.full_name, None)
            for version in model.versions:
                self.versions.pop(version.id, None)
            self.db.delete("models", model.full_name)

    def get_model(self, owner: str, name: str) -> Model | None:
        """Return the model ``owner/name``, if any."""
        return self.models.get(f"{owner}/{name}")

    # -- jobs ----------------------------------------------------------------------------

    def _table(self, job: Job) -> dict[str, Job]:
        return self.predictions if job.kind == "prediction" else self.trainings

    def add_job(self, job: Job) -> None:
        """Register a new prediction or training."""
        with self.lock:
            self._table(job)[job.id] = job
        self.save_job(job)

    def save_job(self, job: Job) -> None:
        """Persist a job after a change and wake everyone watching it."""
        with self.lock:
            job.touch()
            self.db.put(job.kind + "s", job.id, job.to_record())
        job.watchers.notify()

    def expire(self, job: Job) -> None:
        """Remove a finished prediction's input, output and logs once retention has passed."""
        if job.data_removed or job.completed_at is None or job.kind != "prediction":
            return
        if now() - job.completed_at < self.config.retention:
            return
        with self.lock:
            job.data_removed = True
            job.input = {}
            job.output = None
            job.logs = ""
        self.save_job(job)

    def get_prediction(self, prediction_id: str) -> Job | None:
        """Return a prediction (applying data retention), if any."""
        job = self.predictions.get(prediction_id)
        if job is not None and job.completed_at is not None and not job.data_removed:
            self.expire(job)
        return job

    # -- files and assets ----------------------------------------------------------------

    def put_file(self, record: FileRecord) -> None:
        """Store an uploaded file."""
        with self.lock:
            self.files[record.id] = record
            self.db.put_blob("file:" + record.id, record.content)
            self.db.put("files", record.id, record.to_record())

    def delete_file(self, file_id: str) -> None:
        """Delete an uploaded file."""
        with self.lock:
            self.files.pop(file_id, None)
            self.db.delete("files", file_id)
            self.db.delete_blob("file:" + file_id)

    def put_asset(self, asset: Asset) -> None:
        """Store a model output file served under ``/delivery/``."""
        with self.lock:
            self.assets[asset.key] = asset
            self.db.put_blob("asset:" + asset.key, asset.content)
            self.db.put("assets", asset.key, {"key": asset.key, "content_type": asset.content_type})

    # -- reset -------------------------------------------------------------------------

    def reset(self) -> None:
        """Forget every prediction, training, file and output asset (models stay).

        Example:
            >>> store = Store(Config(token="r8_x"))
            >>> store.reset()
            >>> store.predictions
            {}
        """
        with self.lock:
            for kind, table in (("predictions", self.predictions), ("trainings", self.trainings)):
                for job_id in list(table):
                    self.db.delete(kind, job_id)
                table.clear()
            for file_id in list(self.files):
                self.delete_file(file_id)
            for key in list(self.assets):
                self.db.delete("assets", key)
                self.db.delete_blob("asset:" + key)
            self.assets.clear()

    # -- deployments ---------------------------------------------------------------------

    def save_deployment(self, dep: Deployment) -> None:
        """Add or update a deployment."""
        with self.lock:
            self.deployments[dep.full_name] = dep
            self.db.put("deployments", dep.full_name, dep.to_record())

    def delete_deployment(self, dep: Deployment) -> None:
        """Delete a deployment."""
        with self.lock:
            self.deployments.pop(dep.full_name, None)
            self.db.delete("deployments", dep.full_name)

    def snapshot(self, table: dict[str, Any]) -> list[Any]:
        """Return the values of ``table`` newest first (by ``seq``)."""
        with self.lock:
            values = list(table.values())
        return sorted(values, key=lambda v: v.seq, reverse=True)
