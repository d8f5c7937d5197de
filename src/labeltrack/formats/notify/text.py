"""Each message as it would be sent: e-mails with their headers and text part, then each other
destination by its name (never its URL), with the title and Markdown body."""

from __future__ import annotations

from labeltrack.formats.mail import preview
from labeltrack.notify import NotifyResult, Post


def format(result: NotifyResult) -> str:
    return "\n".join(
        [preview(message) for message in result.messages] + [_post(post) for post in result.posts]
    )


def _post(post: Post) -> str:
    return f"Destination: {post.destination.label}\nTitle: {post.title}\n\n{post.body}\n"
