"""The CDS Hooks service over HTTP, for trying it locally: ``python -m guideline serve``.

A thin shell on the standard library's ``http.server``: it checks each
request's path, method, content type and size, decodes the body with the
package's JSON reader, and passes it to :func:`~guideline.cds_hooks.discovery`
or :func:`~guideline.cds_hooks.respond`, which hold every decision. It binds
to 127.0.0.1 by default and has no authentication: it is for local trial, not
for a network.

Answers are JSON. A request the service does not take gets ``400`` with
``{"error": ..., "field": ..., "reason": ...}``; an unknown path ``404``; a
method the path does not take ``405``; a fault of the program ``500`` with a
one-line reason and no traceback.
"""

from __future__ import annotations

import ipaddress
import json
import socketserver
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TextIO

from ._errors import fault
from ._fhir_codes import DEFAULT_MAPPING, CodeMapping
from ._json import decode
from ._parameters import DEFAULTS, Parameters
from ._version import __version__
from .cds_hooks import SERVICE_ID, RequestError, discovery, respond

MAX_REQUEST_BYTES = 4 * 1024 * 1024
"""The largest request body read, in bytes: years of laboratory results fit many times over."""

READ_TIMEOUT_SECONDS = 10
"""How long the server waits for a client that has stopped sending."""

DISCOVERY_PATH = "/cds-services"
"""Where the discovery document is served."""

SERVICE_PATH = f"{DISCOVERY_PATH}/{SERVICE_ID}"
"""Where the ``patient-view`` service answers."""

_DRAIN_CHUNK = 65_536


@dataclass(frozen=True)
class ServiceConfig:
    """How the service answers.

    Attributes:
        clock: Gives the server's date and how it was had, for requests that
            give none; None if the server has no clock (such requests get 400).
        parameters: The guideline parameters.
        mapping: The codes read from the prefetched resources.
        max_bytes: The largest request body read.
        log: Where each request is logged, one line each; None for silence.
    """

    clock: Callable[[], tuple[date, str]] | None = None
    parameters: Parameters = DEFAULTS
    mapping: CodeMapping = DEFAULT_MAPPING
    max_bytes: int = MAX_REQUEST_BYTES
    log: TextIO | None = None


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    config: ServiceConfig

    def server_bind(self) -> None:
        """Bind, without the name look-up of ``HTTPServer`` (a query that may leave the machine)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that went away mid-request is logged in one line, not with a traceback."""
        if self.config.log is not None:
            self.config.log.write(f"{client_address[0]} connection failed\n")


def make_server(host: str, port: int, config: ServiceConfig) -> ThreadingHTTPServer:
    """A server bound to ``host``:``port`` (0 picks a free port), not yet serving.

    Raises:
        OSError: If the address cannot be bound.
    """
    server = _Server((host, port), _Handler)
    server.config = config
    return server


def serve(host: str, port: int, config: ServiceConfig, *, out: TextIO) -> None:
    """Serve until interrupted (Ctrl-C), saying where on ``out``.

    Raises:
        OSError: If the address cannot be bound.
    """
    server = make_server(host, port, config)
    bound_host, bound_port = str(server.server_address[0]), server.server_address[1]
    out.write(
        f"CDS Hooks service: discovery at http://{bound_host}:{bound_port}{DISCOVERY_PATH}, "
        f"patient-view at http://{bound_host}:{bound_port}{SERVICE_PATH} (Ctrl-C stops it)\n"
    )
    if not _loopback(host):
        out.write(
            f"warning: bound to {host}, not to this machine alone: the service has no "
            "authentication and is for local trial only\n"
        )
    out.flush()
    try:
        _serve_forever(server)
    except KeyboardInterrupt:
        out.write("stopped\n")
    finally:
        server.server_close()


def _serve_forever(server: ThreadingHTTPServer) -> None:
    server.serve_forever()


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = f"cni-mn-guideline/{__version__}"
    sys_version = ""
    timeout = READ_TIMEOUT_SECONDS

    def do_GET(self) -> None:
        """Serve the discovery document."""
        if self._route(DISCOVERY_PATH, "GET"):
            self._send(200, discovery(self.server.config.mapping))

    def do_POST(self) -> None:
        """Answer a ``patient-view`` request."""
        if not self._route(SERVICE_PATH, "POST"):
            return
        config = self.server.config
        try:
            body = self._body(config.max_bytes)
            request = decode(body, "request", RequestError)
            clock = None if config.clock is None else config.clock()
            answer = respond(
                request, clock=clock, parameters=config.parameters, mapping=config.mapping
            )
        except RequestError as error:
            self._send(400, {"error": str(error), "field": error.field, "reason": error.reason})
        except Exception as error:
            self._send(500, {"error": f"internal failure: {fault(error)}"})
        else:
            self._send(200, answer)

    def do_PUT(self) -> None:
        """Refuse: the service takes GET and POST only."""
        self._route("", "PUT")

    do_DELETE = do_PATCH = do_PUT

    def _route(self, path: str, method: str) -> bool:
        """Whether the request is for ``path`` with ``method``; answers 404 or 405 if not."""
        target = self.path.split("?", 1)[0].rstrip("/") or "/"
        allowed = {DISCOVERY_PATH: "GET", SERVICE_PATH: "POST"}.get(target)
        if allowed is None:
            self._send(404, {"error": f"no such path: {target}; discovery is at {DISCOVERY_PATH}"})
            return False
        if target != path or method != allowed:
            self._send(405, {"error": f"{target} takes {allowed} only"}, {"Allow": allowed})
            return False
        return True

    def _body(self, limit: int) -> bytes:
        """The request body, checked for content type and size before it is read."""
        kind, _, options = (self.headers.get("Content-Type") or "").partition(";")
        if kind.strip().lower() != "application/json":
            raise RequestError("Content-Type", kind.strip() or None, "must be application/json")
        charset = options.strip().lower()
        if charset and charset.replace(" ", "") not in ("charset=utf-8", "charset=utf8"):
            raise RequestError("Content-Type", options.strip(), "must give the charset utf-8")
        length = self.headers.get("Content-Length")
        if length is None or not length.isascii() or not length.isdigit():
            self.close_connection = True
            raise RequestError("Content-Length", length, "is required: the size of the body")
        size = int(length)
        if size > limit:
            self._drain(min(size, 2 * limit))
            raise RequestError("Content-Length", size, f"must be at most {limit} bytes")
        body = self.rfile.read(size)
        if len(body) < size:
            self.close_connection = True
            raise RequestError("body", len(body), f"ended before its Content-Length, {size} bytes")
        return body

    def _drain(self, size: int) -> None:
        """Read and drop part of a body too large to take, so the client can read the answer."""
        self.close_connection = True
        try:
            while size > 0 and (chunk := self.rfile.read(min(size, _DRAIN_CHUNK))):
                size -= len(chunk)
        except OSError:  # pragma: no cover - a client that went away or stalled
            pass

    def _send(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(data).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Log one line per request where the configuration says, or nowhere."""
        log = self.server.config.log
        if log is not None:
            log.write(f"{self.address_string()} {format % args}\n")
