"""The project's MQTT broker: accounts, ACL and a running Mosquitto made from deploy/mosquitto.conf (issue 13 item 19).

Devices authenticate in CONNECT: username = device code, password = the device's token. Mosquitto checks the
password against `password_file`, where each device in service has the PBKDF2-SHA512 hash Mosquitto 2 reads
(`$7$<iterations>$<salt>$<hash>`, as `mosquitto_passwd` writes it), kept on the device when its token is issued
(`Device.mqtt_password_hash`; the plain token is never stored). The ACL (`acl_file`) lets a device publish only
under its own topic (`pattern write <root>/%u/#`) and read nothing; the consumer (`manage.py ingest_mqtt`) has an
account of its own, with read on `<root>/#` only. Anonymous clients are refused (`allow_anonymous false`).

`write_accounts` writes both files from the registry (`manage.py mqtt_accounts`), `reload` sends SIGHUP so a
running broker reads them again. The consumer's username comes from SMART_MQTT_URL; its password from the URL, or
else from SMART_MQTT_DIR/consumer.secret, made at random on first use (one per installation).

`Broker` runs deploy/mosquitto.conf with only the listener port and the paths changed: the demo (`make broker`),
the tests (a broker of their own on a free port) and the benchmark use it, so what they run is what production runs.
"""

import base64
import getpass
import hashlib
import os
import secrets
import signal
import socket
import subprocess  # noqa: S404  the broker is a real Mosquitto
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
CONF = ROOT / "deploy" / "mosquitto.conf"
MOSQUITTO = "/usr/sbin/mosquitto"
ITERATIONS = 101  # mosquitto_passwd's default for $7$ (the tokens are 192-bit random: no stretching needed)
PASSWORD_FILE, ACL_FILE, SECRET_FILE = "passwd", "acl", "consumer.secret"


def mosquitto_hash(password: str, *, salt: bytes | None = None, iterations: int = ITERATIONS) -> str:
    """The password-file hash Mosquitto 2 reads for `password`: $7$<iterations>$<base64 salt>$<base64 PBKDF2-SHA512>."""
    salt = salt if salt is not None else secrets.token_bytes(12)
    digest = hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, iterations, 64)
    return f"$7${iterations}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def mqtt_dir() -> Path:
    return Path(settings.SMART_MQTT_DIR)


def consumer_credentials(url: str | None = None, *, create: bool = False) -> tuple[str | None, str | None]:
    """(username, password) of the consumer: from the URL, the password else from SMART_MQTT_DIR/consumer.secret
    (made at random when `create` and missing)."""
    parts = urlsplit((url or settings.SMART_MQTT_URL) if "://" in (url or settings.SMART_MQTT_URL) else f"mqtt://{url}")
    username, password = unquote(parts.username or "") or None, unquote(parts.password or "") or None
    if username and not password:
        path = mqtt_dir() / SECRET_FILE
        if not path.exists() and create:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(24) + "\n")
        if path.exists():
            password = path.read_text().strip() or None
    return username, password


@dataclass
class Account:
    """An extra broker account (a test publisher, the benchmark's gateway): its ACL lines are written as they are."""

    username: str
    password: str
    acl: list[str] = field(default_factory=list)


def accounts_text(devices, *, consumer: tuple[str, str] | None, root: str, extra: tuple[Account, ...] = ()) -> tuple[str, str]:
    """(password file, ACL file) for `devices` ((code, mqtt_password_hash) pairs), the consumer and `extra` accounts."""
    root = root.strip("/")
    users, acl = [], ["# Written by `manage.py mqtt_accounts` from the device registry: do not edit.", ""]
    if consumer:
        users.append(f"{consumer[0]}:{mosquitto_hash(consumer[1])}")
        acl += ["# the consumer (manage.py ingest_mqtt): reads every device's messages, publishes nothing", f"user {consumer[0]}", f"topic read {root}/#", ""]
    for account in extra:
        users.append(f"{account.username}:{mosquitto_hash(account.password)}")
        acl += [f"user {account.username}", *account.acl, ""]
    names = {u.split(":", 1)[0] for u in users}
    for code, digest in devices:
        if digest and code not in names and ":" not in code:
            users.append(f"{code}:{digest}")
    acl += ["# devices (username = device code): publish under their own topic only, read nothing", f"pattern write {root}/%u/#", ""]
    return "\n".join(users) + "\n", "\n".join(acl)


