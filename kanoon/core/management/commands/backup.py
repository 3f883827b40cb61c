from django.core.management.base import BaseCommand

from kanoon.core.backup import create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the media folder into one .tar.gz with a manifest (SHA-256 of every "
        "file, row count of every table). TARGET: a folder (default var/backups/) or a .tar.gz name."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", nargs="?", help="folder or .tar.gz file (default: var/backups/)")
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        return str(create_backup(options["target"], using=options["database"]))  # printed by Django
