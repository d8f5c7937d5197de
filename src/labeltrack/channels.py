"""Notify destinations other than e-mail (Teams, Slack, Matrix, ntfy, webhooks, ...), reached
through Apprise.

A destination's URL holds its tokens, so nothing here ever shows one: a destination is named by
its service and, for services a user hosts, its host (``JSON at hooks.example.org``), and
remembered by a hash of its URL. Apprise's own log lines, the only source of a failure's reason,
are captured and have every part of the URL that is not in that name blotted out.

Apprise takes half a second to load its plugins, so only ``labeltrack notify`` imports this
module, and this module imports Apprise only when there is a destination.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from labeltrack.errors import UsageError
from labeltrack.words import ordinal

#: Memory names of destinations start with this; e-mail recipients are bare addresses.
PREFIX = "apprise:"


@dataclass(frozen=True)
class Destination:
    """One Apprise destination: ``key`` names it in the notify memory, ``name`` on screen."""

    key: str
    name: str
    tags: frozenset[str]
    body_limit: int
    title_limit: int
    plugin: Any = field(compare=False, repr=False)

    @property
    def id(self) -> str:
        """The short hash shown beside the name, so two destinations of one host differ."""
        return self.key.removeprefix(PREFIX)[:8]

    @property
    def label(self) -> str:
        return f"{self.name} [{self.id}]"


def destinations(urls: Sequence[str], config: Path | None) -> list[Destination]:
    """The destinations of ``urls`` (each one Apprise URL) and of the Apprise configuration file
    ``config`` (TEXT or YAML), in that order, each once. A URL or file Apprise cannot read is a
    usage error that shows no more of it than its scheme."""
    if not urls and config is None:
        return []
    import apprise

    plugins: list[Any] = []
    for number, url in enumerate(urls, start=1):
        with _captured():
            plugin = apprise.Apprise.instantiate(url.strip())
        if plugin is None:
            scheme = url.strip().partition("://")[0] if "://" in url else ""
            what = f"scheme {scheme!r}" if _SCHEME.fullmatch(scheme) else "no scheme"
            raise UsageError(
                f"the {ordinal(number)} URL ({what}) is not a notification URL that "
                "Apprise knows; see https://appriseit.com/services/ for the forms it takes",
                param="via",
            )
        plugins.append(plugin)
    if config is not None:
        plugins += _configured(config)
    found: dict[str, Destination] = {}
    for plugin in plugins:
        destination = _destination(plugin)
        found.setdefault(destination.key, destination)
    return list(found.values())


def _configured(path: Path) -> list[Any]:
    import apprise

    if not path.is_file():
        why = "does not exist" if not path.exists() else "is not a regular file"
        raise UsageError(f"{path}: the Apprise configuration file {why}")
    try:
        path.read_bytes()
    except OSError as exc:
        raise UsageError(
            f"{path}: the Apprise configuration file cannot be read ({exc.strerror})"
        ) from None
    config = apprise.AppriseConfig()
    with _captured() as problems:
        config.add(str(path))
        servers = list(config.services())
    if problems:
        raise UsageError(
            f"{path}: {redact(problems[0], ())}; fix the file so that every destination is read"
        )
    if not servers:
        raise UsageError(f"{path}: the file names no notification URL")
    return servers


def _destination(plugin: Any) -> Destination:
    url = plugin.url(privacy=False)
    host = getattr(plugin, "host", None) if "host" in plugin.template_tokens else None
    port = getattr(plugin, "port", None) if host else None
    name = plugin.service_name + (f" at {host}{f':{port}' if port else ''}" if host else "")
    digest = hashlib.sha256(url.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Destination(
        key=PREFIX + digest,
        name=name,
        tags=frozenset(str(tag).lower() for tag in plugin.tags),
        body_limit=int(plugin.body_maxlen),
        title_limit=int(plugin.title_maxlen),
        plugin=plugin,
    )


def post(destination: Destination, title: str, body: str) -> str | None:
    """Send one Markdown message; None when the service took it, else why not (redacted)."""
    import apprise

    sender = apprise.Apprise()
    sender.add(destination.plugin)
    with _captured() as problems:
        try:
            taken = bool(
                sender.notify(
                    body=body,
                    title=title,
                    notify_type=apprise.NotifyType.WARNING,
                    body_format=apprise.NotifyFormat.MARKDOWN,
                )
            )
        except Exception as exc:  # a plugin's own bug must not stop the other destinations
            taken, problems[:] = False, [f"{type(exc).__name__} in Apprise"]
    if taken:
        return None
    secrets = _secrets(destination.plugin, destination.name)
    return redact(problems[-1], secrets) if problems else "the service did not take it"


# -- keeping tokens out of sight ---------------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]{0,20}")
_URL = re.compile(r"\b([A-Za-z][A-Za-z0-9+.-]*)://\S+")
#: Eight or more letters and digits mixed, or twenty or more of either.
_TOKEN = re.compile(
    r"\b(?=[A-Za-z_-]*\d)(?=[\d_-]*[A-Za-z])[A-Za-z0-9_-]{8,}\b|\b[A-Za-z0-9_-]{20,}\b"
)


def _secrets(plugin: Any, name: str) -> list[str]:
    """Every part of the plugin's URL that is neither in ``name`` nor one of the options Apprise
    itself shows in the clear (``method=POST``), longest first: paths count, as webhooks often
    carry their token there."""
    full = plugin.url(privacy=False)
    shown = re.split(r"[\s:/]+", name.lower())
    shown += re.split(r"[&=]+", plugin.url(privacy=True).partition("?")[2].lower())
    parts = set(_PARTS.split(full)) | set(_PARTS.split(unquote(full)))
    visible = set(shown)
    return sorted(
        (part for part in parts if len(part) >= 3 and part.lower() not in visible),
        key=len,
        reverse=True,
    )


_PARTS = re.compile(r"[/:@?&=#,;\s]+")


def redact(text: str, secrets: Sequence[str]) -> str:
    """``text`` with every URL cut to its scheme and every secret blotted out, and anything else
    that looks like a token (a long run of letters and digits) too: Apprise's messages about a
    URL it could not read may quote a part of it."""
    text = _URL.sub(lambda match: f"{match[1]}://…", text)
    for secret in secrets:
        text = text.replace(secret, "****")
    return _TOKEN.sub("****", text).rstrip(".")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _captured() -> Iterator[list[str]]:
    """Apprise's warnings and errors while the block runs, kept from stderr."""
    logger = logging.getLogger("apprise")
    handler = _Collect()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
