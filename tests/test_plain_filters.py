"""A filter's empty choice means "no filter": it reads 全部 (All) in every FilterSet of the project, never Django's
未知 (Unknown), django-filter's "---------" or the first real value (core.filtersets.FilterSet)."""

import importlib
import pkgutil
import re

import django_filters
import pytest
from django.apps import apps
from django.utils import translation

from core.filtersets import AllYesNoSelect

NOT_ALL = {"Unknown", "未知", "不确定", "---------", ""}
SELECT = re.compile(r'<select name="(?P<name>[^"]+)"[^>]*>(?P<options>.*?)</select>', re.S)
OPTION = re.compile(r'<option value="(?P<value>[^"]*)"(?P<selected> selected)?>(?P<label>[^<]*)</option>')


def project_filtersets():
    for cfg in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{cfg.name}.filtersets")
        except ModuleNotFoundError:
            continue
        for info in pkgutil.iter_modules(getattr(module, "__path__", [])):  # a filtersets package's sub-domains
            importlib.import_module(f"{module.__name__}.{info.name}")

    def below(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from below(sub)

    project = {cfg.name for cfg in apps.get_app_configs() if "." not in cfg.name}
    found = {c for c in below(django_filters.FilterSet) if c.__module__.split(".")[0] in project and c._meta.model is not None}
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__name__}")


def empty_choices(filterset_class, language):
    with translation.override(language):
        html = str(filterset_class(data={}, queryset=filterset_class._meta.model.objects.none()).form)
    for select in SELECT.finditer(html):
        options = list(OPTION.finditer(select["options"]))
        yield select["name"], options[0]["value"], options[0]["label"].strip()


def test_every_filterset_of_the_project_is_found():
    names = {c.__name__ for c in project_filtersets()}
    assert {"CaseFilterSet", "AlarmFilterSet", "AuditLogFilterSet", "ResidentFilterSet", "TalentFilterSet", "RoomFilterSet"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_filters_empty_choice_reads_all(language):
    wrong = []
    for filterset_class in project_filtersets():
        for name, value, label in empty_choices(filterset_class, language):
            if value != "" or label in NOT_ALL:
                wrong.append(f"{filterset_class.__module__}.{filterset_class.__name__}.{name}: {value!r} {label!r}")
    assert not wrong, wrong


@pytest.mark.django_db
def test_a_yes_no_filter_reads_all_yes_no_in_chinese():
    from smart.filtersets import AlarmFilterSet

    with translation.override("zh-hans"):
        html = str(AlarmFilterSet(data={"acknowledged": "false"}, queryset=AlarmFilterSet._meta.model.objects.none()).form["acknowledged"])
    assert [(o["value"], o["label"], bool(o["selected"])) for o in OPTION.finditer(html)] == [("", "全部", False), ("true", "是", False), ("false", "否", True)]


def test_the_yes_no_select_reads_what_links_and_the_api_send():
    widget = AllYesNoSelect()
    read = {v: widget.value_from_datadict({"f": v}, {}, "f") for v in ["", "unknown", "true", "True", "false", "False"]}
    assert read == {"": None, "unknown": None, "true": True, "True": True, "false": False, "False": False}
    assert [widget.format_value(v) for v in (None, True, False, "true", "false")] == [[""], ["true"], ["false"], ["true"], ["false"]]


@pytest.mark.django_db
def test_a_typed_choice_filter_left_at_all_does_not_filter():
    """The alarms' severity select once had no empty choice: its first value (不确定) was sent and filtered on."""
    from smart.filtersets import AlarmFilterSet

    filterset = AlarmFilterSet(data={"severity": ""}, queryset=AlarmFilterSet._meta.model.objects.all())
    assert filterset.is_valid(), filterset.errors
    assert filterset.form.cleaned_data["severity"] in ("", None)
    assert "severity" not in str(filterset.qs.query.where)


def test_no_page_writes_an_empty_choice_of_dashes_by_hand():
    """A filter built in a view (the alarms' and devices' "under unit", the case map's states) says 全部 too."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    dashes = re.compile("[\"'>]" + "-" * 9 + "[\"'<]")  # a choice label of nine dashes, Django's default
    found = [
        f"{p.relative_to(root)}"
        for app in [c.path for c in apps.get_app_configs() if Path(c.path).parent == root] + [str(root / "templates")]
        for p in Path(app).rglob("*")
        if p.suffix in (".py", ".html") and "tests" not in p.parts and "migrations" not in p.parts and dashes.search(p.read_text(encoding="utf-8"))
    ]
    found.remove("core/filtersets.py")  # which names it in its docstring
    assert not found, found


@pytest.mark.django_db
def test_the_alarms_under_unit_filter_reads_all(login, personas):
    html = login(personas["property_company"]).get("/smart/alarms/").content.decode()
    under = re.search(r'<select name="under"[^>]*>\s*<option value="([^"]*)"[^>]*>([^<]*)<', html)
    assert under and under.groups() == ("", "全部")
