"""智慧社区 (S4.2): devices, what they send, and the alarms they raise (DOMAIN-RULES §4).

A device type says what a kind of device measures and which events it sends (data, loaded by
`smart_defaults`); a device is one installed thing on a building or grid with its own credential.
Telemetry is one row per message (the measurements as JSON), de-duplicated on (device, msg_id)
because MQTT QoS 1 delivers at least once. Hourly rollups outlive the raw rows (retention).
An alarm has two independent flags, active/cleared and acknowledged/unacknowledged; at most one
active alarm per (device, alarm type), enforced by a partial unique index.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import PathField, TimeStamped
from core.scoping import ScopedQuerySet


class DeviceKind(models.TextChoices):
    ELEVATOR = "elevator", _("Elevator")  # 电梯物联网
    FIRE = "fire", _("Fire facility")  # 消防设施监控
    GARBAGE = "garbage", _("Garbage room")  # 智能分类垃圾房
    SENSOR = "sensor", _("Sensing alarm")  # 智能感应报警 (smoke, gas, water leak)
    GATE = "gate", _("Barrier gate")  # 智能道闸
    CAMERA = "camera", _("Camera")  # AI cameras: 高空抛物, 乱停车, 楼道堆物


class DeviceState(models.TextChoices):
    UNKNOWN = "unknown", _("Never seen")
    ONLINE = "online", _("Online")
    OFFLINE = "offline", _("Offline")


class Severity(models.IntegerChoices):
    """ThingsBoard's order: CRITICAL > MAJOR > MINOR > WARNING > INDETERMINATE."""

    INDETERMINATE = 1, _("Indeterminate")
    WARNING = 2, _("Warning")
    MINOR = 3, _("Minor")
    MAJOR = 4, _("Major")
    CRITICAL = 5, _("Critical")


class MessageKind(models.TextChoices):
    TELEMETRY = "telemetry", _("Telemetry")
    EVENT = "event", _("Event")
    STATUS = "status", _("Status")


