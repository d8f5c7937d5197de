"""`labeltrack notify` end to end, against a real SMTP server on loopback."""

from __future__ import annotations

import json
import socket
import ssl
import textwrap
from email.message import EmailMessage
from pathlib import Path

import pytest
import trustme

from .conftest import Invoke
from .smtp import PASSWORD, USER, refused_port, smtp_server

REGISTRY = """
[[cluster]]
id = "aero"
name = "Clúster Aeroespacial – Ñ"
country = "ES"
contacts = ["gestor@aero.example.org"]

[[cluster.label]]
level = "silver"
valid_until = {aero_until}

[[cluster]]
id = "sviesos"
name = "Šviesos <b>klasteris</b> & Co"
country = "LT"

[[cluster.label]]
level = "bronze"
valid_until = 2026-06-01

[[cluster]]
id = "oresund"
name = "Øresund"
country = "DK"

[[cluster.label]]
level = "gold"
valid_until = 2027-06-01
"""


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.toml"
    _write_registry(path, "2026-03-01")
    return path


def _write_registry(path: Path, aero_until: str) -> None:
    text = textwrap.dedent(REGISTRY).lstrip().format(aero_until=aero_until)
    path.write_text(text, encoding="utf-8")


def _notify(
    invoke: Invoke, registry: Path, state: Path, port: int, as_of: str, *extra: str
) -> tuple[int, str, str]:
    result = invoke(
        "notify", "-r", registry, "--as-of", as_of, "--state-file", state,
        "--smtp-host", "127.0.0.1", "--smtp-port", str(port),
        "--to", "coordinator@example.org", "--from", "labeltrack@example.org", *extra,
    )  # fmt: skip
    return result.exit_code, result.stdout, result.stderr