def registry_devices():
    from smart.models import Device

    return Device.objects.filter(is_active=True).exclude(mqtt_password_hash="").order_by("code").values_list("code", "mqtt_password_hash")


def write_accounts(folder: Path | None = None, *, url: str | None = None, root: str | None = None, extra: tuple[Account, ...] = ()) -> tuple[Path, Path, int]:
    """Write the password file and the ACL from the registry into `folder` (default SMART_MQTT_DIR), each replaced
    atomically; returns (password file, ACL file, number of device accounts)."""
    folder = Path(folder or mqtt_dir())
    folder.mkdir(parents=True, exist_ok=True)
    username, password = consumer_credentials(url, create=True)
    devices = list(registry_devices())
    passwd, acl = accounts_text(devices, consumer=(username, password) if username and password else None, root=root or settings.SMART_TOPIC_ROOT, extra=extra)
    paths = folder / PASSWORD_FILE, folder / ACL_FILE
    for path, text in zip(paths, (passwd, acl), strict=True):
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(text)
        os.replace(tmp, path)
    return paths[0], paths[1], len(devices)


def reload(pid: int) -> bool:
    """Ask a running Mosquitto to read its password file and ACL again (SIGHUP). False when no Mosquitto has this pid
    (a stale pid file: the number may belong to another process now, which is not signalled)."""
    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() != "mosquitto":
            return False
    except OSError:
        return False
    try:
        os.kill(pid, signal.SIGHUP)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def broker_config(port: int, folder: Path, extra: tuple[str, ...] = ()) -> str:
    """deploy/mosquitto.conf with this broker's listener, persistence folder, log file, accounts and pid file."""
    lines = []
    for line in CONF.read_text().splitlines():
        word = line.split(" ", 1)[0]
        if word == "listener":
            line = f"listener {port} 127.0.0.1"
        elif word == "persistence_location":
            line = f"persistence_location {folder}/"
        elif word == "log_dest":
            line = f"log_dest file {folder}/mosquitto.log"
        elif word == "password_file":
            line = f"password_file {folder}/{PASSWORD_FILE}"
        elif word == "acl_file":
            line = f"acl_file {folder}/{ACL_FILE}"
        elif word == "pid_file":
            line = f"pid_file {folder}/mosquitto.pid"
        lines.append(line)
    lines += list(extra)
    if os.geteuid() == 0:
        lines.append(f"user {getpass.getuser()}")  # root: stay root (it owns the folder) instead of becoming `mosquitto`
    return "\n".join(lines) + "\n"


def port_answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.2):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Broker:
    """A Mosquitto running the project's configuration on `port` with its files in `folder`. Its accounts must be
    written (`write_accounts(folder)`) before `start`, and again (then `reload`) when the registry changes."""

    def __init__(self, port: int, folder: Path, extra: tuple[str, ...] = ()):
        self.port, self.folder, self.extra = port, Path(folder), extra
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    @property
    def log(self) -> Path:
        return self.folder / "mosquitto.log"

    def write_config(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / "mosquitto.conf"
        path.write_text(broker_config(self.port, self.folder, self.extra))
        for name in (PASSWORD_FILE, ACL_FILE):
            (self.folder / name).touch(mode=0o600, exist_ok=True)
        return path

    def wipe(self) -> None:
        """Forget every session and queued message (a fresh broker)."""
        for f in self.folder.glob("mosquitto.db*") if self.folder.exists() else ():
            f.unlink()

    def listening(self) -> bool:
        return port_answers(self.port)

    def start(self, timeout: float = 10) -> None:
        if self.listening():
            raise RuntimeError(f"port {self.port} is taken")
        conf = self.write_config()
        err = self.folder / "mosquitto.stderr"
        with open(err, "wb") as fh:
            self.proc = subprocess.Popen([MOSQUITTO, "-c", str(conf)], stdout=subprocess.DEVNULL, stderr=fh)  # noqa: S603
        deadline = time.monotonic() + timeout
        while not self.listening():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mosquitto did not start: {err.read_text(errors='replace')} (see {self.log})")
            time.sleep(0.05)

    def reload(self) -> bool:
        return self.proc is not None and reload(self.proc.pid)

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
        t = time.monotonic()
        self.stop()
        self.start()
        return time.monotonic() - t

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stop()
