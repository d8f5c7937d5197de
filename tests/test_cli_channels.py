"""`labeltrack notify --via` end to end, against real HTTP servers on loopback that record what
Apprise posts (json:// and form://) or fail on purpose, and the SMTP server of the e-mail tests."""

from __future__ import annotations

import json
import textwrap
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Invoke
from .smtp import smtp_server
from .webhook import Hook, webhook

#: Stands for a token in every URL below; it must never be seen anywhere but in the URL.
MARKER = "Tk9MARKERsecret"

REGISTRY = """
[[cluster]]
id = "aero"
name = "Clúster Aeroespacial – Ñ"
country = "ES"
notify = ["team-a"]

[[cluster.label]]
level = "silver"
valid_until = {aero_until}

[[cluster]]
id = "sviesos"
name = "Šviesos [klasteris](https://evil.example) *Co*"
country = "LT"

[[cluster.label]]
level = "bronze"
valid_until = 2026-06-01

[[cluster]]
id = "oresund"
name = "Øresund"
country = "DK"
contacts = ["board@oresund.example.org"]

[[cluster.label]]
level = "gold"
valid_until = 2026-01-25
"""


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Loopback never goes through a proxy the machine may name."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.toml"
    _write_registry(path, "2026-03-01")
    return path


def _write_registry(path: Path, aero_until: str) -> None:
    text = textwrap.dedent(REGISTRY).lstrip().format(aero_until=aero_until)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def hooks() -> Iterator[tuple[Hook, Hook]]:
    with webhook() as one, webhook() as two:
        yield one, two


def _notify(
    invoke: Invoke, registry: Path, state: Path, as_of: str, *extra: str | Path, env: Any = None
) -> tuple[int, str, str]:
    result = invoke("notify", "-r", registry, "--as-of", as_of, "--state-file", state, *extra,
                    env=env)  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def _titles(hook: Hook) -> list[str]:
    return [message["title"] for message in hook.messages()]


def _clusters(message: dict[str, Any]) -> list[str]:
    """The cluster names a digest lists, in order."""
    return [
        line.removeprefix("- **").partition("** (")[0]
        for line in message["message"].splitlines()
        if line.startswith("- **")
    ]


