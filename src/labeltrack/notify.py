"""`labeltrack notify`: which labels are due a warning, the memory of the warnings already
sent, and a whole run (plan, write, send, remember), with the writing and the sending passed in.

A label's *stage* is the smallest notify threshold its days left have reached (``EXPIRED`` once it
has run out). It is due when its stage is more advanced than the last one sent for it. The memory
is keyed by (cluster id, level, valid_until), so a renewal re-arms every stage, and a run missed
for weeks sends one warning for the stage the label is in now.
"""

from __future__ import annotations

import json
import re
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.expiry import LabelStatus, Thresholds, current_statuses
from labeltrack.mail import parse_address
from labeltrack.model import Label, Registry, label_key

if TYPE_CHECKING:
    from email.headerregistry import Address
    from email.message import EmailMessage


#: The stage of an expired label: more advanced than every threshold, which are all 0 or more.
EXPIRED = -1
_STATE_FORMAT = 1


@dataclass(frozen=True)
class Notice:
    """A label that is due a warning at ``stage``."""

    status: LabelStatus
    stage: int

    @property
    def label(self) -> Label:
        assert self.status.label is not None, "only labelled clusters are due"
        return self.status.label

    @property
    def key(self) -> str:
        return label_key(self.status.cluster.id, self.label)


@dataclass(frozen=True)
class Sent:
    """The last warning sent for a label."""

    stage: int
    on: date | None


def stage_for(days_left: int, notify_days: Iterable[int]) -> int | None:
    """The smallest threshold ``days_left`` has reached, ``EXPIRED``, or None when the label has
    more days left than the largest threshold."""
    if days_left < 0:
        return EXPIRED
    reached = [days for days in notify_days if days_left <= days]
    return min(reached) if reached else None


def due(
    statuses: Iterable[LabelStatus], notify_days: Iterable[int], sent: Mapping[str, Sent]
) -> list[Notice]:
    """The current labels whose stage is more advanced than the last stage sent for them, in the
    order given (most urgent first)."""
    thresholds = tuple(notify_days)
    notices = []
    for status in statuses:
        if status.label is None or status.days_left is None:
            continue
        stage = stage_for(status.days_left, thresholds)
        if stage is None:
            continue
        notice = Notice(status, stage)
        last = sent.get(notice.key)
        if last is None or stage < last.stage:
            notices.append(notice)
    return notices


# -- the state file ----------------------------------------------------------------------------


def default_state_file(registry: Path) -> Path:
    """One state file per registry, under the user's state directory (XDG on Linux)."""
    import hashlib

    from platformdirs import user_state_path

    resolved = registry.resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", resolved.stem) or "registry"
    return user_state_path("labeltrack") / f"{stem}-{digest}.json"