class DeviceType(models.Model):
    """A kind of device and what it sends.

    `measurements`: [{"key": "fill", "name": "满溢度", "unit": "%", "min": 0, "max": 100}, ...]
    `events`: [{"code": "trapped", "name": "困人"}, ...]
    `offline_after`: seconds of silence after which the device is offline (0: never)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=50)
    kind = models.CharField(_("kind"), max_length=16, choices=DeviceKind.choices)
    measurements = models.JSONField(_("measurements"), default=list, blank=True)
    events = models.JSONField(_("events"), default=list, blank=True)
    offline_after = models.PositiveIntegerField(_("offline after (seconds)"), default=600)

    class Meta:
        verbose_name = _("device type")
        verbose_name_plural = _("device types")
        ordering = ["code"]

    def __str__(self):
        return self.name

    def measurement_keys(self) -> set[str]:
        return {m["key"] for m in self.measurements}

    def event_codes(self) -> set[str]:
        return {e["code"] for e in self.events}


class Vendor(TimeStamped):
    """A maker or a vendor platform that pushes its devices' data over HTTP with one credential.

    The credential is kept as a SHA-256 digest; the plain key is shown once when it is made."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    key_digest = models.CharField(max_length=64, blank=True, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("vendor")
        verbose_name_plural = _("vendors")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Maintainer(TimeStamped):
    """A company that keeps devices working (an elevator maintainer, a fire-safety contractor); its
    members are users who get the alarms of the devices it maintains."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    phone = models.CharField(_("duty phone"), max_length=20, blank=True)  # a company's duty line, not personal data
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="maintainers", verbose_name=_("members"))

    class Meta:
        verbose_name = _("maintainer")
        verbose_name_plural = _("maintainers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class DeviceQuerySet(ScopedQuerySet):
    scope_field = "unit_path"


class Device(TimeStamped):
    """One installed device. `code` names it in MQTT topics (jiayuan/devices/{code}/...): no personal
    data. Its credential (`token`, sent in every payload or as the HTTP credential) is kept as a digest."""

    state_tones = {"online": "success", "offline": "danger", "unknown": "muted"}  # its badge (components/state_badge.html)

    code = models.SlugField(_("device code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100)
    device_type = models.ForeignKey(DeviceType, models.PROTECT, related_name="devices", verbose_name=_("device type"))
    vendor = models.ForeignKey(Vendor, models.PROTECT, null=True, blank=True, related_name="devices", verbose_name=_("vendor"))
    maintainer = models.ForeignKey(Maintainer, models.SET_NULL, null=True, blank=True, related_name="devices", verbose_name=_("maintainer"))
    serial = models.CharField(_("serial number"), max_length=64, blank=True)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="devices", verbose_name=_("building or grid"))
    unit_path = PathField()
    location = models.CharField(_("location"), max_length=100, blank=True)  # "3号楼 1单元 东梯"
    lat = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    lng = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    token_digest = models.CharField(max_length=64, blank=True, editable=False)
    # The token hashed as Mosquitto's password file wants it (smart/broker.py): the device logs in to the broker with it.
    mqtt_password_hash = models.CharField(max_length=200, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=16, choices=DeviceState.choices, default=DeviceState.UNKNOWN)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    last_seen_at = models.DateTimeField(_("last seen at"), null=True, blank=True, db_index=True)
    is_active = models.BooleanField(_("in service"), default=True)

    objects = DeviceQuerySet.as_manager()

    class Meta:
        verbose_name = _("device")
        verbose_name_plural = _("devices")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["unit_path", "id"], name="smart_device_path"),
            models.Index(fields=["state", "last_seen_at"], name="smart_device_state_seen"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Telemetry(models.Model):
    """One telemetry message: its measurements as JSON ({"fill": 83.5, "odour": 2}). Raw rows live for
    the retention period (settings.SMART_RETENTION_DAYS); `TelemetryHourly` keeps the rollups."""

    id = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(Device, models.CASCADE, related_name="telemetry", db_index=False)
    ts = models.DateTimeField(_("time"))
    msg_id = models.CharField(_("message id"), max_length=64)
    values = models.JSONField(_("values"))
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("telemetry")
        verbose_name_plural = _("telemetry")
        constraints = [models.UniqueConstraint(fields=["device", "msg_id"], name="smart_telemetry_once")]
        indexes = [models.Index(fields=["device", "ts"], name="smart_telemetry_device_ts"), models.Index(fields=["ts"], name="smart_telemetry_ts")]


class Event(models.Model):
    """One event message (a trapped passenger, a smoke alarm, a plate read, a camera detection) or a
    status message (online/offline reported by the device). `data` keeps the payload's details; a
    camera's snapshot is stored as a file path in `snapshot`."""

    id = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(Device, models.CASCADE, related_name="events", db_index=False)
    ts = models.DateTimeField(_("time"))
    msg_id = models.CharField(_("message id"), max_length=64)
    kind = models.CharField(_("kind"), max_length=16, choices=MessageKind.choices, default=MessageKind.EVENT)
    code = models.CharField(_("event"), max_length=32)
    data = models.JSONField(_("data"), default=dict, blank=True)
    snapshot = models.CharField(_("snapshot"), max_length=200, blank=True)
    received_at = models.DateTimeField(_("received at"))

    class Meta:
        verbose_name = _("device event")
        verbose_name_plural = _("device events")
        constraints = [models.UniqueConstraint(fields=["device", "msg_id"], name="smart_event_once")]
        indexes = [models.Index(fields=["device", "ts"], name="smart_event_device_ts"), models.Index(fields=["ts"], name="smart_event_ts")]


class DeviceLatest(models.Model):
    """The latest value of each measurement of a device, and when it came: always at hand for pages
    and rules without reading the time series. Upserted once per device per stored batch."""

    device = models.OneToOneField(Device, models.CASCADE, primary_key=True, related_name="latest")
    ts = models.DateTimeField(_("time"))
    values = models.JSONField(_("values"), default=dict)

    class Meta:
        verbose_name = _("latest values")
        verbose_name_plural = _("latest values")


class TelemetryHourly(models.Model):
    """Hourly rollup of one measurement of one device, kept after the raw rows are dropped."""

    id = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(Device, models.CASCADE, related_name="hourly", db_index=False)
    key = models.CharField(_("measurement"), max_length=32)
    hour = models.DateTimeField(_("hour"))
    count = models.PositiveIntegerField(_("count"))
    total = models.FloatField(_("sum"))
    minimum = models.FloatField(_("minimum"))
    maximum = models.FloatField(_("maximum"))

    class Meta:
        verbose_name = _("hourly rollup")
        verbose_name_plural = _("hourly rollups")
        constraints = [models.UniqueConstraint(fields=["device", "key", "hour"], name="smart_hourly_once")]