def _text(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert isinstance(part, EmailMessage)
    content: str = part.get_content()
    return content


def _html(message: EmailMessage) -> str:
    part = message.get_body(("html",))
    assert isinstance(part, EmailMessage)
    content: str = part.get_content()
    return content


def test_first_run_sends_one_digest_and_a_second_run_sends_nothing(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    with smtp_server() as (handler, port):
        code, out, err = _notify(invoke, registry, state, port, "2026-01-01")
        assert (code, out) == (0, "")
        assert err == f"labeltrack: sent 1 message about 2 labels through 127.0.0.1:{port}\n"
        (received,) = handler.received
        assert received.mail_from == "labeltrack@example.org"
        assert received.rcpt_tos == ["coordinator@example.org"]
        message = received.message
        assert message["Subject"] == "labeltrack: 2 labels need attention (2 warning)"
        assert message["From"] == "labeltrack@example.org"
        assert message["To"] == "coordinator@example.org"
        assert message["Auto-Submitted"] == "auto-generated"
        assert message.get_content_type() == "multipart/alternative"
        text = _text(message)
        assert text.splitlines()[:7] == [
            "2 labels need attention (2 warning), as of 2026-01-01.",
            "",
            "Clúster Aeroespacial – Ñ (Spain)",
            "  SILVER, valid until 2026-03-01: 59 days left (warning)",
            "",
            "Šviesos <b>klasteris</b> & Co (Lithuania)",
            "  BRONZE, valid until 2026-06-01: 151 days left (warning)",
        ]
        assert "Øresund" not in text  # 516 days left: before the first threshold
        html = _html(message)
        assert "Šviesos &lt;b&gt;klasteris&lt;/b&gt; &amp; Co" in html
        assert "<b>" not in html
        assert "Clúster Aeroespacial – Ñ" in html

        sent = json.loads(state.read_text(encoding="utf-8"))["sent"]
        assert sent == {
            "aero/silver/2026-03-01": {
                "coordinator@example.org": {"stage": 90, "sent_on": "2026-01-01"}
            },
            "sviesos/bronze/2026-06-01": {
                "coordinator@example.org": {"stage": 180, "sent_on": "2026-01-01"}
            },
        }
        assert _notify(invoke, registry, state, port, "2026-01-01") == (0, "", "")
        assert _notify(invoke, registry, state, port, "2026-01-20") == (0, "", "")
        assert len(handler.received) == 1


def test_the_next_threshold_sends_only_the_labels_that_advanced(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    with smtp_server() as (handler, port):
        assert _notify(invoke, registry, state, port, "2026-01-01")[0] == 0
        assert _notify(invoke, registry, state, port, "2026-02-01")[0] == 0
        assert len(handler.received) == 2
        latest = handler.received[1].message
        assert latest["Subject"] == "labeltrack: 1 label needs attention (1 critical)"
        assert "28 days left (critical)" in _text(latest)
        assert "Šviesos" not in _text(latest)
        # Weeks missed: one message for the stage the label is in now, not one per stage skipped.
        assert _notify(invoke, registry, state, port, "2026-03-05")[0] == 0
        assert len(handler.received) == 3
        assert "expired 4 days ago (expired)" in _text(handler.received[2].message)
        assert "Šviesos" in _text(handler.received[2].message)  # reached 90 meanwhile


def test_a_renewal_re_arms_the_label(invoke: Invoke, registry: Path, state: Path) -> None:
    with smtp_server() as (handler, port):
        assert _notify(invoke, registry, state, port, "2026-02-20")[0] == 0
        assert "Clúster" in _text(handler.received[0].message)
        _write_registry(registry, "2026-07-01")  # renewed: a new valid_until
        assert _notify(invoke, registry, state, port, "2026-02-20")[0] == 0
        renewed = handler.received[1].message
        assert "SILVER, valid until 2026-07-01: 131 days left (warning)" in _text(renewed)
        sent = json.loads(state.read_text(encoding="utf-8"))["sent"]
        assert "aero/silver/2026-03-01" not in sent  # no longer in the registry: forgotten
        assert sent["aero/silver/2026-07-01"]["coordinator@example.org"]["stage"] == 180


def test_a_server_that_is_down_loses_nothing(invoke: Invoke, registry: Path, state: Path) -> None:
    with refused_port() as port:
        code, out, err = _notify(invoke, registry, state, port, "2026-01-01")
    assert (code, out) == (1, "")
    assert err == (
        f"labeltrack: SMTP server 127.0.0.1:{port} refused the connection; nothing was delivered, "
        "so the "
        "next run tries again\n"
    )
    assert not state.exists()  # nothing recorded
    with smtp_server() as (handler, up):
        assert _notify(invoke, registry, state, up, "2026-01-02")[0] == 0
        (received,) = handler.received
        assert received.message["Subject"] == "labeltrack: 2 labels need attention (2 warning)"


def test_a_refused_recipient_changes_no_state(invoke: Invoke, registry: Path, state: Path) -> None:
    with smtp_server() as (handler, port):
        assert _notify(invoke, registry, state, port, "2026-01-01")[0] == 0
        before = json.loads(state.read_text(encoding="utf-8"))
        handler.refuse.add("coordinator@example.org")
        code, _, err = _notify(invoke, registry, state, port, "2026-02-01")
        assert code == 1
        assert err == (
            "labeltrack: the server refused coordinator@example.org (550 5.1.1 No such mailbox "
            "here); "
            "nothing was delivered, so the next run tries again\n"
        )
        assert json.loads(state.read_text(encoding="utf-8")) == before
        handler.refuse.clear()
        assert _notify(invoke, registry, state, port, "2026-02-01")[0] == 0
        assert "28 days left" in _text(handler.received[-1].message)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{oops", "{state}:1: the notify state file is not valid JSON (Expecting property name "
         "enclosed in double quotes); fix it, or delete it to send every due warning again\n"),
        ('{"sent": []}', "{state}: this is not a labeltrack notify state file (format 3); fix it, "
         "or delete it to send every due warning again\n"),
    ],
)  # fmt: skip
def test_a_corrupt_state_file_is_an_error_not_a_resend(
    invoke: Invoke, registry: Path, state: Path, content: str, message: str
) -> None:
    state.parent.mkdir(parents=True)
    state.write_text(content, encoding="utf-8")
    with smtp_server() as (handler, port):
        code, out, err = _notify(invoke, registry, state, port, "2026-01-01")
    assert (code, out, err) == (1, "", "labeltrack: " + message.format(state=state))
    assert handler.received == []
    assert state.read_text(encoding="utf-8") == content


def test_dry_run_prints_the_message_and_touches_nothing(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    with smtp_server() as (handler, port):
        code, out, err = _notify(invoke, registry, state, port, "2026-01-01", "--dry-run")
    assert (code, err) == (0, "")
    assert handler.received == []
    assert not state.exists()
    assert not state.parent.exists()
    headers, _, body = out.partition("\n\n")
    lines = headers.splitlines()
    assert lines[:3] == [
        "Subject: labeltrack: 2 labels need attention (2 warning)",
        "From: labeltrack@example.org",
        "To: coordinator@example.org",
    ]
    assert body.startswith("2 labels need attention (2 warning), as of 2026-01-01.\n")
    assert "Clúster Aeroespacial – Ñ (Spain)" in body


def test_per_cluster_also_writes_to_each_clusters_contacts(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    with smtp_server() as (handler, port):
        code, _, err = _notify(invoke, registry, state, port, "2026-01-01", "--per-cluster")
    assert code == 0
    assert "sent 2 messages about 2 labels" in err
    digest, own = handler.received
    assert digest.rcpt_tos == ["coordinator@example.org"]
    assert own.rcpt_tos == ["gestor@aero.example.org"]
    assert own.message["Subject"] == "labeltrack: 1 label needs attention (1 warning)"
    assert "Šviesos" not in _text(own.message)


def test_missing_recipient_or_sender_is_a_usage_error(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    result = invoke("notify", "-r", registry, "--as-of", "2026-01-01", "--state-file", state,
                    "--from", "labeltrack@example.org")  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr == (
        "labeltrack: 2 warnings are due but there is nowhere to send them: give --to (or "
        "LABELTRACK_TO) for e-mail, or --via (or LABELTRACK_NOTIFY_URLS); nothing was sent\n"
    )
    no_sender = invoke("notify", "-r", registry, "--as-of", "2026-01-01", "--state-file", state,
                       "--to", "coordinator@example.org")  # fmt: skip
    assert (no_sender.exit_code, no_sender.stderr) == (
        2,
        "labeltrack: 2 warnings are due but --from (or LABELTRACK_FROM) is not set; nothing was "
        "sent\n",
    )
    quiet = invoke("notify", "-r", registry, "--as-of", "2024-01-01", "--state-file", state)
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")  # nothing due


def test_a_bad_address_or_notify_days_is_a_usage_error(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    bad_to = invoke("notify", "-r", registry, "--as-of", "2026-01-01", "--state-file", state,
                    "--to", "not an address", "--from", "a@example.org")  # fmt: skip
    assert (bad_to.exit_code, bad_to.stderr) == (
        2,
        "labeltrack: --to: 'not an address' is not an e-mail address like manager@example.org\n",
    )
    bad_days = invoke("notify", "-r", registry, "--notify-days", "90,soon")
    assert bad_days.exit_code == 2
    assert (
        "'90,soon' is not a list of days from 0 to 36500; write it like 180,90,30,7,0"
        in bad_days.stderr
    )


def test_configuration_comes_from_the_environment(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    with smtp_server() as (handler, port):
        env = {
            "LABELTRACK_REGISTRY": str(registry),
            "LABELTRACK_STATE_FILE": str(state),
            "LABELTRACK_SMTP_HOST": "127.0.0.1",
            "LABELTRACK_SMTP_PORT": str(port),
            "LABELTRACK_FROM": "labeltrack@example.org",
            "LABELTRACK_TO": "one@example.org, two@example.org",
            "LABELTRACK_NOTIFY_DAYS": "60",
        }
        result = invoke("notify", "--as-of", "2026-01-01", env=env)
    assert result.exit_code == 0, result.stderr
    (received,) = handler.received
    assert received.rcpt_tos == ["one@example.org", "two@example.org"]
    assert "Šviesos" not in _text(received.message)  # 151 days: not within 60
    assert json.loads(state.read_text(encoding="utf-8"))["sent"]["aero/silver/2026-03-01"] == {
        "one@example.org": {"stage": 60, "sent_on": "2026-01-01"},
        "two@example.org": {"stage": 60, "sent_on": "2026-01-01"},
    }


# -- TLS and login -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def server_tls(certificate_authority: trustme.CA) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    certificate_authority.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


@pytest.fixture
def trusted(
    certificate_authority: trustme.CA, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trust the test CA the way a user trusts a private one: SSL_CERT_FILE."""
    bundle = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(bundle))
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    return


@pytest.mark.parametrize("security", ["starttls", "ssl"])
@pytest.mark.usefixtures("trusted")
def test_tls_with_login(
    invoke: Invoke,
    registry: Path,
    state: Path,
    server_tls: ssl.SSLContext,
    monkeypatch: pytest.MonkeyPatch,
    security: str,
) -> None:
    monkeypatch.setenv("LABELTRACK_SMTP_PASSWORD", PASSWORD)
    implicit = security == "ssl"
    with smtp_server(tls=server_tls, implicit_tls=implicit, login=True) as (handler, port):
        args = ("--smtp-security", security, "--smtp-user", USER)
        code, out, err = _notify(invoke, registry, state, port, "2026-01-01", *args)
        assert (code, out) == (0, ""), err
        assert len(handler.received) == 1
        monkeypatch.setenv("LABELTRACK_SMTP_PASSWORD", "wrong-password")
        code, out, err = _notify(invoke, registry, state, port, "2026-02-01", *args)
    assert code == 1
    assert err.startswith(
        f"labeltrack: SMTP server 127.0.0.1:{port} refused the login as 'cron': 535 "
    )
    assert "wrong-password" not in out + err
    assert len(handler.received) == 1


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_an_untrusted_certificate_is_refused(
    invoke: Invoke, registry: Path, state: Path, server_tls: ssl.SSLContext, security: str
) -> None:
    with smtp_server(tls=server_tls, implicit_tls=security == "ssl") as (handler, port):
        code, _, err = _notify(
            invoke, registry, state, port, "2026-01-01", "--smtp-security", security
        )
    assert code == 1
    assert err.startswith(
        f"labeltrack: SMTP server 127.0.0.1:{port}: its TLS certificate is not trusted ("
    )
    assert handler.received == []
    assert not state.exists()


def test_starttls_against_a_server_without_it(invoke: Invoke, registry: Path, state: Path) -> None:
    with smtp_server() as (_, port):
        code, _, err = _notify(
            invoke, registry, state, port, "2026-01-01", "--smtp-security", "starttls"
        )
    assert code == 1
    assert err.startswith(
        f"labeltrack: SMTP server 127.0.0.1:{port} does not offer STARTTLS; try --smtp-security "
        "ssl or none;"
    )


def test_login_without_a_password_is_a_usage_error(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    result = invoke("notify", "-r", registry, "--smtp-user", "cron", "--state-file", state,
                    "--smtp-security", "starttls")  # fmt: skip
    assert (result.exit_code, result.stderr) == (
        2,
        "labeltrack: --smtp-user is set but LABELTRACK_SMTP_PASSWORD is not\n",
    )


def test_a_server_that_never_answers_times_out(invoke: Invoke, registry: Path, state: Path) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        port = silent.getsockname()[1]
        code, _, err = _notify(invoke, registry, state, port, "2026-01-01", "--smtp-timeout", "1")
    assert code == 1
    assert err.startswith(f"labeltrack: SMTP server 127.0.0.1:{port} did not finish within 1 s;")
    assert not state.exists()


def test_a_second_run_waits_for_the_first_and_then_gives_up(
    invoke: Invoke, registry: Path, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from filelock import FileLock

    from labeltrack import notify

    monkeypatch.setattr(notify, "_LOCK_WAIT", 0.2)
    state.parent.mkdir(parents=True)
    with smtp_server() as (handler, port), FileLock(state.with_name("sent.json.lock")):
        code, _, err = _notify(invoke, registry, state, port, "2026-01-01")
    assert code == 1
    assert err == (
        f"labeltrack: {state}: another labeltrack notify has held this state file for 0.2 s; "
        "nothing was sent\n"
    )
    assert handler.received == []


def test_a_password_never_travels_unencrypted_by_default(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    """Issue 13, defect 9: --smtp-user without TLS is refused unless none is chosen, and then
    warned about."""
    env = {"LABELTRACK_SMTP_PASSWORD": PASSWORD}
    refused = invoke("notify", "-r", registry, "--smtp-user", USER, "--state-file", state, env=env)
    assert (refused.exit_code, refused.stderr) == (
        2,
        "labeltrack: --smtp-user sends a password: give --smtp-security starttls or ssl, or "
        "--smtp-security none to send it unencrypted\n",
    )
    with smtp_server(login=True) as (handler, port):
        sent = invoke(
            "notify", "-r", registry, "--as-of", "2026-01-01", "--state-file", state,
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--smtp-user", USER,
            "--smtp-security", "none", "--to", "coordinator@example.org",
            "--from", "labeltrack@example.org", env=env,
        )  # fmt: skip
    assert sent.exit_code == 0, sent.stderr
    assert sent.stderr.startswith(
        f"labeltrack: warning: the password for {USER!r} travels unencrypted "
        "(--smtp-security none)\n"
    )
    assert len(handler.received) == 1


def test_the_timeout_bounds_the_whole_conversation(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    """Issue 13, defect 8: a server trickling a line every 0.2 s held notify for a minute."""
    import socket
    import threading
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    stop = threading.Event()

    def trickle() -> None:
        connection, _ = listener.accept()
        with connection:
            ends = time.monotonic() + 10  # bounded, so that a regression fails instead of hanging
            while not stop.is_set() and time.monotonic() < ends:
                connection.sendall(b"220-still here\r\n")
                time.sleep(0.2)

    threading.Thread(target=trickle, daemon=True).start()
    try:
        code, out, err = _notify(invoke, registry, state, port, "2026-01-01",
                                 "--smtp-timeout", "1")  # fmt: skip
    finally:
        stop.set()
        listener.close()
    assert (code, out) == (1, "")
    assert err == (
        f"labeltrack: SMTP server 127.0.0.1:{port} did not finish within 1 s; nothing was "
        "delivered, so the "
        "next run tries again\n"
    )
    assert not state.exists()


def test_a_partly_refused_digest_reaches_the_others_once(
    invoke: Invoke, registry: Path, state: Path
) -> None:
    """Issue 13, defect 3: a refused recipient is retried alone; the accepted ones never get
    the same warning twice."""
    with smtp_server() as (handler, port):
        handler.refuse.add("two@example.org")
        result = invoke(
            "notify", "-r", registry, "--as-of", "2026-01-01", "--state-file", state,
            "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--from", "l@example.org",
            "--to", "one@example.org,two@example.org",
        )  # fmt: skip
        assert (result.exit_code, result.stderr) == (
            1,
            "labeltrack: the server refused two@example.org (550 5.1.1 No such mailbox here); "
            "delivered to "
            "one@example.org and recorded; the rest is tried again\n",
        )
        assert [r.rcpt_tos for r in handler.received] == [["one@example.org"]]
        handler.refuse.clear()
        for _ in range(2):  # the retry reaches two@ alone; the run after sends nothing
            again = invoke(
                "notify", "-r", registry, "--as-of", "2026-01-01", "--state-file", state,
                "--smtp-host", "127.0.0.1", "--smtp-port", str(port), "--from", "l@example.org",
                "--to", "one@example.org,two@example.org",
            )  # fmt: skip
            assert again.exit_code == 0, again.stderr
        assert [r.rcpt_tos for r in handler.received] == [["one@example.org"], ["two@example.org"]]


def test_a_state_that_cannot_be_saved_after_sending_sends_nothing_twice(
    invoke: Invoke, registry: Path, state: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, defect 3: the disk fills between sending and saving."""
    from labeltrack import files
    from labeltrack.errors import LabeltrackError

    real = files.write_output
    writes = []

    def full_on_the_second_write(path: Path, data: bytes, **kwargs: object) -> None:
        writes.append(path)
        if len(writes) == 2:
            raise LabeltrackError(f"{path}: cannot write the file: No space left on device")
        real(path, data, **kwargs)  # type: ignore[arg-type]

    with smtp_server() as (handler, port):
        monkeypatch.setattr(files, "write_output", full_on_the_second_write)
        code, _, err = _notify(invoke, registry, state, port, "2026-01-01")
        assert code == 1
        assert err == (
            f"labeltrack: the warnings were delivered to 1 recipient, but {state}: cannot write "
            "the file: No "
            "space left on device; they are recorded as sent, so the next run will not send them "
            "again\n"
        )
        monkeypatch.setattr(files, "write_output", real)
        assert _notify(invoke, registry, state, port, "2026-01-01") == (0, "", "")
        assert len(handler.received) == 1
