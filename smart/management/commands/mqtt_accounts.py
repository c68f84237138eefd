"""`manage.py mqtt_accounts`: the broker's password file and ACL from the device registry (smart/broker.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from smart.broker import broker_config, mqtt_dir, reload, write_accounts


class Command(BaseCommand):
    help = (
        "Write the MQTT broker's password file and ACL from the device registry (a device logs in with its code and token and may publish "
        "under its own topic only; the consumer reads them all), then make a running broker read them again (SIGHUP)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="where to write passwd and acl (default: SMART_MQTT_DIR)")
        parser.add_argument("--pid-file", help="the broker's pid file, to signal it (default: <dir>/mosquitto.pid when it exists)")
        parser.add_argument("--broker-config", type=int, metavar="PORT", help="also write <dir>/mosquitto.conf: deploy/mosquitto.conf listening on PORT")

    def handle(self, *args, **o):
        folder = Path(o["dir"] or mqtt_dir())
        passwd, acl, n = write_accounts(folder)
        self.stdout.write(f"{n} device account(s) and the consumer's written to {passwd} and {acl}")
        if o["broker_config"]:
            conf = folder / "mosquitto.conf"
            conf.write_text(broker_config(o["broker_config"], folder))
            self.stdout.write(f"broker configuration: {conf} (mosquitto -d -c {conf})")
        pid_file = Path(o["pid_file"]) if o["pid_file"] else folder / "mosquitto.pid"
        if not pid_file.exists():
            if o["pid_file"]:
                raise CommandError(f"No pid file at {pid_file}: is the broker running?")
            return
        try:
            pid = int(pid_file.read_text().strip())
        except ValueError as e:
            raise CommandError(f"{pid_file} holds no process id") from e
        if reload(pid):
            self.stdout.write(f"broker (pid {pid}) told to reload its accounts")
        elif o["pid_file"]:
            raise CommandError(f"No broker runs with pid {pid} ({pid_file})")
