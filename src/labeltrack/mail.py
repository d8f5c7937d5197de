"""Handing e-mails to an SMTP server, and the addresses they go to."""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from enum import StrEnum

from labeltrack.errors import LabeltrackError, UsageError


class Security(StrEnum):
    """How the connection to the SMTP server is protected."""

    NONE = "none"
    STARTTLS = "starttls"
    SSL = "ssl"

    @property
    def default_port(self) -> int:
        return {Security.NONE: 25, Security.STARTTLS: 587, Security.SSL: 465}[self]


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    security: Security
    timeout: float
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def name(self) -> str:
        return f"{self.host}:{self.port}"


def parse_address(text: str, param: str | None = None) -> Address:
    """``text`` as one e-mail address, or a usage error about ``param``."""
    try:
        address = Address(addr_spec=text.strip())
    except (ValueError, HeaderParseError, IndexError):
        address = None
    plain = text.isascii()  # plain SMTP carries ASCII addresses only
    if not plain or address is None or not address.username or "." not in address.domain:
        raise UsageError(f"{text!r} is not an e-mail address like manager@example.org", param=param)
    return address


# -- sending -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Handed:
    """What the server did with one message: the recipients it accepted (lowercased) and, for
    each it refused, its reply."""

    accepted: list[str]
    refused: dict[str, str]


class SendFailed(LabeltrackError):
    """The conversation with the server failed; ``handed`` holds the messages it took before."""

    def __init__(self, message: str, handed: list[Handed]) -> None:
        super().__init__(message, mentions=("smtp_security", "smtp_user"))
        self.handed = handed


def send(messages: Sequence[EmailMessage], server: SmtpServer) -> list[Handed]:
    """Hand every message to ``server`` over one connection, within ``server.timeout`` seconds
    for the whole conversation: a server that trickles its replies is given up on too. A
    recipient the server refuses is reported in the message's ``Handed``; a failure of the
    conversation itself (connection, TLS, login, sender, a refused message) raises
    ``SendFailed`` with what was handed before it."""
    handed: list[Handed] = []
    failures: list[OSError] = []

    def converse() -> None:
        try:
            _converse(messages, server, handed)
        except OSError as exc:  # smtplib's and ssl's errors are OSErrors too
            failures.append(exc)

    # The conversation runs aside, so that it can be given up on whatever it is waiting for; a
    # conversation given up on records only the messages the server took before.
    worker = threading.Thread(target=converse, daemon=True)
    worker.start()
    worker.join(server.timeout)
    if worker.is_alive():
        why = f" did not finish within {server.timeout:g} s"
    elif failures:
        why = _failure(failures[0], server)
    else:
        return handed
    raise SendFailed(
        f"SMTP server {server.name}{why}; nothing was recorded as sent, so the next run tries "
        "again",
        list(handed),
    )


def _converse(messages: Sequence[EmailMessage], server: SmtpServer, handed: list[Handed]) -> None:
    # Each wait may last a second longer than the whole: the whole is what is enforced.
    timeout = server.timeout + 1
    context = ssl.create_default_context()
    client: smtplib.SMTP
    if server.security is Security.SSL:
        client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout, context=context)
    else:
        client = smtplib.SMTP(server.host, server.port, timeout=timeout)
    with client:
        if server.security is Security.STARTTLS:
            client.starttls(context=context)
        if server.user:
            _login(client, server.user, server.password or "")
        for message in messages:
            to = [address.addr_spec for address in message["To"].addresses]
            try:
                refusals = client.send_message(message)
            except smtplib.SMTPRecipientsRefused as exc:  # every recipient: the server reset
                refusals = exc.recipients
            refused = {address.lower(): _reply_of(reply) for address, reply in refusals.items()}
            accepted = [address.lower() for address in to if address.lower() not in refused]
            handed.append(Handed(accepted, refused))


def _reply_of(reply: tuple[int, bytes | str]) -> str:
    code, text = reply
    return f"{code} {_decode(text)}"


def _failure(exc: OSError, server: SmtpServer) -> str:
    """What went wrong, in words that follow the server's name; never the password."""
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        if "STARTTLS" in str(exc):
            return " does not offer STARTTLS; try {smtp_security} ssl or none"
        if "PLAIN" in str(exc):
            return f" does not offer {exc}"
        return " does not offer a login (SMTP AUTH); leave out {smtp_user}"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return f" refused the login as {server.user!r}: {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPSenderRefused):
        return f" refused the sender {exc.sender}: {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        refusals = ", ".join(
            f"{address} ({code} {_decode(reply)})"
            for address, (code, reply) in exc.recipients.items()
        )
        return f" refused the recipient {refusals}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f" answered {_reply(exc)}"
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        # smtplib reports a read that timed out as a disconnection.
        return " closed the connection unexpectedly"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f": its TLS certificate is not trusted ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        return f": TLS failed ({exc.reason or exc})"
    if isinstance(exc, ConnectionRefusedError):
        return " refused the connection"
    if isinstance(exc, socket.gaierror):
        return ": no such host"
    return f": {exc.strerror or exc}"


def _login(client: smtplib.SMTP, user: str, password: str) -> None:
    """``smtplib`` encodes credentials as ASCII; RFC 4616 PLAIN carries UTF-8, so a password
    like ``s3cret-Ø`` goes that way."""
    if (user + password).isascii():
        client.login(user, password)
        return
    client.ehlo_or_helo_if_needed()
    if "PLAIN" not in client.esmtp_features.get("auth", "").upper().split():
        raise smtplib.SMTPNotSupportedError("the login with a non-ASCII password (AUTH PLAIN)")
    token = base64.b64encode(f"\0{user}\0{password}".encode()).decode("ascii")
    code, reply = client.docmd("AUTH", f"PLAIN {token}")
    if code != 235:
        raise smtplib.SMTPAuthenticationError(code, reply)


def _decode(reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return " ".join(text.split())


def _reply(exc: smtplib.SMTPResponseException) -> str:
    return f"{exc.smtp_code} {_decode(exc.smtp_error)}"