class IngestRejection(models.Model):
    """Messages refused at intake, counted per (day, channel, reason) and never stored: malformed
    payloads, unknown devices, bad credentials. The consumer also logs each one."""

    day = models.DateField(_("day"))
    channel = models.CharField(_("channel"), max_length=8)  # "mqtt" | "http"
    reason = models.CharField(_("reason"), max_length=32)
    count = models.PositiveIntegerField(_("count"), default=0)
    last_detail = models.CharField(_("last example"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rejected messages")
        verbose_name_plural = _("rejected messages")
        constraints = [models.UniqueConstraint(fields=["day", "channel", "reason"], name="smart_rejection_once")]


class AlarmRule(TimeStamped):
    """What makes an alarm for one device type, editable by staff (ThingsBoard's alarm rule).

    `create_conditions`: {"CRITICAL": condition, "MAJOR": condition, ...}, checked from the highest
    severity down. A condition: {"kind": "simple" | "duration" | "repeating",
    "predicates": [{"key": "temp", "source": "telemetry" | "event", "op": ">", "value": 60}, ...],
    "match": "all" | "any", "seconds": 300 (duration: held this long), "count": 3 and "seconds": 600
    (repeating: N times within the window)}. `clear_condition`: the same shape, or null (cleared by
    staff or by the linked case closing). `schedule`: null (always) or {"days": [0..6], "start": "08:00",
    "end": "20:00"}. `details`: a template such as "满溢度 {fill}%"."""

    device_type = models.ForeignKey(DeviceType, models.CASCADE, related_name="alarm_rules", verbose_name=_("device type"))
    alarm_type = models.SlugField(_("alarm type"), max_length=32)
    name = models.CharField(_("name"), max_length=50)
    create_conditions = models.JSONField(_("create conditions"), default=dict)
    clear_condition = models.JSONField(_("clear condition"), null=True, blank=True)
    schedule = models.JSONField(_("schedule"), null=True, blank=True)
    details = models.CharField(_("details template"), max_length=200, blank=True)
    # which alarms open a case, and how urgently
    opens_case = models.BooleanField(_("opens a case"), default=False)
    case_min_severity = models.PositiveSmallIntegerField(_("opens a case from severity"), choices=Severity.choices, default=Severity.MAJOR)
    case_category_code = models.CharField(_("case category"), max_length=32, blank=True)
    case_priority = models.PositiveSmallIntegerField(_("case priority"), default=3)
    notify_maintainer = models.BooleanField(_("notify the maintainer"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("alarm rule")
        verbose_name_plural = _("alarm rules")
        ordering = ["device_type", "alarm_type"]
        constraints = [models.UniqueConstraint(fields=["device_type", "alarm_type"], name="smart_rule_once")]

    def __str__(self):
        return self.name


OFFLINE_ALARM = "offline"


class AlarmQuerySet(ScopedQuerySet):
    scope_field = "device__unit_path"

    def active(self):
        return self.filter(active=True)


class Alarm(models.Model):
    """An alarm of one device. `active` and `acknowledged` are independent (DOMAIN-RULES §4). A repeat
    while active extends it (`last_at`, `count`, maybe a higher severity); at most one active alarm per
    (device, alarm_type). `alarm_type` is the rule's type, or "offline" for the inactivity alarm."""

    id = models.BigAutoField(primary_key=True)
    device = models.ForeignKey(Device, models.CASCADE, related_name="alarms", verbose_name=_("device"))
    rule = models.ForeignKey(AlarmRule, models.SET_NULL, null=True, blank=True, related_name="alarms", verbose_name=_("rule"))
    alarm_type = models.SlugField(_("alarm type"), max_length=32)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    details = models.CharField(_("details"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    acknowledged = models.BooleanField(_("acknowledged"), default=False)
    started_at = models.DateTimeField(_("started at"))
    last_at = models.DateTimeField(_("last triggered at"))
    count = models.PositiveIntegerField(_("times triggered"), default=1)
    cleared_at = models.DateTimeField(_("cleared at"), null=True, blank=True)
    cleared_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("cleared by"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("acknowledged by"))
    case = models.ForeignKey("cases.Case", models.SET_NULL, null=True, blank=True, related_name="alarms", verbose_name=_("case"))

    objects = AlarmQuerySet.as_manager()

    class Meta:
        verbose_name = _("alarm")
        verbose_name_plural = _("alarms")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["device", "alarm_type"], condition=Q(active=True), name="smart_alarm_one_active")]
        indexes = [
            models.Index(fields=["active", "severity"], name="smart_alarm_active_sev"),
            models.Index(fields=["device", "started_at"], name="smart_alarm_device_started"),
        ]

    def __str__(self):
        return f"{self.device.code}: {self.alarm_type}"

    @property
    def label(self) -> str:
        """What to call it on a page: its rule's name, "Offline" for the inactivity alarm, else the name its device
        type gives the event of that code (低电量), never a bare code (select_related("rule", "device__device_type"))."""
        if self.rule_id is not None and self.rule is not None:
            return self.rule.name
        if self.alarm_type == OFFLINE_ALARM:
            return str(_("Offline"))
        if not (Alarm.device.is_cached(self) and Device.device_type.is_cached(self.device)):  # never a query per row
            return self.alarm_type
        return {e["code"]: e["name"] for e in self.device.device_type.events}.get(self.alarm_type, self.alarm_type)
