"""`kanoon assemblies_overdue`: notify holders and their parents of overdue problems (cron/beat)."""

from django.core.management.base import BaseCommand

from kanoon.assemblies.services import notify_overdue


class Command(BaseCommand):
    help = "Notify the assemblies holding overdue problems, and their parents (once per arrival)."

    def handle(self, *args, **options):
        count = notify_overdue()
        self.stdout.write(f"{count} overdue problem(s) notified.")
