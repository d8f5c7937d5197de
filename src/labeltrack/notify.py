"""`labeltrack notify`: which labels are due a warning for whom, the memory of the warnings
already sent, and a whole run (plan, write, send, remember), with the writing and the sending
passed in.

A label's *stage* is the smallest notify threshold its days left have reached (``EXPIRED`` once it
has run out). It is due for a recipient when its stage is more advanced than the last one that
recipient was sent. The memory is kept per recipient and keyed by (cluster id, level,
valid_until), so a renewal re-arms every stage, a run missed for weeks sends one warning for the
stage the label is in now, and a recipient the server refused is tried again alone while the
others are never sent the same warning twice. Destinations other than e-mail (``channels``) are
recipients like any other, remembered by a hash of their URL.
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

from labeltrack.channels import Destination
from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.expiry import LabelStatus, Thresholds, current_statuses
from labeltrack.mail import Handed, SendFailed, parse_address
from labeltrack.model import Label, Registry, label_key
from labeltrack.words import count

if TYPE_CHECKING:
    from email.headerregistry import Address
    from email.message import EmailMessage


#: The stage of an expired label: more advanced than every threshold, which are all 0 or more.
EXPIRED = -1
_STATE_FORMAT = 3
#: Format 1 remembered one stage per label for everyone; it reads as this recipient.
EVERYONE = "*"


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
    """The last warning sent for a label to one recipient; ``pending`` while a run that was
    about to send it has not confirmed it (if it never does, it is taken as sent: a warning
    twice is what the memory is for preventing)."""

    stage: int
    on: date | None
    pending: bool = False


#: For each label key, the last warning each recipient (a lowercased address, or a destination's
#: key) was sent.
Memory = dict[str, dict[str, Sent]]
#: The names of the destinations a state file remembers, by key, for people reading it.
Names = dict[str, str]


def last_sent(memory: Mapping[str, Mapping[str, Sent]], key: str, recipient: str) -> Sent | None:
    entries = memory.get(key, {})
    return entries.get(recipient) or entries.get(EVERYONE)


def stage_for(days_left: int, notify_days: Iterable[int]) -> int | None:
    """The smallest threshold ``days_left`` has reached, ``EXPIRED``, or None when the label has
    more days left than the largest threshold."""
    if days_left < 0:
        return EXPIRED
    reached = [days for days in notify_days if days_left <= days]
    return min(reached) if reached else None


def staged(statuses: Iterable[LabelStatus], notify_days: Iterable[int]) -> list[Notice]:
    """Every current label that has reached a notify threshold, in the order given."""
    thresholds = tuple(notify_days)
    notices = []
    for status in statuses:
        if status.label is None or status.days_left is None:
            continue
        stage = stage_for(status.days_left, thresholds)
        if stage is not None:
            notices.append(Notice(status, stage))
    return notices


def due(
    notices: Iterable[Notice], memory: Mapping[str, Mapping[str, Sent]], recipient: str
) -> list[Notice]:
    """The notices more advanced than the last stage ``recipient`` was sent, in order."""
    result = []
    for notice in notices:
        last = last_sent(memory, notice.key, recipient)
        if last is None or notice.stage < last.stage:
            result.append(notice)
    return result


# -- the state file ----------------------------------------------------------------------------


def default_state_file(registry: Path) -> Path:
    """One state file per registry, under the user's state directory (XDG on Linux)."""
    import hashlib

    from platformdirs import user_state_path

    resolved = registry.resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8", "surrogateescape")).hexdigest()[:12]
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", resolved.stem) or "registry"
    return user_state_path("labeltrack") / f"{stem}-{digest}.json"


def read_memory(path: Path) -> tuple[Memory, Names]:
    """The last warning sent for each label key to each recipient, and the names of the
    destinations among them; an absent file means nothing was sent yet. A file that cannot be
    read or understood is an error, never a reason to send everything again. Format 1 (one stage
    per label) reads as sent to everyone; format 2 (e-mail only) as it is."""
    advice = "fix it, or delete it to send every due warning again"
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            raise LabeltrackError(f"{path}: the notify state file is not a regular file; {advice}")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, {}
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
    sent = document.get("sent") if isinstance(document, dict) else None
    names = document.get("destinations", {}) if isinstance(document, dict) else None
    if type(version) is int and version > _STATE_FORMAT:
        raise LabeltrackError(
            f"{path}: the notify state file is format {version}, written by a newer labeltrack "
            f"(this one reads up to format {_STATE_FORMAT}); upgrade labeltrack"
        )
    memory = None
    if type(version) is int and version in (1, 2, 3) and isinstance(sent, dict):
        memory = _memory(sent, version)
    if (
        memory is None
        or not isinstance(names, dict)
        or not all(isinstance(name, str) for name in names.values())
    ):
        raise LabeltrackError(
            f"{path}: this is not a labeltrack notify state file (format {_STATE_FORMAT}); {advice}"
        )
    return memory, {str(key): name for key, name in names.items()}


