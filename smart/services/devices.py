"""Writes to the device registry from pages and the API: devices, vendors, maintainers.

Credentials come from `smart.services.registry` (a digest is kept; the plain token or key is returned
once, to be shown once). A device hangs on a building or a grid; its `unit_path` follows the unit."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.models import AuditAction
from audit.services import audit_record
from org.models import UnitKind
from smart.models import Device, Maintainer, Vendor
from smart.services.registry import device_issue_token, vendor_issue_key

DEVICE_UNIT_KINDS = (UnitKind.BUILDING, UnitKind.GRID)
DEVICE_FIELDS = ("name", "device_type", "vendor", "maintainer", "serial", "installed_on", "unit", "location", "lat", "lng", "is_active")


def _check_device(device: Device) -> None:
    if device.unit.kind not in DEVICE_UNIT_KINDS:
        raise ValidationError({"unit": _("A device is placed on a building or a grid.")})
    if (device.lat is None) != (device.lng is None):
        raise ValidationError({"lng": _("Give both latitude and longitude, or neither.")})
    if device.vendor is not None and not device.vendor.is_active:
        raise ValidationError({"vendor": _("This vendor is no longer active.")})


@transaction.atomic
def device_create(*, code: str, name: str, device_type, unit, vendor=None, maintainer=None, serial: str = "", installed_on=None,
                  location: str = "", lat=None, lng=None, is_active: bool = True) -> tuple[Device, str]:  # fmt: skip
    """Register a device and issue its first credential; returns the device and the plain token (shown once)."""
    if Device.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A device with this code already exists.")})
    device = Device(
        code=code, name=name, device_type=device_type, unit=unit, unit_path=unit.path, vendor=vendor, maintainer=maintainer, serial=serial,
        installed_on=installed_on, location=location, lat=lat, lng=lng, is_active=is_active,
    )  # fmt: skip
    _check_device(device)
    device.save()
    return device, device_issue_token(device)


@transaction.atomic
def device_update(*, device: Device, **changes) -> Device:
    """Change a device's registration (not its code, credential or state)."""
    unknown = set(changes) - set(DEVICE_FIELDS)
    if unknown:
        raise TypeError(f"device_update: unknown fields {sorted(unknown)}")
    for field, value in changes.items():
        setattr(device, field, value)
    device.unit_path = device.unit.path
    _check_device(device)
    device.save()
    return device


@transaction.atomic
def device_new_credential(*, device: Device) -> str:
    """A new credential for the device; the old one stops working at once. The plain token is returned once.
    (The digest is written with an update, which the audit signals do not see: recorded here, without it.)"""
    token = device_issue_token(device)
    audit_record(action=AuditAction.UPDATE, obj=device, changes={"credential": "reissued"})
    return token


@transaction.atomic
def vendor_create(*, code: str, name: str, is_active: bool = True) -> tuple[Vendor, str]:
    """A vendor and its first platform key; returns the vendor and the plain key (shown once)."""
    if Vendor.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A vendor with this code already exists.")})
    vendor = Vendor.objects.create(code=code, name=name, is_active=is_active)
    return vendor, vendor_issue_key(vendor)


@transaction.atomic
def vendor_update(*, vendor: Vendor, name: str, is_active: bool) -> Vendor:
    vendor.name, vendor.is_active = name, is_active
    vendor.save(update_fields=["name", "is_active", "updated_at"])
    return vendor


@transaction.atomic
def vendor_new_key(*, vendor: Vendor) -> str:
    """A new platform key for the vendor; the old one stops working at once. The plain key is returned once."""
    key = vendor_issue_key(vendor)
    audit_record(action=AuditAction.UPDATE, obj=vendor, changes={"key": "reissued"})
    return key


@transaction.atomic
def maintainer_create(*, name: str, phone: str = "", members=()) -> Maintainer:
    if Maintainer.objects.filter(name=name).exists():
        raise ValidationError({"name": _("A maintainer with this name already exists.")})
    maintainer = Maintainer.objects.create(name=name, phone=phone)
    maintainer.members.set(members)
    return maintainer


@transaction.atomic
def maintainer_update(*, maintainer: Maintainer, name: str, phone: str = "", members=None) -> Maintainer:
    if Maintainer.objects.filter(name=name).exclude(pk=maintainer.pk).exists():
        raise ValidationError({"name": _("A maintainer with this name already exists.")})
    maintainer.name, maintainer.phone = name, phone
    maintainer.save(update_fields=["name", "phone", "updated_at"])
    if members is not None:
        maintainer.members.set(members)
    return maintainer
