"""Review: editors accept, correct or reject machine-extracted items and add missed ones.

- `actions`: the changes (each one recorded in `audit_log`)
- `queue`: the review queue, an article's history, the choices the forms offer
"""

from app.review.actions import (
    EventValues,
    NewEvent,
    ReviewError,
    TroopLevelValues,
    accept,
    add_event,
    correct,
    reject,
    revert,
    review,
    snapshot,
)
from app.review.queue import (
    EditChoices,
    QueueQuery,
    article_history,
    audit_entry_read,
    editable_choices,
    is_editor,
    review_queue,
)

__all__ = [
    "EditChoices",
    "EventValues",
    "NewEvent",
    "QueueQuery",
    "ReviewError",
    "TroopLevelValues",
    "accept",
    "add_event",
    "article_history",
    "audit_entry_read",
    "correct",
    "editable_choices",
    "is_editor",
    "reject",
    "revert",
    "review",
    "review_queue",
    "snapshot",
]