def _memory(sent: dict[str, Any], version: int) -> Memory | None:
    memory: Memory = {}
    for key, value in sent.items():
        if version == 1:
            entries = {EVERYONE: value}
        elif isinstance(value, dict):
            entries = value
        else:
            return None
        for recipient, entry in entries.items():
            read = _entry(entry)
            if read is None:
                return None
            memory.setdefault(key, {})[recipient] = read
    return memory


def _entry(value: Any) -> Sent | None:
    if not isinstance(value, dict):
        return None
    stage, on, pending = value.get("stage"), value.get("sent_on"), value.get("pending", False)
    if type(stage) is not int or stage < EXPIRED or type(pending) is not bool:
        return None
    try:
        return Sent(stage, None if on is None else date.fromisoformat(on), pending)
    except (TypeError, ValueError):
        return None


def write_memory(
    path: Path, registry: Path, memory: Memory, keep: Iterable[str], names: Names
) -> None:
    """Save ``memory`` in the current format, with the names of the destinations it mentions.
    Entries for labels no longer in the registry (``keep`` lists the keys that are) are dropped
    so the file does not grow forever."""
    from labeltrack.files import write_output

    kept = set(keep)
    sent = {
        key: {
            recipient: {
                "stage": entry.stage,
                "sent_on": entry.on and entry.on.isoformat(),
                **({"pending": True} if entry.pending else {}),
            }
            for recipient, entry in sorted(entries.items())
        }
        for key, entries in sorted(memory.items())
        if key in kept
    }
    mentioned = {recipient for entries in sent.values() for recipient in entries}
    document = {
        "format": _STATE_FORMAT,
        "registry": str(registry.resolve()),
        "destinations": {key: names[key] for key in sorted(names) if key in mentioned},
        "sent": sent,
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    write_output(path, text.encode("utf-8"), registry=registry)


def remembered(
    memory: Memory,
    parcels: Iterable[Letter | Post],
    as_of: date,
    *,
    pending: bool,
    who: Iterable[str],
) -> Memory:
    """``memory`` with every letter's or post's notices recorded for those of its recipients
    in ``who``."""
    chosen = set(who)
    result = {key: dict(entries) for key, entries in memory.items()}
    for parcel in parcels:
        for recipient in parcel.names:
            if recipient in chosen:
                for notice in parcel.notices:
                    result.setdefault(notice.key, {})[recipient] = Sent(
                        notice.stage, as_of, pending
                    )
    return result


def _name(address: Address) -> str:
    return address.addr_spec.lower()


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
    destinations: tuple[Destination, ...] = ()


@dataclass(frozen=True)
class Letter:
    """One digest to write: the notices it carries, from whom, to whom."""

    notices: list[Notice]
    sender: Address
    recipients: list[Address]
    as_of: date
    now: datetime
    notify_days: tuple[int, ...]

    @property
    def names(self) -> list[str]:
        return [_name(address) for address in self.recipients]


@dataclass(frozen=True)
class Post:
    """One message to a destination other than e-mail, written."""

    notices: list[Notice]
    destination: Destination
    title: str
    body: str

    @property
    def names(self) -> list[str]:
        return [self.destination.key]


@dataclass(frozen=True)
class NotifyResult:
    as_of: date
    notices: list[Notice]  # every notice due for someone
    letters: list[Letter]
    messages: list[EmailMessage]
    posts: list[Post]
    #: With per_cluster, why each cluster with due warnings has nowhere of its own to go.
    unrouted: list[str]


Compose = Callable[[Letter], "EmailMessage"]
#: Title and body of a post: notices, destination, as of, notify days.
Write = Callable[[list[Notice], Destination, date, tuple[int, ...]], tuple[str, str]]
Send = Callable[[Sequence["EmailMessage"]], list[Handed]]


@dataclass(frozen=True)
class Couriers:
    """How a run that is not a dry run delivers: ``send`` hands e-mails to the SMTP server;
    ``post`` sends one post and returns None, or why it was not taken."""

    send: Send
    post: Callable[[Post], str | None]


def run(
    delivery: Delivery, compose: Compose, write: Write, couriers: Couriers | None
) -> NotifyResult:
    """Plan the due warnings, write them, deliver them with ``couriers`` and remember whom they
    reached; with ``couriers`` None (a dry run) only plan and write them.

    The state file is locked for the whole run, so two runs at once cannot both send. Before
    sending, the run records what it is about to send as pending; after, it confirms what each
    recipient and destination took and forgets the rest, which the next run tries again. One
    that fails does not stop the others. If the confirmation cannot be saved, the pending
    record stands, so nobody gets a warning twice."""
    if couriers is None:
        return _plan(delivery, read_memory(delivery.state_file)[0], compose, write)
    from labeltrack.files import locked

    state_file = delivery.state_file
    busy = (
        f"{state_file}: another labeltrack notify has held this state file for {_LOCK_WAIT} s; "
        "nothing was sent"
    )
    with locked(state_file.with_name(f"{state_file.name}.lock"), wait=_LOCK_WAIT, busy=busy):
        memory, names = read_memory(state_file)
        names = {**names, **{d.key: d.name for d in delivery.destinations}}
        result = _plan(delivery, memory, compose, write)
        parcels: list[Letter | Post] = [*result.letters, *result.posts]
        if not parcels:
            return result
        keep = [
            label_key(cluster.id, label)
            for cluster in delivery.registry.clusters
            for label in cluster.labels
        ]

        def save(memory: Memory) -> None:
            write_memory(state_file, delivery.registry_path, memory, keep, names)

        everyone = [name for parcel in parcels for name in parcel.names]
        new_file = not state_file.exists()
        try:
            save(remembered(memory, parcels, delivery.as_of, pending=True, who=everyone))
        except LabeltrackError as exc:
            raise LabeltrackError(f"{exc.message}; nothing was sent") from None
        accepted, failures, mentions = _deliver(result, couriers)
        confirmed = remembered(memory, parcels, delivery.as_of, pending=False, who=accepted)
        try:
            if new_file and not accepted:
                _forget(state_file, lambda: save(confirmed))
            else:
                save(confirmed)
        except LabeltrackError as exc:
            reached = count(len(set(accepted)), "recipient")
            raise LabeltrackError(
                f"the warnings were delivered to {reached}, but {exc.message}; they are "
                "recorded as sent, so the next run will not send them again"
            ) from None
        if failures:
            shown = {post.destination.key: post.destination.label for post in result.posts}
            reached_names = sorted({shown.get(name, name) for name in accepted})
            raise _partly_delivered(failures, reached_names, mentions)
        return result


def _deliver(
    result: NotifyResult, couriers: Couriers
) -> tuple[list[str], list[str], tuple[str, ...]]:
    """Hand every letter and post over; the recipients reached, what went wrong, and the
    parameters the failures concern."""
    accepted: list[str] = []
    failures: list[str] = []
    mentions: tuple[str, ...] = ()
    if result.messages:
        try:
            handed = couriers.send(result.messages)
        except SendFailed as exc:
            handed, mentions = exc.handed, exc.mentions
            suffix = "; nothing was recorded as sent, so the next run tries again"
            failures.append(exc.message.removesuffix(suffix))
        accepted += [recipient for hand in handed for recipient in hand.accepted]
        failures += [
            f"the server refused {address} ({why})"
            for hand in handed
            for address, why in hand.refused.items()
        ]
    for post in result.posts:
        why = couriers.post(post)
        if why is None:
            accepted.append(post.destination.key)
        else:
            failures.append(f"{post.destination.label} did not take the warnings ({why})")
    return accepted, failures, mentions


def _forget(state_file: Path, save: Callable[[], None]) -> None:
    """Remove a state file this run created and that has nothing to remember (as if the run
    had not happened), or, if it cannot be removed, save it with nothing pending."""
    try:
        state_file.unlink()
    except OSError:
        save()


def _partly_delivered(
    failures: list[str], reached: list[str], mentions: tuple[str, ...]
) -> LabeltrackError:
    """What went wrong, and what was delivered all the same (and will not be sent again)."""
    if reached:
        outcome = f"delivered to {', '.join(reached)} and recorded; the rest is tried again"
    else:
        outcome = "nothing was delivered, so the next run tries again"
    return LabeltrackError(f"{'; '.join(failures)}; {outcome}", mentions=mentions)


_LOCK_WAIT = 120


def _plan(delivery: Delivery, memory: Memory, compose: Compose, write: Write) -> NotifyResult:
    """The letters and posts due: the digest for the recipients and the untagged destinations
    and, per cluster, one for its contacts and the destinations carrying its tags, each
    recipient sent only what is new to them (recipients due the same get one message)."""
    thresholds = Thresholds.resolve(delivery.registry.settings)
    statuses = current_statuses(delivery.registry, delivery.as_of, thresholds)
    reached = staged(statuses, delivery.notify_days)
    recipients = [parse_address(address, "to") for address in delivery.recipients]
    destinations = delivery.destinations
    by_cluster: dict[str, list[Notice]] = {}
    for notice in reached:
        by_cluster.setdefault(notice.status.cluster.id, []).append(notice)
    contacts = delivery.per_cluster and any(
        notices[0].status.cluster.contacts for notices in by_cluster.values()
    )
    if (not recipients and not destinations) or ((recipients or contacts) and not delivery.sender):
        anyone = due(reached, memory, EVERYONE)
        if anyone:
            _missing(delivery, anyone)
        return NotifyResult(delivery.as_of, [], [], [], [], [])
    audiences: list[tuple[list[Notice], list[Address]]] = [(reached, recipients)]
    unrouted = []
    if delivery.per_cluster:
        for cluster_notices in by_cluster.values():
            cluster = cluster_notices[0].status.cluster
            if cluster.contacts:
                try:
                    addresses = [parse_address(contact) for contact in cluster.contacts]
                except LabeltrackError as exc:
                    raise exc.within(f"cluster {cluster.id!r} contacts") from None
                audiences.append((cluster_notices, addresses))
            tags = {tag.lower() for tag in cluster.notify}
            if not cluster.contacts and not any(tags & d.tags for d in destinations):
                unrouted.append(_unrouted(cluster.id, cluster.notify))
    letters = []
    if delivery.sender:  # else no one is to be e-mailed (checked above)
        sender = parse_address(delivery.sender, "sender")
        for notices, addresses in audiences:
            groups: dict[tuple[str, ...], tuple[list[Notice], list[Address]]] = {}
            for address in addresses:
                new = due(notices, memory, _name(address))
                if new:
                    group = groups.setdefault(tuple(n.key for n in new), (new, []))
                    group[1].append(address)
            letters += [
                Letter(new, sender, to, delivery.as_of, delivery.now, delivery.notify_days)
                for new, to in groups.values()
            ]
    posts = []
    for destination in destinations:
        if not destination.tags:
            notices = reached
        elif delivery.per_cluster:
            notices = [n for n in reached if _tagged(n, destination)]
        else:
            continue
        new = due(notices, memory, destination.key)
        if new:
            title, body = write(new, destination, delivery.as_of, delivery.notify_days)
            posts.append(Post(new, destination, title, body))
    parcels: list[Letter | Post] = [*letters, *posts]
    notices_due = list({n.key: n for parcel in parcels for n in parcel.notices}.values())
    messages = [compose(letter) for letter in letters]
    return NotifyResult(delivery.as_of, notices_due, letters, messages, posts, unrouted)


def _tagged(notice: Notice, destination: Destination) -> bool:
    return any(tag.lower() in destination.tags for tag in notice.status.cluster.notify)


def _unrouted(cluster_id: str, tags: Sequence[str]) -> str:
    if not tags:
        return f"{cluster_id} (no contacts and no notify tags)"
    return f"{cluster_id} (no contacts; no destination carries the tags {', '.join(tags)})"


def _missing(delivery: Delivery, notices: list[Notice]) -> None:
    due_now = f"{len(notices)} warning{' is' if len(notices) == 1 else 's are'} due"
    if delivery.recipients or delivery.destinations:
        raise UsageError(
            f"{due_now} but {{sender}} (or LABELTRACK_FROM) is not set; nothing was sent",
            mentions=("sender",),
        )
    mail = (
        "{to} (or LABELTRACK_TO)"
        if delivery.sender
        else ("{to} and {sender} (or LABELTRACK_TO and LABELTRACK_FROM)")
    )
    raise UsageError(
        f"{due_now} but there is nowhere to send them: give {mail} for e-mail, or {{via}} (or "
        "LABELTRACK_NOTIFY_URLS); nothing was sent",
        mentions=("to", "via") if delivery.sender else ("to", "sender", "via"),
    )
