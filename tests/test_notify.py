from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from labeltrack.errors import LabeltrackError, UsageError
from labeltrack.expiry import LabelStatus, Thresholds, current_statuses
from labeltrack.formats.chat import digest
from labeltrack.formats.mail import compose
from labeltrack.model import Cluster, Label, Level, Registry
from labeltrack.notify import (
    EVERYONE,
    EXPIRED,
    Delivery,
    Memory,
    Notice,
    Sent,
    default_state_file,
    due,
    read_memory,
    run,
    stage_for,
    staged,
    write_memory,
)

DAYS = (180, 90, 30, 7, 0)
AS_OF = date(2026, 1, 1)


@pytest.mark.parametrize(
    ("days_left", "stage"),
    [
        (181, None),
        (180, 180),
        (91, 180),
        (90, 90),
        (31, 90),
        (30, 30),
        (8, 30),
        (7, 7),
        (1, 7),
        (0, 0),
        (-1, EXPIRED),
        (-500, EXPIRED),
    ],
)
def test_stage_is_the_smallest_threshold_reached(days_left: int, stage: int | None) -> None:
    assert stage_for(days_left, DAYS) == stage


def _registry(*days_left: int) -> Registry:
    clusters = tuple(
        Cluster(
            id=f"c{index}",
            name=f"Cluster {index}",
            country="DK",
            labels=(Label(level=Level.BRONZE, valid_until=AS_OF + timedelta(days=days)),),
        )
        for index, days in enumerate(days_left)
    )
    return Registry(clusters=(*clusters, Cluster(id="none", name="No label", country="ES")))


def _statuses(registry: Registry) -> list[LabelStatus]:
    return current_statuses(registry, AS_OF, Thresholds(180, 30))


def _due(statuses: list[LabelStatus], memory: Memory, recipient: str = "a@x.org") -> list[Notice]:
    return due(staged(statuses, DAYS), memory, recipient)


def _sent(notices: list[Notice], recipient: str = "a@x.org") -> Memory:
    return {notice.key: {recipient: Sent(notice.stage, AS_OF)} for notice in notices}


def test_due_are_labels_whose_stage_advanced_most_urgent_first() -> None:
    statuses = _statuses(_registry(400, 100, 20, -3))
    first = _due(statuses, {})
    assert [(n.status.cluster.id, n.stage) for n in first] == [
        ("c3", EXPIRED),
        ("c2", 30),
        ("c1", 180),
    ]
    sent = _sent(first)
    assert _due(statuses, sent) == []
    # c1 reached 90 days; c2 was sent its 30-day warning already; c3 stays expired.
    later = _statuses(_registry(400, 90, 20, -3))
    assert [(n.status.cluster.id, n.stage) for n in _due(later, sent)] == [("c1", 90)]


def test_the_memory_is_per_recipient_with_format_1_meaning_everyone() -> None:
    statuses = _statuses(_registry(20))
    sent = _sent(_due(statuses, {}), "a@x.org")
    assert _due(statuses, sent, "a@x.org") == []
    assert [n.stage for n in _due(statuses, sent, "b@x.org")] == [30]  # b was never sent it
    everyone = {key: {EVERYONE: entry["a@x.org"]} for key, entry in sent.items()}
    assert _due(statuses, everyone, "b@x.org") == []


def test_a_renewal_re_arms_every_stage() -> None:
    sent = _sent(_due(_statuses(_registry(20)), {}))
    renewed = _statuses(_registry(150))  # the same cluster and level, a new valid_until
    assert [n.stage for n in _due(renewed, sent)] == [180]


