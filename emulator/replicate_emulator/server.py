"""``Emulator``: run the emulated Replicate API on a local port, in a background thread."""

from __future__ import annotations

import importlib
import ssl
import weakref
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self, cast

if TYPE_CHECKING:
    import httpx

    from replicate_ext import AsyncReplicate, Replicate

from .app import App
from .builtin import register_builtins
from .config import Config, new_token
from .context import ModelFn
from .core import Core, RequestLog
from .faults import Faults
from .records import Model
from .serving import bind, start_in_thread, stop_server
from .tls import LocalCA

__all__ = ["Emulator"]


class _CogPredictor(Protocol):
    def start(self) -> None: ...
    def openapi_schema(self) -> dict[str, Any]: ...
    def predict(self, input: dict[str, Any], log: Any = None) -> Any: ...
    def stop(self) -> None: ...
    def cancel(self) -> bool: ...


def _same_registration(
    old: tuple[ModelFn, dict[str, Any]], new: tuple[ModelFn, dict[str, Any]]
) -> bool:
    """Tell whether two registrations run the same code with the same plain options."""
    code = getattr(old[0], "__code__", None)
    if code is None or code is not getattr(new[0], "__code__", None):
        return False
    plain = ("official", "schema", "version", "description", "readme", "tags", "example")
    return all(old[1].get(key) == new[1].get(key) for key in plain) and set(old[1]) == set(new[1])


