"""Minutes of an assembly's meeting as a PDF: the meetings app's, for any body."""

from kanoon.meetings.pdf import minutes_html, minutes_pdf  # noqa: F401