def read_sent(path: Path) -> dict[str, Sent]:
    """The last warning sent for each label key; an absent file means nothing was sent yet. A file
    that cannot be read or understood is an error, never a reason to send everything again."""
    advice = "fix it, or delete it to send every due warning again"
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise LabeltrackError(f"{path}: the notify state file is not a regular file; {advice}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise LabeltrackError(f"{path}: the notify state file cannot be read ({reason})") from None
    try:
        document = json.loads(text)
    except RecursionError:
        raise LabeltrackError(
            f"{path}: the notify state file is nested too deeply to be ours; {advice}"
        ) from None
    except json.JSONDecodeError as exc:
        raise LabeltrackError(
            f"{path}:{exc.lineno}: the notify state file is not valid JSON ({exc.msg}); {advice}"
        ) from None
    version = document.get("format") if isinstance(document, dict) else None
    ours = type(version) is int and version == _STATE_FORMAT
    sent = document.get("sent") if ours else None
    entries = (
        {key: _entry(value) for key, value in sent.items()} if isinstance(sent, dict) else None
    )
    if entries is None or None in entries.values():
        raise LabeltrackError(
            f"{path}: this is not a labeltrack notify state file (format {_STATE_FORMAT}); {advice}"
        )
    return {key: entry for key, entry in entries.items() if entry is not None}


def _entry(value: Any) -> Sent | None:
    if not isinstance(value, dict):
        return None
    stage, on = value.get("stage"), value.get("sent_on")
    if not isinstance(stage, int) or isinstance(stage, bool) or stage < EXPIRED:
        return None
    try:
        return Sent(stage, None if on is None else date.fromisoformat(on))
    except (TypeError, ValueError):
        return None


def write_sent(
    path: Path,
    registry: Path,
    previous: Mapping[str, Sent],
    notices: Iterable[Notice],
    as_of: date,
    keep: Iterable[str],
) -> None:
    """Record ``notices`` as sent on ``as_of``. Entries for labels no longer in the registry
    (``keep`` lists the keys that are) are dropped so the file does not grow forever."""
    from labeltrack.files import write_output

    kept = set(keep)
    entries = {key: entry for key, entry in previous.items() if key in kept}
    entries.update((notice.key, Sent(notice.stage, as_of)) for notice in notices)
    sent = {
        key: {"stage": entry.stage, "sent_on": entry.on and entry.on.isoformat()}
        for key, entry in sorted(entries.items())
    }
    document = {
        "format": _STATE_FORMAT,
        "registry": str(registry.resolve()),
        "sent": sent,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_output(path, text.encode("utf-8"), registry=registry)


# -- a whole run -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """What ``labeltrack notify`` is asked to do once the options are parsed."""

    registry_path: Path
    registry: Registry
    as_of: date
    now: datetime
    notify_days: tuple[int, ...]
    state_file: Path
    sender: str | None
    recipients: tuple[str, ...]
    per_cluster: bool = False


@dataclass(frozen=True)
class Letter:
    """One digest to write: the notices it carries, from whom, to whom."""

    notices: list[Notice]
    sender: Address
    recipients: list[Address]
    as_of: date
    now: datetime
    notify_days: tuple[int, ...]


@dataclass(frozen=True)
class NotifyResult:
    notices: list[Notice]
    messages: list[EmailMessage]


Compose = Callable[[Letter], "EmailMessage"]
Send = Callable[[Sequence["EmailMessage"]], None]


def run(delivery: Delivery, compose: Compose, send: Send | None) -> NotifyResult:
    """Plan the due warnings, write them with ``compose``, hand them to ``send`` and remember
    them; with ``send`` None (a dry run) only plan and write them. The state file is locked for
    the whole run, so two runs at once cannot both send, and it is written only after every
    message was accepted."""
    if send is None:
        return _write(delivery, read_sent(delivery.state_file), compose)
    from labeltrack.files import locked

    state_file = delivery.state_file
    busy = (
        f"{state_file}: another labeltrack notify has held this state file for {_LOCK_WAIT} s; "
        "nothing was sent"
    )
    with locked(state_file.with_name(f"{state_file.name}.lock"), wait=_LOCK_WAIT, busy=busy):
        sent = read_sent(state_file)
        result = _write(delivery, sent, compose)
        if result.messages:
            send(result.messages)
            keep = (
                label_key(cluster.id, label)
                for cluster in delivery.registry.clusters
                for label in cluster.labels
            )
            write_sent(
                state_file, delivery.registry_path, sent, result.notices, delivery.as_of, keep
            )
        return result


_LOCK_WAIT = 120


def _write(delivery: Delivery, sent: Mapping[str, Sent], compose: Compose) -> NotifyResult:
    """The letters due: a digest for the recipients and, per cluster, one for its contacts."""
    thresholds = Thresholds.resolve(delivery.registry.settings)
    statuses = current_statuses(delivery.registry, delivery.as_of, thresholds)
    notices = due(statuses, delivery.notify_days, sent)
    if not notices:
        return NotifyResult([], [])
    missing = [
        param
        for param, value in (("to", delivery.recipients), ("sender", delivery.sender))
        if not value
    ]
    if missing:
        variables = {"to": "LABELTRACK_TO", "sender": "LABELTRACK_FROM"}
        said = " and ".join(f"{{{param}}} (or {variables[param]})" for param in missing)
        due_now = f"{len(notices)} warning{' is' if len(notices) == 1 else 's are'} due"
        verb = "is" if len(missing) == 1 else "are"
        raise UsageError(
            f"{due_now} but {said} {verb} not set; nothing was sent", mentions=tuple(missing)
        )
    assert delivery.sender is not None
    sender = parse_address(delivery.sender, "sender")
    recipients = [parse_address(address, "to") for address in delivery.recipients]
    letters = [(notices, recipients)]
    if delivery.per_cluster:
        by_cluster: dict[str, list[Notice]] = {}
        for notice in notices:
            by_cluster.setdefault(notice.status.cluster.id, []).append(notice)
        for cluster_notices in by_cluster.values():
            contacts = cluster_notices[0].status.cluster.contacts
            if contacts:
                where = f"cluster {cluster_notices[0].status.cluster.id!r} contacts"
                try:
                    addresses = [parse_address(contact) for contact in contacts]
                except LabeltrackError as exc:
                    raise exc.within(where) from None
                letters.append((cluster_notices, addresses))
    messages = [
        compose(Letter(letter, sender, to, delivery.as_of, delivery.now, delivery.notify_days))
        for letter, to in letters
    ]
    return NotifyResult(notices, messages)
