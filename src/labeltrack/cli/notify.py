"""`labeltrack notify`."""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path
from typing import Annotated

import typer

from labeltrack.cli import say
from labeltrack.cli.common import (
    DEFAULT_REGISTRY,
    AsOfOption,
    RegistryOption,
    command_app,
    day,
    parse_days,
    reported,
    split,
)
from labeltrack.errors import UsageError
from labeltrack.formats import NotifyFormat
from labeltrack.mail import Security
from labeltrack.words import count

app = command_app()


@app.command("notify", short_help="Send due warnings by e-mail or chat, once per threshold.")
def notify(
    registry: RegistryOption = DEFAULT_REGISTRY,
    as_of: AsOfOption = None,
    to: Annotated[
        list[str] | None,
        typer.Option(
            "--to",
            envvar="LABELTRACK_TO",
            metavar="ADDRESS",
            help="Send the digest to this address; repeat, or separate with commas.",
        ),
    ] = None,
    sender: Annotated[
        str | None,
        typer.Option("--from", envvar="LABELTRACK_FROM", metavar="ADDRESS", help="Sender."),
    ] = None,
    smtp_host: Annotated[
        str, typer.Option(metavar="HOST", envvar="LABELTRACK_SMTP_HOST", help="SMTP server.")
    ] = "localhost",
    smtp_port: Annotated[
        int | None,
        typer.Option(
            min=1,
            max=65535,
            metavar="PORT",
            envvar="LABELTRACK_SMTP_PORT",
            help="SMTP port.",
            show_default="25; 587 with starttls; 465 with ssl",
        ),
    ] = None,
    smtp_user: Annotated[
        str | None,
        typer.Option(
            metavar="USER",
            envvar="LABELTRACK_SMTP_USER",
            help="Log in as this user; the password is read from LABELTRACK_SMTP_PASSWORD.",
        ),
    ] = None,
    smtp_security: Annotated[
        Security | None,
        typer.Option(
            envvar="LABELTRACK_SMTP_SECURITY",
            case_sensitive=False,
            help="How to protect the connection; with --smtp-user, give it (none only if the "
            "password may travel unencrypted).",
            show_default="none",
        ),
    ] = None,
    smtp_timeout: Annotated[
        float,
        typer.Option(
            min=1,
            max=3600,
            metavar="SECONDS",
            envvar="LABELTRACK_SMTP_TIMEOUT",
            help="Seconds to wait for the server.",
        ),
    ] = 30,
    notify_days: Annotated[
        str | None,
        typer.Option(
            metavar="DAYS,...",
            envvar="LABELTRACK_NOTIFY_DAYS",
            help="Warn once at each of these days left (overrides [settings] notify_days).",
            show_default="180,90,30,7,0",
        ),
    ] = None,
    state_file: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            envvar="LABELTRACK_STATE_FILE",
            help="Where to remember the warnings sent.",
            show_default="one file per registry in the user's state directory",
        ),
    ] = None,
    via: Annotated[
        list[str] | None,
        typer.Option(
            "--via",
            envvar="LABELTRACK_NOTIFY_URLS",
            metavar="URL",
            help="Also send the digest to this Apprise URL (msteams://, workflows://, slack://, "
            "matrix://, ntfy://, json://, ...); repeat, or separate with spaces or commas. "
            "Prefer the environment variable or --via-config: a URL holds its tokens.",
            show_default=False,
        ),
    ] = None,
    via_config: Annotated[
        Path | None,
        typer.Option(
            metavar="PATH",
            envvar="LABELTRACK_NOTIFY_CONFIG",
            help="Read Apprise URLs from this configuration file (TEXT or YAML); tagged ones "
            "get the warnings of the clusters whose notify list has their tag (--per-cluster).",
            show_default=False,
        ),
    ] = None,
    per_cluster: Annotated[
        bool,
        typer.Option(
            "--per-cluster",
            help="Also send each cluster's warnings to its own contacts and to the destinations "
            "tagged with its notify tags.",
        ),
    ] = False,
    dry_run: Annotated[
        bool,
        typer.Option(
            "--dry-run", help="Print the messages instead; connect to nothing, remember nothing."
        ),
    ] = False,
    output_format: Annotated[
        NotifyFormat,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="How --dry-run prints the messages: as they would be sent, or as JSON.",
        ),
    ] = NotifyFormat.TEXT,
) -> None:
    """Send the labels that crossed a notify threshold since the last run, as one digest, by
    e-mail and to any chat or push service Apprise reaches. Each label is warned about once per
    threshold and destination; nothing due means no message and no output."""
    from labeltrack import channels, mail
    from labeltrack import notify as notifier
    from labeltrack.formats.chat import digest
    from labeltrack.formats.mail import compose
    from labeltrack.loading import load

    days = parse_days(notify_days, "--notify-days")
    if not math.isfinite(smtp_timeout):
        raise typer.BadParameter(
            f"{smtp_timeout} is not a number of seconds", param_hint="'--smtp-timeout'"
        )
    password = os.environ.get("LABELTRACK_SMTP_PASSWORD") or None
    with reported():
        if output_format is not NotifyFormat.TEXT and not dry_run:
            raise UsageError(
                "{format} json prints what would be sent: give it with {dry_run}",
                mentions=("format", "dry_run"),
            )
        if smtp_user and smtp_security is None:
            raise UsageError(
                "{smtp_user} sends a password: give {smtp_security} starttls or ssl, or "
                "{smtp_security} none to send it unencrypted",
                mentions=("smtp_user", "smtp_security"),
            )
        if smtp_user and smtp_security is Security.NONE and not dry_run:
            say(
                f"warning: the password for {smtp_user!r} travels unencrypted "
                "(--smtp-security none)"
            )
        security = smtp_security or Security.NONE
        if smtp_user and password is None and not dry_run:
            raise UsageError("{smtp_user} is set but LABELTRACK_SMTP_PASSWORD is not",
                             mentions=("smtp_user",))  # fmt: skip
        loaded = load(registry)
        # URLs are separated by spaces or commas, as Apprise itself reads them.
        destinations = channels.destinations(split(via, r"[\s,]+"), via_config)
        delivery = notifier.Delivery(
            registry_path=registry,
            registry=loaded,
            as_of=day(as_of),
            now=datetime.now().astimezone(),
            notify_days=days or loaded.settings.notify_days,
            state_file=state_file or notifier.default_state_file(registry),
            sender=sender,
            recipients=tuple(split(to)),
            per_cluster=per_cluster,
            destinations=tuple(destinations),
        )
        server = mail.SmtpServer(
            host=smtp_host,
            port=smtp_port or security.default_port,
            security=security,
            timeout=smtp_timeout,
            user=smtp_user,
            password=password,
        )

        def send(messages: Sequence[EmailMessage]) -> list[mail.Handed]:
            return mail.send(messages, server)

        def post(parcel: notifier.Post) -> str | None:
            return channels.post(parcel.destination, parcel.title, parcel.body)

        couriers = None if dry_run else notifier.Couriers(send, post)
        result = notifier.run(delivery, compose, digest, couriers)
    if result.unrouted:
        clusters = count(len(result.unrouted), "cluster")
        say(
            f"with --per-cluster, the due warnings of {clusters} have nowhere of their own to "
            f"go: {'; '.join(result.unrouted)}"
        )
    if dry_run:
        print(output_format.render(result), end="")
        return
    if result.messages:
        labels = count(len({n.key for letter in result.letters for n in letter.notices}), "label")
        say(f"sent {count(len(result.messages), 'message')} about {labels} through {server.name}")
    for parcel in result.posts:
        say(f"posted {count(len(parcel.notices), 'label')} to {parcel.destination.label}")
