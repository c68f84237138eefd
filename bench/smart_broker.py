"""A dedicated Mosquitto for the device benchmark and fault tests (bench/smart_ingest.py, bench/smart_faults.py).

It runs deploy/mosquitto.conf, the project's broker configuration, with only the listener port and the
persistence and log paths changed (port 18830 by default, var/mosquitto-bench/), so what is measured is
what production runs, and the machine's own broker on 1883 is left alone.
"""

import getpass
import os
import shutil
import signal
import socket
import subprocess  # noqa: S404  the benchmark drives a real broker
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MOSQUITTO = "/usr/sbin/mosquitto"
CONF = ROOT / "deploy" / "mosquitto.conf"


class Broker:
    def __init__(self, port: int = 18830, folder: Path = ROOT / "var" / "mosquitto-bench", extra: tuple[str, ...] = ("log_type subscribe",)):
        self.port = port
        self.extra = extra  # lines added to the configuration (the benchmark logs subscriptions to know when consumers are ready)
        self.folder = Path(folder)
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def write_config(self) -> Path:
        """deploy/mosquitto.conf with this broker's listener, persistence folder and log file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = []
        for line in CONF.read_text().splitlines():
            word = line.split(" ", 1)[0]
            if word == "listener":
                line = f"listener {self.port} 127.0.0.1"
            elif word == "persistence_location":
                line = f"persistence_location {self.folder}/"
            elif word == "log_dest":
                line = f"log_dest file {self.folder}/mosquitto.log"
            lines.append(line)
        lines += list(self.extra)
        lines.append(f"user {getpass.getuser()}")  # run as whoever runs the benchmark (it owns the folder)
        path = self.folder / "mosquitto.conf"
        path.write_text("\n".join(lines) + "\n")
        return path

    @property
    def log(self) -> Path:
        return self.folder / "mosquitto.log"

    def wipe(self) -> None:
        """Forget every session and queued message (a fresh broker)."""
        if self.folder.exists():
            for f in self.folder.glob("mosquitto.db*"):
                f.unlink()

    def listening(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                return True
        except OSError:
            return False

    def start(self) -> None:
        if self.listening():
            raise SystemExit(f"port {self.port} is taken: is another benchmark broker running?")
        conf = self.write_config()
        err = self.folder / "mosquitto.stderr"
        with open(err, "wb") as fh:
            self.proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=fh)  # noqa: S603
        deadline = time.monotonic() + 10
        while not self.listening():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"mosquitto did not start: {err.read_text(errors='replace')} (see {self.log})")
            time.sleep(0.05)

    def stop(self) -> None:
        """Graceful stop: SIGTERM, which makes Mosquitto save its persistence file before it exits."""
        if self.proc is None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def restart(self) -> float:
        """Stop gracefully and start again; returns the seconds the broker was away."""
        t = time.monotonic()
        self.stop()
        self.start()
        return time.monotonic() - t

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()


def clean(folder: Path = ROOT / "var" / "mosquitto-bench") -> None:
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":  # start one by hand: python bench/smart_broker.py [port]
    import sys

    b = Broker(int(sys.argv[1]) if len(sys.argv) > 1 else 18830)
    b.start()
    print(f"mosquitto on {b.url} (pid {b.proc.pid}), folder {b.folder}; Ctrl-C stops it")
    try:
        b.proc.wait()
    except KeyboardInterrupt:
        b.stop()
    os._exit(0)
