from django.core.management.base import BaseCommand

from spasmcare.learn import content


class Command(BaseCommand):
    help = "Load the articles that ship with SpasmCare (runs after every migrate)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite shipped articles an editor has changed, with the shipped text.",
        )

    def handle(self, *args, update=False, **options):
        loaded = content.load(update=update)
        self.stdout.write(f"Loaded {loaded} articles.")