def _sent(state: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(state.read_text(encoding="utf-8"))
    return document


def test_one_digest_per_destination_then_nothing_until_the_next_threshold(
    invoke: Invoke, registry: Path, state: Path, hooks: tuple[Hook, Hook]
) -> None:
    one, two = hooks
    via = ("--via", one.url("json"), "--via", two.url("form", "/form"))
    code, out, err = _notify(invoke, registry, state, "2026-01-01", *via)
    assert (code, out) == (0, "")
    assert err.splitlines() == [
        f"labeltrack: posted 3 labels to JSON at 127.0.0.1:{one.port} [{_id(state, one)}]",
        f"labeltrack: posted 3 labels to Form at 127.0.0.1:{two.port} [{_id(state, two)}]",
    ]
    (json_post,) = one.posts
    assert json_post[:2] == ("/hook", "application/json")
    (form_post,) = two.posts
    assert form_post[:2] == ("/form", "application/x-www-form-urlencoded")
    for message in (json_post[2], form_post[2]):
        assert message["title"] == "labeltrack: 3 labels need attention (1 critical, 2 warning)"
        assert message["type"] == "warning"
        body = message["message"]
        assert (
            body.splitlines()[0]
            == "3 labels need attention (1 critical, 2 warning), as of 2026-01-01."
        )
        assert (
            "**Critical**\n\n- **Øresund** (Denmark): GOLD, valid until 2026-01-25, 24 days left."
            in body
        )
        # Registry text stays text: no link and no emphasis from a cluster name.
        assert "- **Šviesos \\[klasteris\\](https\\://evil.example) \\*Co\\*** (Lithuania)" in body
        assert "Renewal work should" in body  # the next step
    assert _notify(invoke, registry, state, "2026-01-01", *via) == (0, "", "")
    assert _notify(invoke, registry, state, "2026-01-10", *via) == (0, "", "")
    assert (len(one.posts), len(two.posts)) == (1, 1)
    assert _notify(invoke, registry, state, "2026-02-01", *via)[0] == 0  # aero reaches 30
    assert _titles(one)[1] == "labeltrack: 2 labels need attention (1 expired, 1 critical)"
    assert _clusters(one.messages()[1]) == ["Øresund", "Clúster Aeroespacial – Ñ"]


def _id(state: Path, hook: Hook) -> str:
    """The short id notify shows for the destination on ``hook``'s port."""
    names = _sent(state)["destinations"]
    (key,) = [key for key, name in names.items() if name.endswith(f":{hook.port}")]
    return str(key).removeprefix("apprise:")[:8]


@pytest.mark.parametrize("mode", ["fail", "hang", "close"])
def test_a_failing_destination_is_retried_alone_and_the_good_one_is_sent_once(
    invoke: Invoke, registry: Path, state: Path, mode: str
) -> None:
    with webhook() as good, webhook(mode) as bad:
        via = ("--via", good.url(), "--via", bad.url(path="/hook?rto=1&cto=1"))
        code, out, err = _notify(invoke, registry, state, "2026-01-01", *via)
        assert (code, out) == (1, "")
        bad_name = f"JSON at 127.0.0.1:{bad.port} [{_short(via[3])}]"
        good_name = f"JSON at 127.0.0.1:{good.port} [{_short(via[1])}]"
        reason = {
            "fail": "Failed to send JSON POST notification: Internal server error., error=500",
            "hang": "A Connection error occurred sending JSON notification to 127.0.0.1",
            "close": "A Connection error occurred sending JSON notification to 127.0.0.1",
        }[mode]
        assert err == (
            f"labeltrack: {bad_name} did not take the warnings ({reason}); delivered to "
            f"{good_name} and recorded; the rest is tried again\n"
        )
        assert len(good.posts) == 1
        sent = _sent(state)["sent"]
        assert {recipient for entries in sent.values() for recipient in entries} == {
            f"apprise:{_key(via[1])}"
        }
        bad.mode = "ok"
        code, out, err = _notify(invoke, registry, state, "2026-01-02", *via)
        assert (code, err) == (0, f"labeltrack: posted 3 labels to {bad_name}\n")
        assert (len(good.posts), len(bad.posts)) == (1, 1)  # the good one is not sent twice
        assert _notify(invoke, registry, state, "2026-01-03", *via) == (0, "", "")
        assert len(bad.posts) == 1


def _key(url: str) -> str:
    """The state file's key for ``url``, as Apprise writes the URL out."""
    import hashlib

    import apprise

    plugin: Any = apprise.Apprise.instantiate(url)
    assert plugin is not None
    return hashlib.sha256(plugin.url(privacy=False).encode()).hexdigest()[:16]


def _short(url: str) -> str:
    return _key(url)[:8]


def test_a_failing_destination_does_not_stop_the_e_mail(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    with smtp_server() as (handler, port), webhook("fail") as bad:
        code, _, err = _notify(
            invoke, registry, state, "2026-01-01", "--via", bad.url(),
            "--to", "coordinator@example.org", "--from", "labeltrack@example.org",
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        )  # fmt: skip
        assert code == 1
        assert err.endswith("delivered to coordinator@example.org and recorded; the rest is "
                            "tried again\n")  # fmt: skip
        assert len(handler.received) == 1
        recipients = {r for entries in _sent(state)["sent"].values() for r in entries}
        assert recipients == {"coordinator@example.org"}


def test_a_renewal_re_arms_every_destination(
    invoke: Invoke, registry: Path, state: Path, hooks: tuple[Hook, Hook]
) -> None:
    one, two = hooks
    via = ("--via", f"{one.url()} , {two.url('form')}")  # one option, two URLs
    assert _notify(invoke, registry, state, "2026-02-20", *via)[0] == 0
    _write_registry(registry, "2026-07-01")  # aero renewed: a new valid_until
    assert _notify(invoke, registry, state, "2026-02-20", *via)[0] == 0
    for hook in hooks:
        assert len(hook.posts) == 2
        assert _clusters(hook.messages()[1]) == ["Clúster Aeroespacial – Ñ"]
        assert "SILVER, valid until 2026-07-01, 131 days left" in hook.messages()[1]["message"]
    sent = _sent(state)["sent"]
    assert "aero/silver/2026-03-01" not in sent
    assert len(sent["aero/silver/2026-07-01"]) == 2


@pytest.mark.parametrize("version", [1, 2])
def test_an_older_state_file_migrates_without_sending_anything_again(
    invoke: Invoke, registry: Path, state: Path, hooks: tuple[Hook, Hook], version: int
) -> None:
    """What labeltrack wrote before destinations existed: e-mail recipients only."""
    entry = {"stage": 90, "sent_on": "2025-12-20"}
    older = {
        "aero/silver/2026-03-01": entry if version == 1 else {"coordinator@example.org": entry},
        "oresund/gold/2026-01-25": {"stage": 30, "sent_on": "2025-12-26"}
        if version == 1
        else {"coordinator@example.org": {"stage": 30, "sent_on": "2025-12-26"}},
    }
    state.parent.mkdir()
    state.write_text(json.dumps({"format": version, "sent": older}), encoding="utf-8")
    one, _ = hooks
    mail = ("--to", "coordinator@example.org", "--from", "labeltrack@example.org",
            "--smtp-host", "127.0.0.1")  # fmt: skip
    with smtp_server() as (handler, port):
        code, _, _ = _notify(invoke, registry, state, "2026-01-01", *mail, "--smtp-port",
                             str(port), "--via", one.url())  # fmt: skip
        assert code == 0
        (received,) = handler.received  # only sviesos is new to the e-mail recipient
        assert received.message["Subject"] == "labeltrack: 1 label needs attention (1 warning)"
    # The new destination is new: it gets what is due now, except what format 1 says went to
    # everyone.
    expected = ["Šviesos"] if version == 1 else ["Øresund", "Clúster", "Šviesos"]
    assert [name.split()[0] for name in _clusters(one.messages()[0])] == expected
    document = _sent(state)
    assert document["format"] == 3
    key = f"apprise:{_key(one.url())}"
    assert document["destinations"] == {key: f"JSON at 127.0.0.1:{one.port}"}
    kept = "*" if version == 1 else "coordinator@example.org"
    assert document["sent"]["aero/silver/2026-03-01"][kept] == {
        "stage": 90,
        "sent_on": "2025-12-20",
    }


CONFIG = """
# the digest goes to the untagged destination; team-a's only to aero's
{digest}
team-a = {team}
other, spare = {other}
"""


def test_per_cluster_tags_route_a_clusters_warnings_and_unrouted_clusters_are_named(
    invoke: Invoke, registry: Path, state: Path, tmp_path: Path
) -> None:
    with webhook() as digest, webhook() as team, webhook() as other, smtp_server() as (mail, port):
        config = tmp_path / "apprise.txt"
        config.write_text(CONFIG.format(digest=digest.url(), team=team.url(),
                                        other=other.url()), encoding="utf-8")  # fmt: skip
        sender = ("--from", "labeltrack@example.org", "--smtp-host", "127.0.0.1",
                  "--smtp-port", str(port))  # fmt: skip
        code, _, err = _notify(invoke, registry, state, "2026-01-01", "--via-config", config,
                               "--per-cluster", *sender)  # fmt: skip
        assert code == 0
        assert err.splitlines()[0] == (
            "labeltrack: with --per-cluster, the due warnings of 1 cluster have nowhere of their "
            "own to go: sviesos (no contacts and no notify tags)"
        )  # oresund has contacts, aero its tag
        assert _clusters(digest.messages()[0]) == [
            "Øresund",
            "Clúster Aeroespacial – Ñ",
            "Šviesos \\[klasteris\\](https\\://evil.example) \\*Co\\*",
        ]
        assert _clusters(team.messages()[0]) == ["Clúster Aeroespacial – Ñ"]
        assert other.posts == []  # tagged, and no cluster carries its tags
        (letter,) = mail.received
        assert letter.rcpt_tos == ["board@oresund.example.org"]
        assert _notify(invoke, registry, state, "2026-01-01", "--via-config", config,
                       "--per-cluster", *sender)[0] == 0  # fmt: skip
        assert (len(digest.posts), len(team.posts), len(mail.received)) == (1, 1, 1)
        without = _notify(invoke, registry, tmp_path / "other.json", "2026-01-01",
                          "--via-config", config)  # fmt: skip
        assert without == (0, "", f"labeltrack: posted 3 labels to {_name(digest)}\n")
        assert len(team.posts) == 1  # tagged destinations need --per-cluster


def _name(hook: Hook) -> str:
    return f"JSON at 127.0.0.1:{hook.port} [{_short(hook.url())}]"


def test_per_cluster_contacts_need_a_sender(
    invoke: Invoke, registry: Path, state: Path, hooks: tuple[Hook, Hook]
) -> None:
    code, _, err = _notify(invoke, registry, state, "2026-01-01", "--via", hooks[0].url(),
                           "--per-cluster")  # fmt: skip
    assert (code, err.splitlines()[-1]) == (
        2,
        "labeltrack: 3 warnings are due but --from (or LABELTRACK_FROM) is not set; nothing "
        "was sent",
    )
    assert hooks[0].posts == []
    assert not state.exists()


def test_tokens_never_appear_in_any_output_or_file(
    invoke: Invoke, registry: Path, state: Path, tmp_path: Path
) -> None:
    with webhook() as good, webhook("fail") as bad:
        urls = [
            f"json://cron:{MARKER}@127.0.0.1:{good.port}/hooks/{MARKER}?token={MARKER}",
            f"form://127.0.0.1:{bad.port}/{MARKER}/x",
        ]
        env = {"LABELTRACK_NOTIFY_URLS": " ".join(urls)}
        outputs = [
            _notify(invoke, registry, state, "2026-01-01", "--dry-run", env=env),
            _notify(invoke, registry, state, "2026-01-01", "--dry-run", "-f", "json", env=env),
            _notify(invoke, registry, state, "2026-01-01", env=env),
            _notify(invoke, registry, state, "2026-01-02", env=env),
            _notify(invoke, registry, state, "2026-01-02", "--via", f"bogus://{MARKER}@x/"),
            _notify(invoke, registry, state, "2026-01-02", "--via", f"{MARKER}"),
        ]
        assert [code for code, _, _ in outputs] == [0, 0, 1, 1, 2, 2]
        assert outputs[0][1].count("Destination: JSON at 127.0.0.1") == 1
        assert outputs[4][2] == (
            "labeltrack: --via: the 1st URL (scheme 'bogus') is not a notification URL that "
            "Apprise knows; see https://appriseit.com/services/ for the forms it takes\n"
        )
        assert outputs[5][2].startswith("labeltrack: --via: the 1st URL (no scheme) is not")
        assert len(good.posts) == 1
        config = tmp_path / "broken.txt"
        config.write_text(f"json://127.0.0.1:{good.port}/a\nbogus://{MARKER}/\n", encoding="utf-8")
        broken = _notify(invoke, registry, state, "2026-01-02", "--via-config", config)
        assert broken == (
            2, "", f"labeltrack: {config}: Unparseable URL bogus://…; fix the file so that every "
            "destination is read\n",
        )  # fmt: skip
    everything = [text for output in outputs for text in output[1:]] + [
        state.read_text(encoding="utf-8")
    ]
    assert [text for text in everything if MARKER in text] == []
    assert MARKER in good.posts[0][0]  # it was in the URL all along


def test_a_very_long_digest_is_cut_at_the_services_limit(
    invoke: Invoke, state: Path, tmp_path: Path
) -> None:
    clusters = "".join(
        f'[[cluster]]\nid = "c{n}"\nname = "Cluster number {n} of a long list"\ncountry = "DE"\n'
        f'[[cluster.label]]\nlevel = "bronze"\nvalid_until = 2026-02-{n % 28 + 1:02d}\n\n'
        for n in range(400)
    )
    registry = tmp_path / "long.toml"
    registry.write_text(clusters, encoding="utf-8")
    with webhook() as hook:
        assert _notify(invoke, registry, state, "2026-01-01", "--via", hook.url())[0] == 0
    (message,) = hook.messages()
    body = message["message"]
    assert len(body) <= 32768  # Apprise's limit for json://
    listed = len(_clusters(message))
    assert 100 < listed < 400
    assert body.endswith(
        f"…and {400 - listed} more labels: run `labeltrack status` to see them all."
    )
    assert message["title"] == "labeltrack: 400 labels need attention (400 warning)"
    # Every label counts as told: the cut ones were in the title, so none is due again.
    assert len(_sent(state)["sent"]) == 400


def test_dry_run_json_plans_every_message(
    invoke: Invoke, registry: Path, state: Path, hooks: tuple[Hook, Hook]
) -> None:
    one, _ = hooks
    code, out, err = _notify(
        invoke, registry, state, "2026-01-01", "--dry-run", "--format", "json", "--via", one.url(),
        "--to", "coordinator@example.org", "--from", "labeltrack@example.org",
    )  # fmt: skip
    assert (code, err) == (0, "")
    plan = json.loads(out)
    assert plan["as_of"] == "2026-01-01"
    assert plan["unrouted"] == []
    email, post = plan["messages"]
    assert email["channel"] == "email"
    assert email["to"] == ["coordinator@example.org"]
    assert email["subject"] == "labeltrack: 3 labels need attention (1 critical, 2 warning)"
    assert post["channel"] == "apprise"
    assert post["destination"] == f"JSON at 127.0.0.1:{one.port}"
    assert post["destination_id"] == _short(one.url())
    assert post["title"] == email["subject"]
    assert [n["cluster_id"] for n in post["notices"]] == ["oresund", "aero", "sviesos"]
    assert post["notices"][0] == {
        "cluster_id": "oresund",
        "cluster_name": "Øresund",
        "country": "DK",
        "portfolio": None,
        "scheme": "ECEI",
        "level": "gold",
        "awarded": None,
        "valid_until": "2026-01-25",
        "days_left": 24,
        "state": "critical",
        "renew_by": "2025-10-27",
        "renewable_until": "2027-01-25",
        "stage": 30,
    }
    assert one.posts == []
    assert not state.exists()
    refused = _notify(invoke, registry, state, "2026-01-01", "-f", "json", "--via", one.url())
    assert refused == (
        2, "", "labeltrack: --format json prints what would be sent: give it with --dry-run\n"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "the Apprise configuration file does not exist"),
        (
            "# nothing here\n",
            "Failed to load Apprise configuration from file://…; fix the file "
            "so that every destination is read",
        ),
    ],
)
def test_a_bad_configuration_file_is_a_usage_error(
    invoke: Invoke, registry: Path, state: Path, tmp_path: Path, content: str | None, message: str
) -> None:
    config = tmp_path / ("apprise.yml" if content is None else "apprise.txt")
    if content is not None:
        config.write_text(content, encoding="utf-8")
    result = invoke("notify", "-r", registry, "--state-file", state,
                    env={"LABELTRACK_NOTIFY_CONFIG": str(config)})  # fmt: skip
    assert (result.exit_code, result.stdout, result.stderr) == (
        2, "", f"labeltrack: {config}: {message}\n"
    )  # fmt: skip


