from django.core.management.base import BaseCommand
from tqdm import tqdm

from kanoon.geo.services import import_divisions, read_source


class Command(BaseCommand):
    help = "Load every official division of Iran (django-iranian-cities) into the territory tree."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="compare every row even if the source is unchanged"
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args, force: bool = False, quiet: bool = False, **options):
        tables, _ = read_source()
        total = sum(len(rows) for rows in tables.values())
        bars: list[tqdm] = []
        done: dict[str, int] = {}

        def progress(table: str, count: int, of: int) -> None:
            if quiet:
                return
            if not bars:  # only when there is work: an up-to-date run prints one line
                bars.append(tqdm(total=total, unit="unit", desc="divisions", file=self.stderr._out))
            bar = bars[0]
            done[table] = count
            bar.set_description(f"divisions ({table})")
            bar.n = sum(done.values())
            bar.refresh()

        result = import_divisions(force=force, progress=progress)
        for bar in bars:
            bar.n = total
            bar.close()
        if result.skipped:
            self.stdout.write(f"divisions already up to date ({result.unchanged} units); nothing to do.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"divisions: {result.created} created, {result.updated} updated, "
                f"{result.unchanged} unchanged in {result.seconds:.1f}s"
            )
        )
