"""`manage.py simulate_devices`: the demo devices' data streams, over MQTT or HTTP (issue 5 item 6)."""

import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from smart.simulator.fleet import SCENARIOS, Fleet, base36, load_devices
from smart.simulator.runner import Runner
from smart.simulator.transport import HttpTransport, MqttTransport, broker_answers

DEFAULT_HTTP = "http://127.0.0.1:8000"
# One MQTT connection per device, logged in as the device: paho's network loop uses select(), which only takes file
# descriptors below 1024, and a paho client holds three (its socket and a wake-up pair).
MQTT_MAX_DEVICES = 300


class Command(BaseCommand):
    help = (
        "Publish realistic data from the demo devices (daily rhythms, faults, scenarios) to the MQTT broker, or POST it to the "
        "HTTP ingestion endpoint. With --url and --http both (or neither, or --prefer-mqtt), MQTT is used when the broker answers, else HTTP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--url", help="MQTT broker, mqtt://host:port (default: SMART_MQTT_URL's host and port); each device logs in with its code and token")
        parser.add_argument("--http", help=f"the server to POST to (default {DEFAULT_HTTP} when no broker answers)")
        parser.add_argument("--prefer-mqtt", action="store_true", help="with --http: still use the broker (--url or SMART_MQTT_URL) when one answers")
        parser.add_argument("--rate", type=float, help="reports per second for the whole fleet (default: each device's own period at --speed)")
        parser.add_argument("--speed", type=float, default=1.0, help="simulated seconds per second (60: an hour a minute)")
        parser.add_argument("--duration", type=float, help="stop after this many seconds (default: run until stopped)")
        parser.add_argument("--scenario", action="append", choices=[*SCENARIOS, "all"], default=[], help="play this at the start (repeatable)")
        parser.add_argument("--scenario-delay", type=float, default=0, help="play the --scenario ones this many seconds after the start")
        parser.add_argument("--scenario-every", type=float, default=1800, help="mean simulated seconds between random scenarios (0: none)")
        parser.add_argument("--devices", nargs="+", metavar="CODE", help="only these devices")
        parser.add_argument("--once", action="store_true", help="send the scenarios (or else one report per device) and exit")
        parser.add_argument("--seed", type=int, default=2021)
        parser.add_argument("--topic-root", default=None, help="default: SMART_TOPIC_ROOT")
        parser.add_argument("--stats-every", type=float, default=5)

    def handle(self, *args, **o):
        devices = load_devices(o["devices"], seed=o["seed"])
        if not devices:
            raise CommandError("No devices in service to simulate (load the demo first: manage.py load_demo).")
        if o["devices"] and len(devices) < len(set(o["devices"])):
            missing = sorted(set(o["devices"]) - {d.code for d in devices})
            self.stderr.write(f"Unknown or retired devices skipped: {', '.join(missing)}")
        start = time.time()
        transport = self.transport(o, base36(int(start * 1000)), len(devices))
        fleet = Fleet(devices, seed=o["seed"], run_id=transport.run_id, with_token=transport.name == "http")
        out = self.say if o["verbosity"] else (lambda line: None)
        runner = Runner(fleet, transport, speed=o["speed"], rate=o["rate"], duration=o["duration"], scenario_every=o["scenario_every"],
                        seed=o["seed"], codes=o["devices"], stats_every=o["stats_every"], out=out, start=start)  # fmt: skip
        scenarios = list(SCENARIOS) if "all" in o["scenario"] else list(dict.fromkeys(o["scenario"]))
        wills = {d.code: fleet.status(d, start, online=False) for d in devices} if getattr(transport, "per_device", False) else None
        try:
            transport.open(devices, wills)
        except (OSError, ConnectionError) as e:
            raise CommandError(f"Cannot connect: {e}") from e
        try:
            if o["once"]:
                n = runner.once(scenarios)
                if transport.errors:
                    raise CommandError(
                        f"{transport.errors} of {n} messages failed{': ' + transport.last_error if getattr(transport, 'last_error', '') else ''}"
                    )
                out(f"sent {n} message(s) over {transport.name}")
                return
            if threading.current_thread() is threading.main_thread():
                signal.signal(signal.SIGTERM, runner.stop)
                signal.signal(signal.SIGINT, runner.stop)
            runner.run(scenarios, o["scenario_delay"])
        finally:
            transport.close()

    def say(self, line: str) -> None:
        self.stdout.write(line)
        self.stdout.flush()  # a log file is block-buffered: show each stats line as it comes

    def transport(self, o, run_id, n_devices):
        url, http = o["url"], o["http"]
        root = o["topic_root"] or settings.SMART_TOPIC_ROOT
        if url is None and (http is None or o["prefer_mqtt"]):
            url, http = settings.SMART_MQTT_URL, http or DEFAULT_HTTP
        if url and n_devices > MQTT_MAX_DEVICES:
            if http is None:
                raise CommandError(
                    f"{n_devices} devices are more than one process can hold MQTT connections for ({MQTT_MAX_DEVICES}: paho's network loop uses "
                    "select(), which takes file descriptors below 1024, and each connection holds three): pick some with --devices, or give --http."
                )
            if o["verbosity"]:
                self.stdout.write(f"{n_devices} devices are more than one process can connect over MQTT ({MQTT_MAX_DEVICES}): posting to {http} instead")
            url = None
        if url and (http is None or broker_answers(url)):
            transport = MqttTransport(url, root, client_prefix=f"jiayuan-sim-{run_id}")
            if o["verbosity"]:
                self.stdout.write(f"MQTT {transport.host}:{transport.port}, topics {root}/<code>/..., one connection per device, logged in as the device")
        else:
            if o["verbosity"]:
                self.stdout.write(f"No MQTT broker answers at {url}: posting to {http} instead" if url else f"HTTP {http}")
            transport = HttpTransport(http, wait=10 if o["once"] else 120)
        transport.run_id = run_id
        return transport