def test_stages_sent_under_other_thresholds_compare_by_days() -> None:
    statuses = _statuses(_registry(50))  # stage 90
    (notice,) = _due(statuses, {})
    assert _due(statuses, {notice.key: {"a@x.org": Sent(120, None)}}) == [notice]
    assert _due(statuses, {notice.key: {"a@x.org": Sent(60, None)}}) == []


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", ":1: the notify state file is not valid JSON"),
        ("[]", ": this is not a labeltrack notify state file"),
        ('{"format": 3, "sent": {}, "destinations": []}', ": this is not a labeltrack notify"),
        ('{"format": 3, "sent": {}, "destinations": {"k": 1}}', ": this is not a labeltrack"),
        ('{"format": 4, "sent": {}}', ": the notify state file is format 4, written by a newer"),
        ('{"format": 2, "sent": {"a/b/c": {"stage": 7}}}', ": this is not a labeltrack"),
        ('{"format": 1, "sent": {"a/b/c": {"stage": "x"}}}', ": this is not a labeltrack"),
        ('{"format": 1, "sent": {"a/b/c": {"stage": 7, "sent_on": "2026-13-01"}}}', ": this is"),
    ],
)
def test_a_state_file_that_cannot_be_understood_is_an_error(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path / "state.json", text)
    with pytest.raises(LabeltrackError) as raised:
        read_memory(path)
    assert raised.value.message.startswith(f"{path}{message}")
    assert raised.value.exit_code == 1


def test_state_round_trips_and_forgets_labels_no_longer_in_the_registry(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "state.json"
    assert read_memory(path) == ({}, {})
    notices = _due(_statuses(_registry(20, 100)), {})
    memory = _sent(notices)
    memory["c0/bronze/2026-01-21"]["b@x.org"] = Sent(30, AS_OF, pending=True)
    memory["old/bronze/2020-01-01"] = {"a@x.org": Sent(0, date(2020, 1, 1))}
    memory["c0/bronze/2026-01-21"]["apprise:00ff"] = Sent(30, AS_OF)
    names = {"apprise:00ff": "JSON at hooks.example.org", "apprise:gone": "Slack"}
    write_memory(path, Path("r.toml"), memory, keep=[n.key for n in notices], names=names)
    del memory["old/bronze/2020-01-01"]
    assert read_memory(path) == (memory, {"apprise:00ff": "JSON at hooks.example.org"})
    document = json.loads(path.read_text(encoding="utf-8"))
    assert document["format"] == 3
    assert document["destinations"] == {"apprise:00ff": "JSON at hooks.example.org"}
    assert document["sent"]["c0/bronze/2026-01-21"]["b@x.org"] == {
        "stage": 30,
        "sent_on": "2026-01-01",
        "pending": True,
    }
    assert document["registry"] == str(Path("r.toml").resolve())
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind


def test_a_format_1_state_file_reads_as_sent_to_everyone(tmp_path: Path) -> None:
    path = _write(tmp_path / "state.json",
                  '{"format": 1, "sent": {"a/bronze/2026-01-01": {"stage": 30, '
                  '"sent_on": "2025-12-02"}}}')  # fmt: skip
    assert read_memory(path) == (
        {"a/bronze/2026-01-01": {EVERYONE: Sent(30, date(2025, 12, 2))}},
        {},
    )


def test_default_state_file_is_one_per_registry(tmp_path: Path) -> None:
    one, two = tmp_path / "a" / "clusters.toml", tmp_path / "b" / "clusters.toml"
    assert default_state_file(one) != default_state_file(two)
    assert default_state_file(one) == default_state_file(one)
    assert default_state_file(one).name.startswith("clusters-")
    assert default_state_file(one).parent.name == "labeltrack"


def test_missing_recipients_are_a_usage_error_only_when_something_is_due(tmp_path: Path) -> None:
    def delivery(registry: Registry) -> Delivery:
        return Delivery(
            registry_path=tmp_path / "r.toml",
            registry=registry,
            as_of=AS_OF,
            now=datetime(2026, 1, 1, 7, 0).astimezone(),
            notify_days=DAYS,
            state_file=tmp_path / "state.json",
            sender=None,
            recipients=(),
        )

    assert run(delivery(_registry(400)), compose, digest, None).messages == []
    with pytest.raises(UsageError) as raised:
        run(delivery(_registry(10)), compose, digest, None)
    assert str(raised.value) == (
        "1 warning is due but there is nowhere to send them: give to and sender (or "
        "LABELTRACK_TO and LABELTRACK_FROM) for e-mail, or via (or LABELTRACK_NOTIFY_URLS); "
        "nothing was sent"
    )  # the core names parameters; the CLI words them as --to and --from (test_cli_notify)
    assert not (tmp_path / "state.json").exists()
