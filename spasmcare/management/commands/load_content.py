from django.core.management.base import BaseCommand

from spasmcare import content


class Command(BaseCommand):
    help = "Load the exercises, routines and articles that ship with SpasmCare (runs after every migrate)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite shipped items an editor has changed, with the shipped text.",
        )

    def handle(self, *args, update=False, **options):
        counts = content.load(update=update)
        self.stdout.write(
            f"Loaded {counts['exercises']} exercises, {counts['routines']} routines and {counts['articles']} articles."
        )
