"""One JSON document: every message that would be sent and the notices it carries, for any
other tool to act on."""

from __future__ import annotations

import json
from typing import Any

from labeltrack.formats.mail import subject
from labeltrack.formats.status.json import label_record
from labeltrack.notify import EXPIRED, Notice, NotifyResult


def format(result: NotifyResult) -> str:
    messages: list[dict[str, Any]] = [
        {
            "channel": "email",
            "to": [address.addr_spec for address in letter.recipients],
            "subject": subject(letter.notices),
            "notices": [_notice(notice) for notice in letter.notices],
        }
        for letter in result.letters
    ]
    messages += [
        {
            "channel": "apprise",
            "destination": post.destination.name,
            "destination_id": post.destination.id,
            "title": post.title,
            "body": post.body,
            "notices": [_notice(notice) for notice in post.notices],
        }
        for post in result.posts
    ]
    document = {
        "as_of": result.as_of.isoformat(),
        "messages": messages,
        "unrouted": result.unrouted,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _notice(notice: Notice) -> dict[str, Any]:
    stage = "expired" if notice.stage == EXPIRED else notice.stage
    return {**label_record(notice.status), "stage": stage}
