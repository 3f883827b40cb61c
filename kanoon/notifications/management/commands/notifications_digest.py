"""`kanoon notifications_digest`: send the daily digests now (the beat task does it at 07:30)."""

from django.core.management.base import BaseCommand

from kanoon.notifications.services import digest_send


class Command(BaseCommand):
    help = "Send each user one SMS/e-mail summarizing the notifications kept for the daily digest."

    def handle(self, *args, **options):
        count = digest_send()
        self.stdout.write(f"{count} digest(s) queued.")
