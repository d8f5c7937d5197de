"""A real HTTP server on loopback that records the webhooks Apprise posts (``json://`` and
``form://``), or misbehaves on purpose: answers 500, hangs past the client's timeout, or closes
the connection without answering."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

#: How long a hanging server holds a request: longer than the tests' rto=1, and bounded.
HANG_SECONDS = 3.0


@dataclass
class Hook:
    """The posts received (path, content type, parsed body) and how to answer the next ones:
    ``ok``, ``fail`` (500), ``hang`` or ``close``."""

    port: int = 0
    mode: str = "ok"
    posts: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    released: threading.Event = field(default_factory=threading.Event)

    def url(self, scheme: str = "json", path: str = "/hook") -> str:
        return f"{scheme}://127.0.0.1:{self.port}{path}"

    def messages(self) -> list[dict[str, Any]]:
        return [body for _, _, body in self.posts]


def _handler(hook: Hook) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            kind = self.headers.get("Content-Type", "")
            if hook.mode == "close":
                self.close_connection = True
                self.connection.close()
                return
            if hook.mode == "hang":
                hook.released.wait(HANG_SECONDS)
                return
            if hook.mode == "fail":
                self.send_response(500)
                self.end_headers()
                return
            body = json.loads(raw) if "json" in kind else _form(raw)
            hook.posts.append((self.path, kind, body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _form(raw: str) -> dict[str, Any]:
    return {key: values[0] for key, values in parse_qs(raw).items()}


@contextmanager
def webhook(mode: str = "ok") -> Iterator[Hook]:
    hook = Hook(mode=mode)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(hook))
    server.daemon_threads = True
    hook.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        hook.released.set()
        server.shutdown()
        server.server_close()
        thread.join(5)
