"""Warning e-mails: composing the digest of due labels and handing it to an SMTP server.

Registry values only ever reach the bodies (the HTML part escaped); headers hold the subject
labeltrack writes itself and addresses parsed as addresses, so no name can become a header.
"""

from __future__ import annotations

import base64
import html
import smtplib
import socket
import ssl
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.model import State
from labeltrack.notify import Notice, Security, SmtpServer
from labeltrack.render.html import STATE_COLOURS
from labeltrack.words import days_words


def parse_address(text: str, param: str | None = None) -> Address:
    """``text`` as one e-mail address, or a usage error about ``param``."""
    try:
        address = Address(addr_spec=text.strip())
    except (ValueError, HeaderParseError, IndexError):
        address = None
    if address is None or not address.username or "." not in address.domain:
        raise UsageError(f"{text!r} is not an e-mail address like manager@example.org", param=param)
    return address


# -- composing ---------------------------------------------------------------------------------


def subject(notices: Sequence[Notice]) -> str:
    """``labeltrack: 5 labels need attention (1 expired, 2 critical, 2 warning)``."""
    counts = Counter(notice.status.state for notice in notices)
    parts = ", ".join(f"{counts[state]} {state}" for state in State if counts[state])
    need = "label needs" if len(notices) == 1 else "labels need"
    return f"labeltrack: {len(notices)} {need} attention ({parts})"


def days_phrase(days_left: int) -> str:
    return "valid today, its last day" if days_left == 0 else days_words(days_left)


def _thresholds_sentence(notify_days: Iterable[int]) -> str:
    days = ", ".join(str(day) for day in sorted(set(notify_days), reverse=True))
    return (
        f"labeltrack writes once per label at each of these points: {days} days left, and when "
        "it has expired. A renewed label starts again from the first."
    )


def _text_body(notices: Sequence[Notice], as_of: date, footer: str) -> str:
    lines = [f"{subject(notices).removeprefix('labeltrack: ')}, as of {as_of.isoformat()}.", ""]
    for notice in notices:
        cluster, label = notice.status.cluster, notice.label
        days = notice.status.days_left
        assert days is not None
        lines.append(f"{cluster.name} ({cluster.country_name})")
        lines.append(
            f"  {notice.status.title}, valid until {label.valid_until.isoformat()}: "
            f"{days_phrase(days)} ({notice.status.state})"
        )
        lines.append("")
    lines.append(textwrap.fill(footer, width=72))
    return "\n".join(lines) + "\n"


_CELL = "padding:4px 10px;border-bottom:1px solid #ddd;text-align:left"


def _html_body(notices: Sequence[Notice], as_of: date, footer: str) -> str:
    def cell(text: str, style: str = "") -> str:
        return f'<td style="{_CELL}{style}">{html.escape(text)}</td>'

    headings = ("Cluster", "Country", "Level", "Valid until", "Days left", "State")
    rows = []
    for notice in notices:
        cluster, label, state = notice.status.cluster, notice.label, notice.status.state
        days = notice.status.days_left
        assert days is not None
        colour = f";color:{STATE_COLOURS[state]};font-weight:bold"
        rows.append(
            "<tr>"
            + cell(cluster.name)
            + cell(cluster.country_name)
            + cell(notice.status.title)
            + cell(label.valid_until.isoformat())
            + cell(days_phrase(days))
            + cell(state.value, colour)
            + "</tr>"
        )
    head = "".join(f'<th style="{_CELL}">{heading}</th>' for heading in headings)
    title = html.escape(f"{subject(notices).removeprefix('labeltrack: ')}, as of {as_of}.")
    return (
        '<!DOCTYPE html>\n<html><head><meta charset="utf-8"></head>'
        '<body style="font-family:sans-serif">\n'
        f"<p>{title}</p>\n"
        f'<table style="border-collapse:collapse"><thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + f"\n</tbody></table>\n<p>{html.escape(footer)}</p>\n</body></html>\n"
    )


def compose(
    notices: Sequence[Notice],
    *,
    as_of: date,
    now: datetime,
    sender: Address,
    recipients: Sequence[Address],
    notify_days: Iterable[int],
) -> EmailMessage:
    """One digest of ``notices`` (most urgent first): plain text with an HTML alternative."""
    footer = _thresholds_sentence(notify_days)
    message = EmailMessage()
    message["Subject"] = subject(notices)
    message["From"] = sender
    message["To"] = recipients
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid("labeltrack", domain=sender.domain)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content(_text_body(notices, as_of, footer), cte="quoted-printable")
    message.add_alternative(
        _html_body(notices, as_of, footer), subtype="html", cte="quoted-printable"
    )
    return message


def preview(message: EmailMessage) -> str:
    """What ``--dry-run`` prints: the headers, decoded, and the text part."""
    headers = "".join(f"{name}: {value}\n" for name, value in message.items())
    text = message.get_body(("plain",))
    body = text.get_content() if isinstance(text, EmailMessage) else ""
    return f"{headers}\n{body}"


# -- sending -----------------------------------------------------------------------------------


def send(messages: Sequence[EmailMessage], server: SmtpServer) -> None:
    """Hand every message to ``server`` over one connection. Any refusal (of the connection, the
    login, the sender or any recipient) raises, so the caller records nothing as sent."""
    try:
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if server.security is Security.SSL:
            client = smtplib.SMTP_SSL(
                server.host, server.port, timeout=server.timeout, context=context
            )
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=server.timeout)
        with client:
            if server.security is Security.STARTTLS:
                client.starttls(context=context)
            if server.user:
                _login(client, server.user, server.password or "")
            for message in messages:
                refused = client.send_message(message)
                if refused:
                    raise smtplib.SMTPRecipientsRefused(refused)
    except OSError as exc:  # smtplib's and ssl's errors are OSErrors too
        raise LabeltrackError(
            f"SMTP server {server.name}{_failure(exc, server)}; nothing was recorded as sent, "
            "so the next run tries again",
            mentions=("smtp_security", "smtp_user"),
        ) from None


def _failure(exc: OSError, server: SmtpServer) -> str:
    """What went wrong, in words that follow the server's name; never the password."""
    timed_out = f" did not answer within {server.timeout:g} s"
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
        return timed_out if "timed out" in str(exc) else " closed the connection unexpectedly"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return f": its TLS certificate is not trusted ({exc.verify_message})"
    if isinstance(exc, ssl.SSLError):
        return f": TLS failed ({exc.reason or exc})"
    if isinstance(exc, TimeoutError):
        return timed_out
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
