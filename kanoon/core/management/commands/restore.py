from django.core.management.base import BaseCommand, CommandError

from kanoon.core.backup import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `kanoon backup` archive: verify every checksum first, then replace the database and "
        "the media folder, then verify every row count and file checksum again. Stop the app servers "
        "and workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="a kanoon-backup-*.tar.gz file")
        parser.add_argument("--database", default="default")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, **options):
        if options["interactive"]:
            answer = input(
                "This replaces the whole database and the media folder with the backup. Type 'yes' to go on: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled.")
        restored = restore_backup(options["archive"], using=options["database"])
        self.stdout.write(
            f"Restored the backup of {restored.manifest['created']}: {restored.tables} tables, "
            f"{restored.rows} rows, {restored.files} media files — every checksum and row count verified."
        )
