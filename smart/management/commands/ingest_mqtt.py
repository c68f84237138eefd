"""`manage.py ingest_mqtt`: consume device messages from the MQTT broker (smart/ingest/consumer.py)."""

import gc
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from smart.ingest.consumer import Consumer, SessionTakenOver, parse_url


class Command(BaseCommand):
    help = "Consume device telemetry, events and status from MQTT (shared subscription, QoS 1, persistent session) and store them."

    def add_arguments(self, parser):
        parser.add_argument("--url", default=settings.SMART_MQTT_URL, help="broker, mqtt://[user:pass@]host:port (default: SMART_MQTT_URL)")
        parser.add_argument("--group", default="jiayuan", help="shared-subscription group: consumers in one group split the stream")
        parser.add_argument(
            "--client-id",
            help="stable and distinct per consumer, so that a restart resumes its session (default: ingest-<host>-<group>-<n>, "
            "n the lowest index no other consumer on this host holds)",
        )
        parser.add_argument("--topic-root", default=settings.SMART_TOPIC_ROOT, help="default: SMART_TOPIC_ROOT")
        parser.add_argument("--batch", type=int, default=settings.SMART_BATCH_SIZE, help="most messages per transaction")
        parser.add_argument("--wait", type=float, default=settings.SMART_BATCH_WAIT, help="longest wait (seconds) for a batch to fill")
        parser.add_argument("--stats", type=float, default=5.0, help="seconds between stats lines (0: none)")

    def handle(self, *args, **o):
        consumer = Consumer(
            url=o["url"], group=o["group"], client_id=o["client_id"], topic_root=o["topic_root"], batch=o["batch"], wait=o["wait"],
            stats_every=o["stats"], out=self.stdout,
        )  # fmt: skip

        def stop(signum, frame):
            consumer.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        host, port, user, _password, _tls = parse_url(consumer.url)
        self.stdout.write(
            f"ingest_mqtt: {user or 'anonymous'}@{host}:{port} group {o['group']} client {consumer.client_id} topics {o['topic_root']}/+/(telemetry|events|status)"
        )
        self.stdout.flush()
        gc.freeze()  # what is loaded by now lives until the end: the collector skips it, also at exit (seconds on a busy machine)
        try:
            consumer.run()
        except SessionTakenOver as e:
            raise CommandError(str(e)) from e
