"""The MQTT broker of the tests (a plugin of the root conftest.py): a Mosquitto of their own on a free port, running the project's configuration
(deploy/mosquitto.conf: no anonymous client, password file and ACL written from the registry) with its files in a
temporary folder. The machine's broker on 1883, if any, is left alone."""

import secrets
import shutil
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest

from smart.broker import MOSQUITTO, Account, Broker, free_port, write_accounts


class TestBroker:
    """The running broker, the consumer's and a test publisher's accounts, and `sync(root)`: write the password file
    and ACL from the registry for topic root `root` and wait until the broker has read them."""

    __test__ = False

    def __init__(self, folder: Path):
        self.broker = Broker(free_port(), folder)
        self.consumer = ("test-consumer", secrets.token_urlsafe(12))
        self.publisher = ("test-publisher", secrets.token_urlsafe(12))  # a gateway: writes anywhere under the root (for junk and bulk)
        self.port = self.broker.port

    @property
    def url(self) -> str:
        """The consumer's URL, with its account."""
        return f"mqtt://{self.consumer[0]}:{self.consumer[1]}@127.0.0.1:{self.port}"

    def sync(self, root: str) -> None:
        probe = Account(f"probe-{secrets.token_hex(4)}", secrets.token_urlsafe(12))
        publisher = Account(*self.publisher, acl=[f"topic write {root}/#"])
        write_accounts(self.broker.folder, url=self.url, root=root, extra=(publisher, probe))
        if self.broker.proc is None:
            self.broker.start()
        else:
            self.broker.reload()
        end = time.monotonic() + 10
        while not self.accepts(probe.username, probe.password):  # the new files are read once this account exists
            assert time.monotonic() < end, "the broker did not reload its accounts"
            time.sleep(0.05)

    def connect(self, username: str | None, password: str | None, client_id: str | None = None) -> tuple[mqtt.Client, object]:
        """A connected (or refused) MQTT 5 client; (client, the CONNACK's reason code)."""
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=client_id or f"test-{secrets.token_hex(6)}", protocol=mqtt.MQTTv5)
        if username is not None:
            client.username_pw_set(username, password)
        result = {}
        client.on_connect = lambda c, u, flags, rc, props: result.setdefault("rc", rc)
        client.connect("127.0.0.1", self.port)
        client.loop_start()
        end = time.monotonic() + 5
        while "rc" not in result and time.monotonic() < end:
            time.sleep(0.01)
        return client, result.get("rc")

    def accepts(self, username, password) -> bool:
        client, rc = self.connect(username, password)
        ok = rc is not None and not rc.is_failure
        client.disconnect()
        client.loop_stop()
        return ok


@pytest.fixture(scope="session")
def mqtt_broker(tmp_path_factory):
    if not Path(MOSQUITTO).exists() and not shutil.which("mosquitto"):  # pragma: no cover - `make system-deps` installs it
        pytest.skip("no mosquitto binary")
    test_broker = TestBroker(tmp_path_factory.mktemp("mosquitto"))
    yield test_broker
    test_broker.broker.stop()
