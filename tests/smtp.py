"""A real SMTP server on loopback for the notify tests (aiosmtpd), with optional TLS and login."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session

USER, PASSWORD = "cron", "s3cret-Ø"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage


@dataclass
class Handler:
    """Collects every message; refuses the recipients listed in ``refuse``."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: Any
    ) -> str:
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(str(envelope.mail_from), list(envelope.rcpt_tos), parsed))
        return "250 Message accepted"


def _check_login(
    server: SMTP, session: Session, envelope: Envelope, mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok, handled=False)  # handled=False: aiosmtpd sends the 535


@contextmanager
def refused_port() -> Iterator[int]:
    """A loopback port that refuses connections for as long as the block runs: bound by us and
    never listened on, so no other process can take it meanwhile."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        port: int = held.getsockname()[1]
        yield port


class _BoundController(Controller):
    """Serves on a socket bound before the server starts, to a port the system chose: no other
    process can take the port between choosing it and serving on it."""

    def __init__(self, handler: Handler, bound: socket.socket, **options: Any) -> None:
        self._bound = bound
        super().__init__(handler, hostname="127.0.0.1", port=bound.getsockname()[1], **options)

    def _create_server(self) -> Any:
        return self.loop.create_server(
            self._factory_invoker, sock=self._bound, ssl=self.ssl_context
        )


@contextmanager
def smtp_server(
    *,
    tls: ssl.SSLContext | None = None,
    implicit_tls: bool = False,
    login: bool = False,
) -> Iterator[tuple[Handler, int]]:
    """Serve on a free loopback port. ``tls`` offers STARTTLS, or with ``implicit_tls`` wraps
    the whole connection (SMTPS); ``login`` requires AUTH with USER and PASSWORD."""
    handler = Handler()
    bound = socket.socket()
    bound.bind(("127.0.0.1", 0))
    options: dict[str, Any] = {}
    if tls is not None and implicit_tls:
        options["ssl_context"] = tls
    elif tls is not None:
        options.update(tls_context=tls, require_starttls=True)
    if login:
        options.update(
            authenticator=_check_login,
            auth_required=True,
            auth_require_tls=tls is not None and not implicit_tls,  # aiosmtpd sees only STARTTLS
        )
    controller = _BoundController(handler, bound, **options)
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()
        bound.close()
