"""A dedicated Mosquitto for the device benchmark and fault tests (bench/smart_ingest.py, bench/smart_faults.py).

It runs deploy/mosquitto.conf, the project's broker configuration (no anonymous client, password file, ACL), with
only the listener port and the paths changed (port 18830 by default, var/mosquitto-bench/; smart/broker.py), so
what is measured is what production runs, and the machine's own broker on 1883 is left alone. Its accounts: the
consumers' (read every device's messages) and a gateway's that publishes for all benchmark devices on one
connection (smart_common.CONSUMER_ACCOUNT, GATEWAY_ACCOUNT).
"""

import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smart_common import CONSUMER_ACCOUNT, GATEWAY_ACCOUNT, TOPIC_ROOT  # noqa: E402

from smart import broker as project  # noqa: E402


class Broker(project.Broker):
    def __init__(self, port: int = 18830, folder: Path = ROOT / "var" / "mosquitto-bench", extra: tuple[str, ...] = ("log_type subscribe",)):
        super().__init__(port, folder, extra)  # the benchmark logs subscriptions to know when consumers are ready

    @property
    def url(self) -> str:
        """The consumers' URL, with their account."""
        return f"mqtt://{CONSUMER_ACCOUNT[0]}:{CONSUMER_ACCOUNT[1]}@127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        conf = super().write_config()
        gateway = project.Account(*GATEWAY_ACCOUNT, acl=[f"topic write {TOPIC_ROOT}/#"])
        passwd, acl = project.accounts_text([], consumer=CONSUMER_ACCOUNT, root=TOPIC_ROOT, extra=(gateway,))
        for name, text in ((project.PASSWORD_FILE, passwd), (project.ACL_FILE, acl)):
            (self.folder / name).write_text(text)
        return conf


def clean(folder: Path = ROOT / "var" / "mosquitto-bench") -> None:
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":  # start one by hand: python bench/smart_broker.py [port]
    b = Broker(int(sys.argv[1]) if len(sys.argv) > 1 else 18830)
    b.start()
    print(f"mosquitto on 127.0.0.1:{b.port} (pid {b.proc.pid}), folder {b.folder}; Ctrl-C stops it")
    try:
        b.proc.wait()
    except KeyboardInterrupt:
        b.stop()
    os._exit(0)