class Emulator:
    """A faithful local emulator of Replicate's HTTP API.

    Use it as a context manager (or call :meth:`start` and :meth:`stop`); it serves on
    ``host`` at ``port`` (0 picks a free one) from a background thread.

    Args:
        token: The API token to accept (random ``r8_...`` if not given).
        data_dir: Keep state in this directory so it survives restarts (memory if ``None``).
        page_size: Items per page of paginated lists.
        retention: Seconds before finished predictions lose input, output and logs.
        speed: Emulated time runs this many times faster (boot, ``Cancel-After``, sleeps).
        host: Interface to listen on.
        port: Port to listen on; 0 picks a free port.
        builtins: Register the ``replicate-ext/*`` demo models.
        tls: Serve HTTPS (API, streams and output files) with a certificate from a CA made
            for this emulator; :attr:`ca_path` is the CA bundle to trust (see
            ``replicate_emulator.tls``), and :meth:`client` trusts it by itself.
        **options: Other :class:`~replicate_emulator.config.Config` fields
            (``concurrency``, ``boot_time``, ``username``, ``webhook_attempts``, ...).

    Example:
        >>> import httpx
        >>> with Emulator(token="r8_test") as emu:
        ...     r = httpx.get(emu.base_url + "/account",
        ...                   headers={"Authorization": "Bearer r8_test"})
        >>> r.json()["username"]
        'emulator'
    """

    def __init__(
        self,
        token: str | None = None,
        data_dir: str | Path | None = None,
        page_size: int = 100,
        retention: float = 3600.0,
        speed: float = 1.0,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        builtins: bool = True,
        tls: bool = False,
        **options: Any,
    ) -> None:
        self.config = Config(
            token=token or new_token(),
            data_dir=Path(data_dir) if data_dir is not None else None,
            page_size=page_size,
            retention=retention,
            speed=speed,
            **options,
        )
        self.host = host
        self.port = port
        self._builtins = builtins
        self.tls = tls
        self._ca: LocalCA | None = None
        self._http_clients: list[httpx.Client] = []
        #: The blocking clients handed out, closed on stop (their sockets would be left open).
        self._clients: weakref.WeakSet[Replicate] = weakref.WeakSet()
        self._core: Core | None = None
        self._server: Any = None
        self._models: dict[str, tuple[ModelFn, dict[str, Any]]] = {}
        self._cog_specs: dict[str, tuple[str, str | None]] = {}
        self._predictors: dict[str, _CogPredictor] = {}
        self.faults = Faults()
        self.requests = RequestLog()

    @property
    def token(self) -> str:
        """The accepted API token."""
        return self.config.token

    @property
    def base_url(self) -> str:
        """The API base URL, ``http://127.0.0.1:PORT/v1`` (``https://`` in TLS mode)."""
        return self.config.base_url

    @property
    def ca_path(self) -> Path | None:
        """The PEM file of the CA to trust in TLS mode (while running), else ``None``.

        Give it to other clients as ``SSL_CERT_FILE`` (Python) or ``NODE_EXTRA_CA_CERTS``
        (Node).
        """
        return self._ca.ca_path if self._ca is not None and self._core is not None else None

    def ssl_context(self) -> ssl.SSLContext | None:
        """A client SSL context trusting this emulator's CA in TLS mode, else ``None``.

        Example:
            >>> with Emulator(tls=True) as emu:  # doctest: +SKIP
            ...     httpx.get(emu.base_url + "/account", verify=emu.ssl_context(), headers=...)
        """
        if self._ca is None:
            return None
        return self._ca.ssl_context()

    @property
    def core(self) -> Core:
        """The running :class:`~replicate_emulator.core.Core` (after :meth:`start`)."""
        if self._core is None:
            raise RuntimeError("the emulator is not running; call start() first")
        return self._core

    def add_model(
        self,
        name: str,
        fn: ModelFn,
        official: bool = False,
        schema: dict[str, Any] | None = None,
        version: str | None = None,
        *,
        replace: bool = False,
        **extra: Any,
    ) -> None:
        """Serve model ``name`` (``owner/name``) backed by the Python function ``fn``.

        ``fn(input)`` (or ``fn(input, log)``) returns the output, or yields output chunks
        (then the prediction streams and its output is the list of chunks). ``bytes`` and
        paths in the output become downloadable URLs. ``schema`` is a Cog openapi
        document with ``components.schemas.Input``/``Output``; without one every input is
        accepted. ``version`` fixes the version id (default: a hash of name and schema).
        ``extra`` may give ``description``, ``readme``, ``tags``, ``example`` (the input of
        the model's default example), ``train`` (the function trainings run) and ``cancel``
        (a callable interrupting a running ``fn``; models with one run a single prediction
        at a time).

        A model of that name must not exist, unless ``replace`` is true; registering the
        same code with the same options again is allowed (so a fixture run for every test
        can add its model each time).

        Raises:
            ValueError: a model of that name exists (a built-in, one added before or one
                created through the API) and ``replace`` is false.

        Example:
            >>> emu = Emulator()
            >>> emu.add_model("acme/upper", lambda inp: inp["text"].upper())
            >>> emu.add_model("acme/upper", lambda inp: inp["text"].lower())
            Traceback (most recent call last):
              ...
            ValueError: model 'acme/upper' already exists; pass replace=True to replace it
            >>> emu.add_model("acme/upper", lambda inp: inp["text"].lower(), replace=True)
        """
        options = {"official": official, "schema": schema, "version": version, **extra}
        if name in self._models and not replace:
            if not _same_registration(self._models[name], (fn, options)):
                raise ValueError(f"model {name!r} already exists; pass replace=True to replace it")
            replace = True  # the same code again (a fixture run per test): nothing changes
        if self._core is not None:
            self._core.add_model(name, fn, replace=replace, **options)
        self._models[name] = (fn, options)

    def add_cog_model(
        self, name: str, ref: str, *, cwd: str | None = None, replace: bool = False
    ) -> None:
        """Serve a Cog predictor (``"path/predict.py:Predictor"``) as model ``name``.

        The same predictor again (same ``ref`` and ``cwd``) is allowed and keeps it running.

        Raises:
            ValueError: another model of that name exists and ``replace`` is false.

        Example:
            >>> emu = Emulator()
            >>> emu.add_cog_model("acme/hello", "examples/cog-hello/predict.py:Predictor")  # doctest: +SKIP
        """
        if not replace and self._cog_specs.get(name) == (ref, cwd) and name in self._predictors:
            return  # the same predictor again (a fixture run per test): it keeps running
        exists = name in self._models or (
            self._core is not None and name in self._core.store.models
        )
        if exists and not replace:
            raise ValueError(f"model {name!r} already exists; pass replace=True to replace it")
        old = self._predictors.pop(name, None)
        if old is not None:
            old.stop()
        self._cog_specs[name] = (ref, cwd)
        self._launch_cog(name)

    def _launch_cog(self, name: str) -> None:
        ref, cwd = self._cog_specs[name]
        module = importlib.import_module(".cog", __package__)
        predictor = cast(_CogPredictor, module.CogPredictor(ref, cwd=cwd))
        predictor.start()
        self._predictors[name] = predictor
        self.add_model(
            name,
            predictor.predict,
            schema=predictor.openapi_schema(),
            cancel=predictor.cancel,
            replace=True,
        )

    def model(self, name: str) -> Model | None:
        """Return the registered model ``owner/name`` (``None`` if unknown)."""
        owner, _, model_name = name.partition("/")
        return self.core.store.get_model(owner, model_name)

    def reset(self) -> None:
        """Forget predictions, trainings, files, faults and the request log; keep models.

        Running predictions are canceled first. The token, the models (those added in
        code and those created through the API) and deployments stay, so one emulator can
        serve many tests that each start clean.

        Example:
            >>> with Emulator() as emu, emu.client() as client:  # doctest: +SKIP
            ...     client.run("replicate-ext/hello", input={})
            ...     emu.reset()
            ...     assert not emu.requests and not list(client.predictions.list())
        """
        if self._core is not None:
            self._core.reset()
        self.faults.clear()
        self.requests.clear()

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> Self:
        """Start serving; returns once the server accepts connections."""
        if self._core is not None:
            return self
        sock = bind(self.host, self.port)
        port = sock.getsockname()[1]
        host = f"[{self.host}]" if ":" in self.host else self.host
        tls: dict[str, Any] = {}
        if self.tls:
            if self._ca is None:
                self._ca = LocalCA([self.host])
            self._ca.write()
            tls["ssl_certfile"] = str(self._ca.server_pem)
        self.config.base_url = f"{'https' if self.tls else 'http'}://{host}:{port}/v1"
        core = Core(self.config)
        core.faults = self.faults
        core.requests = self.requests
        if self._builtins:
            register_builtins(core)
        for name in self._cog_specs:
            if name not in self._predictors:
                self._launch_cog(name)
        for name, (fn, options) in self._models.items():
            core.add_model(name, fn, replace=True, **options)
        # The core is in place before the first request; a failed start stops it again.
        self._core = core
        try:
            server = start_in_thread(App(core), sock, "replicate-emulator", lifespan="off", **tls)
        except RuntimeError:
            self.stop()
            raise RuntimeError("the emulator failed to start") from None
        core.server_state = server.server_state
        self._server = server
        return self

    def stop(self) -> None:
        """Stop serving, cancel running predictions and release everything."""
        core, server = self._core, self._server
        if core is None:
            return
        core.closing = True
        for client in list(self._clients):  # useless from now on: release their sockets
            client.close()
        self._clients.clear()
        for http in self._http_clients:  # their idle connections would hold up the shutdown
            http.close()
        self._http_clients.clear()
        for job in core.iter_jobs():
            job.watchers.notify()
        if server is not None:
            stop_server(server)
        core.close()
        for predictor in self._predictors.values():
            predictor.stop()
        self._predictors.clear()
        if self._ca is not None:
            self._ca.close()
        self._core = self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- clients -------------------------------------------------------------------------

    def client(self, **kwargs: Any) -> Replicate:
        """A :class:`~replicate_ext.Replicate` client configured for this emulator (closed
        when the emulator stops, if you have not closed it yourself).

        Example:
            >>> with Emulator() as emu, emu.client() as client:  # doctest: +SKIP
            ...     client.run("replicate-ext/hello", input={"name": "Ada"})
            'hello Ada'
        """
        from replicate_ext import Replicate

        context = self.ssl_context()
        if context is not None and "http_client" not in kwargs:
            import httpx

            # Closed when the emulator stops (a client passed in is not closed by Replicate).
            kwargs["http_client"] = httpx.Client(verify=context, follow_redirects=False)
            self._http_clients.append(kwargs["http_client"])
        client = Replicate(auth=self.token, base_url=self.base_url, **kwargs)
        self._clients.add(client)  # closed when the emulator stops, if still open
        return client

    def async_client(self, **kwargs: Any) -> AsyncReplicate:
        """A :class:`~replicate_ext.AsyncReplicate` client configured for this emulator.

        Example:
            >>> async with emu.async_client() as client: ...  # doctest: +SKIP
        """
        from replicate_ext import AsyncReplicate

        context = self.ssl_context()
        if context is not None and "http_client" not in kwargs:
            import httpx

            # It keeps no connection between requests, so nothing is left bound to an event
            # loop once the client is done (a client passed in is not closed by AsyncReplicate).
            limits = httpx.Limits(max_keepalive_connections=0)
            kwargs["http_client"] = httpx.AsyncClient(
                verify=context, limits=limits, follow_redirects=False
            )
        return AsyncReplicate(auth=self.token, base_url=self.base_url, **kwargs)