def test_a_yaml_configuration_file_is_read(
    invoke: Invoke, registry: Path, state: Path, tmp_path: Path, hooks: tuple[Hook, Hook]
) -> None:
    one, two = hooks
    config = tmp_path / "apprise.yml"
    config.write_text(
        f"urls:\n  - {one.url()}\n  - {two.url('form')}:\n    - tag: team-a\n",
        encoding="utf-8",
    )
    with smtp_server() as (_, port):
        code, _, _ = _notify(invoke, registry, state, "2026-01-01", "--via-config", config,
                             "--per-cluster", "--from", "labeltrack@example.org",
                             "--smtp-host", "127.0.0.1", "--smtp-port", str(port))  # fmt: skip
    assert code == 0
    assert len(_clusters(one.messages()[0])) == 3
    assert _clusters(two.messages()[0]) == ["Clúster Aeroespacial – Ñ"]


def test_notify_tags_are_checked_and_added_with_add(
    invoke: Invoke, registry: Path, tmp_path: Path
) -> None:
    added = invoke("add", "-r", registry, "--name", "Ny Klynge", "--country", "DK",
                   "--notify-tag", "team-b", "--notify-tag", "board")  # fmt: skip
    assert added.exit_code == 0, added.stderr
    written = tomllib.loads(registry.read_text(encoding="utf-8"))["cluster"][-1]
    assert written["notify"] == ["team-b", "board"]
    before = registry.read_bytes()
    refused = invoke("add", "-r", registry, "--name", "X", "--country", "DK",
                     "--notify-tag", "slack://token")  # fmt: skip
    assert (refused.exit_code, refused.stderr) == (
        2,
        "labeltrack: --notify-tag: entry 1 must be a notify tag of letters, digits, '-', '_' or "
        "'.', like \"team-a\"; not 'slack://token'\n",
    )
    assert registry.read_bytes() == before
    bad = tmp_path / "bad.toml"
    bad.write_text('[[cluster]]\nid = "a"\nname = "A"\ncountry = "DK"\nnotify = "team-a"\n',
                   encoding="utf-8")  # fmt: skip
    checked = invoke("check", "-r", bad)
    assert checked.stdout.splitlines()[0] == (
        f'{bad}:5: error: notify must be a list of tags, like ["team-a"]'
    )
