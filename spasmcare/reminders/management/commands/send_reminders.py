import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from spasmcare.reminders.sender import send_pass


class Command(BaseCommand):
    help = (
        "Send the daily reminders that are due, then exit (for cron). With --loop, keep "
        "running as a worker; several workers may run at once. Stops cleanly on SIGTERM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop", action="store_true", help="Keep running, checking every --every seconds."
        )
        parser.add_argument(
            "--every", type=float, default=20.0, help="Seconds between checks in --loop mode."
        )

    def handle(self, *args, loop=False, every=20.0, **options):
        self.stopping = False
        if loop:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
            self.stdout.write(f"Sending reminders every {every:g} s; Ctrl+C or SIGTERM to stop.")
        while True:
            total = self.send_due()
            if not loop or self.stopping:
                break
            # Sleep in short steps so a stop request is noticed quickly.
            waited = 0.0
            while waited < every and not self.stopping:
                time.sleep(0.2)
                waited += 0.2
            if self.stopping:
                break
            close_old_connections()
        if loop:
            self.stdout.write("Reminder worker stopped.")
        return None if loop else f"Sent {total} reminder(s)."

    def send_due(self) -> int:
        sent = 0
        while not self.stopping:
            result = send_pass()
            sent += result.sent
            if result.claimed:
                skipped = ", ".join(f"{n} {why}" for why, n in result.skipped.items()) or "none"
                self.stdout.write(
                    f"Claimed {result.claimed}: sent {result.sent}, skipped {skipped}, failed {result.failed}."
                )
            else:
                break
        return sent

    def stop(self, signum, frame):
        self.stopping = True
