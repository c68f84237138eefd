"""The device simulator (`manage.py simulate_devices`, issue 5 item 6).

- `tokens`: the demo devices' and vendors' credentials, derived from this installation's SECRET_KEY (demo data only);
- `rhythms`, `profiles`: what each kind of device sends over a day, faults now and then;
- `fleet`: the simulated devices and their messages in the wire format of `smart.messages`, and the
  scenarios (a trapped passenger, a garbage room overflowing, a camera seeing 高空抛物);
- `snapshot`: camera snapshots drawn with Pillow;
- `runner`: the simulated clock and schedule; `transport`: MQTT (paho-mqtt, QoS 1) or HTTP batches.

The demo loader (`demo.smart`) uses the same profiles for two days of history.
"""
