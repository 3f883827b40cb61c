"""The notification kinds of the centers app (registered in `CentersConfig.ready()`)."""

from __future__ import annotations

MEMBERSHIP_REQUEST = "membership_request"
MEMBERSHIP_DECISION = "membership_decision"

KINDS = [
    (MEMBERSHIP_REQUEST, "درخواست عضویت تازه در کانون"),
    (MEMBERSHIP_DECISION, "پاسخ درخواست عضویت در کانون"),
]
