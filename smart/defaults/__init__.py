"""The device types the plan names (S4.2), as data: what each measures and which events it sends.

Loaded by `manage.py smart_defaults` (idempotent: an existing type's names and lists are brought up to
date). Keys are short and ASCII because devices send them; names are what pages show.
"""

from smart.models import DeviceKind as K


def _m(key, name, unit="", lo=None, hi=None, states=None):
    """One measurement. `states` names the values a person reads as words ({"0": "关", "1": "开"}): pages show
    "门：开", not "门开启 1" (smart.selectors.reading_text); other values show as numbers with their unit."""
    item = {"key": key, "name": name, "unit": unit}
    if lo is not None:
        item["min"] = lo
    if hi is not None:
        item["max"] = hi
    if states:
        item["states"] = states
    return item


ON_OFF = {"0": "停止", "1": "运行"}
DOOR = {"0": "关", "1": "开"}
NO_FAULT = {"0": "无故障"}


def _e(code, name):
    return {"code": code, "name": name}


# (code, name, kind, measurements, events, offline after seconds)
DEVICE_TYPES = [
    (
        "elevator",
        "电梯物联网终端",
        K.ELEVATOR,
        [
            _m("running", "运行状态", "", 0, 1, ON_OFF),  # 1 running, 0 stopped
            _m("floor", "所在楼层", "层", -5, 60),
            _m("door_open", "门", "", 0, 1, DOOR),
            _m("speed", "运行速度", "m/s", 0, 10),
            _m("people", "轿厢人数", "人", 0, 30),
            _m("fault_code", "故障代码", "", 0, 9999, NO_FAULT),  # 0: no fault
        ],
        [_e("trapped", "困人"), _e("fault", "故障"), _e("door_fault", "门故障"), _e("overspeed", "超速"), _e("alarm_button", "紧急呼叫")],
        300,
    ),
    (
        "fire",
        "消防设施监测终端",
        K.FIRE,
        [
            _m("pressure", "管网水压", "MPa", 0, 2),
            _m("level", "水箱液位", "m", 0, 10),
            _m("smoke", "烟雾浓度", "dB/m", 0, 1),
            _m("fault_code", "故障代码", "", 0, 9999, NO_FAULT),
        ],
        [_e("fire_alarm", "火警"), _e("fault", "设备故障"), _e("door_blocked", "消防通道占用")],
        600,
    ),
    (
        "garbage",
        "智能分类垃圾房",
        K.GARBAGE,
        [
            _m("fill_residual", "其他垃圾满溢度", "%", 0, 100),
            _m("fill_kitchen", "湿垃圾满溢度", "%", 0, 100),
            _m("fill_recyclable", "可回收物满溢度", "%", 0, 100),
            _m("fill_hazardous", "有害垃圾满溢度", "%", 0, 100),
            _m("odour", "异味指数", "", 0, 10),
            _m("temperature", "温度", "°C", -20, 80),
        ],
        [_e("overflow", "满溢"), _e("door_open_long", "投放门长时间未关"), _e("misdelivery", "混投")],
        900,
    ),
    (
        "smoke",
        "独立式烟感报警器",
        K.SENSOR,
        [_m("smoke", "烟雾浓度", "dB/m", 0, 1), _m("battery", "电量", "%", 0, 100), _m("temperature", "温度", "°C", -20, 100)],
        [_e("smoke_alarm", "烟感报警"), _e("tamper", "防拆报警"), _e("low_battery", "低电量")],
        3600,
    ),
    (
        "gas",
        "可燃气体探测器",
        K.SENSOR,
        [_m("gas_lel", "可燃气体浓度", "%LEL", 0, 100), _m("battery", "电量", "%", 0, 100)],
        [_e("gas_alarm", "燃气泄漏报警"), _e("valve_closed", "切断阀已关闭")],
        3600,
    ),
    (
        "water",
        "水浸探测器",
        K.SENSOR,
        [_m("leak", "水浸", "", 0, 1, {"0": "无", "1": "有"}), _m("battery", "电量", "%", 0, 100)],
        [_e("water_leak", "漏水报警")],
        3600,
    ),
    (
        "gate",
        "智能道闸",
        K.GATE,
        [_m("passages_in", "驶入车次", "次", 0, 10000), _m("passages_out", "驶出车次", "次", 0, 10000), _m("spaces_free", "空余车位", "个", 0, 5000)],
        [_e("plate_read", "车牌识别"), _e("tailgating", "跟车闯闸"), _e("barrier_fault", "道闸故障")],
        600,
    ),
    (
        "camera",
        "AI 视频监控",
        K.CAMERA,
        [_m("fps", "帧率", "fps", 0, 60)],
        [_e("throw", "高空抛物"), _e("illegal_parking", "乱停车"), _e("clutter", "楼道堆物"), _e("fire_lane_blocked", "消防通道占用")],
        600,
    ),
]
