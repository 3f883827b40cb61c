"""Minutes of a meeting of any body as a Persian PDF (WeasyPrint, self-hosted Vazirmatn, RTL)."""

from __future__ import annotations

from django.template.loader import render_to_string

from kanoon.core.pdf import FONT_DIR, font_faces

from . import selectors
from .models import Meeting


def minutes_html(meeting: Meeting) -> str:
    terms = selectors.current_terms(meeting.body, selectors.meeting_day(meeting))
    present = set(meeting.attendance.filter(present=True).values_list("person_id", flat=True))
    return render_to_string(
        "meetings/minutes_pdf.html",
        {
            "meeting": meeting,
            "body": meeting.body,
            "font_faces": font_faces(),
            "agenda": meeting.agenda.current(),
            "attendees": [(t, t.person_id in present) for t in terms],
            "quorum": selectors.meeting_quorum(meeting),
            "resolutions": meeting.resolutions.all(),
        },
    )


def minutes_pdf(meeting: Meeting) -> bytes:
    from weasyprint import HTML

    return HTML(string=minutes_html(meeting), base_url=str(FONT_DIR)).write_pdf()
