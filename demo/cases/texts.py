"""What the demo cases are about: the seasonal mix of categories, who reports what, and the words used.

Codes are those of `cases.defaults.CATEGORIES`. Weights are relative; a month factor makes summer
noisy and full of rubbish and mosquitoes, winter bring burst pipes and heaters, and the weeks around
the Spring Festival fireworks and cars parked everywhere. Lifts break all year.
"""

import datetime

# Spring Festival (正月初一): fireworks from 小年 (about a week before) to 元宵 (15 days after)
SPRING_FESTIVAL = {
    2024: datetime.date(2024, 2, 10),
    2025: datetime.date(2025, 1, 29),
    2026: datetime.date(2026, 2, 17),
    2027: datetime.date(2027, 2, 6),
    2028: datetime.date(2028, 1, 26),
}

SUMMER = {6, 7, 8, 9}
WARM = {5, 6, 7, 8, 9, 10}
WINTER = {12, 1, 2}
PLUM_RAIN = {6, 7}  # 梅雨: leaks, damp, quarrels over water through the ceiling


def festival_days(day: datetime.date) -> int | None:
    """Days from this year's Spring Festival when within the fireworks season (-8 .. +15), else None."""
    sf = SPRING_FESTIVAL.get(day.year)
    if sf is None:
        return None
    d = (day - sf).days
    return d if -8 <= d <= 15 else None


BASE_WEIGHTS = {
    "ENV-CLUTTER": 10,
    "ENV-WASTE": 8,
    "ENV-THROW": 2,
    "ENV": 3,  # 市容环境, other: mosquitoes, greenery, stray animals
    "TRAFFIC-PARK": 10,
    "TRAFFIC": 1,
    "FAC-LIFT": 6,
    "FAC-DAMAGE": 8,
    "FAC": 1,
    "ORDER-NOISE": 7,
    "ORDER-DISPUTE": 4,
    "ORDER": 1,  # 社会秩序, other: fireworks, group renting
    "CONSULT": 5,
}


def category_weights(day: datetime.date) -> dict[str, float]:
    m, w = day.month, dict(BASE_WEIGHTS)
    if m in SUMMER:
        w["ENV-WASTE"] *= 1.8
        w["ORDER-NOISE"] *= 1.7
        w["FAC-LIFT"] *= 1.2
    if m in WARM:
        w["ENV"] *= 2.5
    if m in WINTER:
        w["FAC-DAMAGE"] *= 1.6
        w["ENV-CLUTTER"] *= 1.3  # e-bikes charged in stairwells, heaters
    if m in PLUM_RAIN:
        w["ORDER-DISPUTE"] *= 1.5
        w["FAC-DAMAGE"] *= 1.3
    if festival_days(day) is not None:
        w["ORDER"] *= 12
        w["ORDER-NOISE"] *= 1.8
        w["TRAFFIC-PARK"] *= 2.2
        w["ENV-WASTE"] *= 1.4
    return w


# how many cases a day brings, relative: more in the hot months, fewer in the Spring Festival week (people away)
MONTH_VOLUME = {1: 0.95, 2: 0.9, 3: 0.95, 4: 1.0, 5: 1.0, 6: 1.05, 7: 1.15, 8: 1.15, 9: 1.05, 10: 0.95, 11: 0.95, 12: 0.95}


def volume(day: datetime.date) -> float:
    d = festival_days(day)
    return MONTH_VOLUME[day.month] * (0.75 if d is not None and 0 <= d <= 6 else 1.0)


def season(day: datetime.date) -> str:
    if festival_days(day) is not None:
        return "festival"
    return "summer" if day.month in WARM else "winter" if day.month in WINTER or day.month in {3, 11} else "any"


# source weights: resident, patrol, hotline, device, camera, suggestion, open311
DEFAULT_SOURCES = {"resident": 38, "patrol": 27, "hotline": 24, "suggestion": 2, "open311": 4}
SOURCES = {
    "FAC-LIFT": {"resident": 25, "patrol": 5, "hotline": 25, "device": 40, "open311": 3},
    "ENV-WASTE": {"resident": 25, "patrol": 35, "hotline": 15, "device": 20, "open311": 3},
    "ENV-THROW": {"resident": 40, "hotline": 25, "camera": 35},
    "TRAFFIC-PARK": {"resident": 30, "patrol": 30, "hotline": 15, "camera": 22, "open311": 3},
    "ENV-CLUTTER": {"resident": 30, "patrol": 40, "hotline": 15, "camera": 12, "open311": 3},
    "CONSULT": {"resident": 35, "hotline": 35, "suggestion": 25, "open311": 5},
    "FAC-DAMAGE": {"resident": 35, "patrol": 30, "hotline": 22, "suggestion": 8, "open311": 5},
}

# what people write, by category and season ("any" fits every season); {b} a building, {f} a floor
TEXTS = {
    "ENV-CLUTTER": {
        "any": ["{b}{f}楼楼道堆满纸箱和旧家具，影响通行", "{b}一楼楼梯口长期堆放杂物，存在消防隐患", "{b}楼道内有人堆放装修垃圾", "{b}{f}楼消防通道被鞋柜和杂物占用"],
        "winter": ["{b}有居民把电瓶车推进楼道充电，拉飞线，很危险", "{b}{f}楼楼道里放着取暖器和煤气罐", "{b}楼道堆放腌制腊肉的缸和杂物"],
    },
    "ENV-WASTE": {
        "any": ["{b}旁垃圾箱房满溢，垃圾堆到地上", "小区东门垃圾桶满了没人清运", "{b}湿垃圾桶溢出，气味很大"],
        "summer": ["天热，{b}垃圾箱房臭味很重还招苍蝇", "{b}旁垃圾满溢，污水流到路面", "{b}附近西瓜皮等湿垃圾堆积，没有及时清运"],
        "festival": ["过年期间{b}垃圾箱房堆满烟花爆竹纸屑和包装盒", "节日期间垃圾清运不及时，{b}门口堆满垃圾"],
    },
    "ENV-THROW": {"any": ["{b}有人从楼上往下扔垃圾袋，差点砸到人", "{b}楼下发现从高处扔下的花盆碎片", "摄像头拍到{b}{f}楼窗口抛物"]},
    "ENV": {
        "any": ["{b}附近有流浪狗聚集，晚上乱叫", "{b}旁绿地被人开垦种菜"],
        "summer": ["{b}旁边积水，蚊子特别多，请消杀", "{b}前的树枝长得太茂盛挡住窗户，要修剪", "{b}附近草长得很高，有蛇出没的担心", "{b}地下室积水孳生蚊虫"],
    },
    "TRAFFIC-PARK": {
        "any": ["{b}门口有车占用消防通道", "小区主干道两边乱停车，救护车进不来", "有车长期停在{b}楼下人行道上", "非机动车乱停放堵住{b}单元门"],
        "festival": ["过年走亲戚的车把{b}门口堵死了", "春节期间外来车辆停满小区道路，消防通道被占", "节前{b}旁绿化带上停满了车"],
    },
    "TRAFFIC": {"any": ["小区门口路口红绿灯坏了", "小区外道路施工围挡占道，行人不好走"]},
    "FAC-LIFT": {
        "any": ["{b}电梯困人，里面有老人", "{b}电梯门关不上，一直报警", "{b}电梯运行时有异响抖动", "{b}电梯停在{f}楼不动了", "电梯物联网报警：{b}电梯平层故障"],
        "summer": ["{b}电梯轿厢里空调坏了，闷热", "{b}电梯高温故障停运"],
    },
    "FAC-DAMAGE": {
        "any": ["{b}楼道灯坏了，晚上一片漆黑", "{b}单元门门禁坏了关不上", "{b}前路面破损有坑，老人容易摔倒", "{b}旁健身器材螺丝松动", "小区路灯不亮"],
        "winter": ["{b}楼外水管冻裂了，到处是水", "寒潮后{b}水表箱冻坏漏水", "{b}{f}楼公共水管爆管", "{b}楼顶水箱管道冻裂"],
        "summer": ["{b}顶楼漏水，雨天家里滴水", "台风后{b}旁大树倒伏压到围墙", "{b}雨水管堵塞，下雨就积水", "梅雨季{b}地下车库渗水"],
    },
    "FAC": {"any": ["小区监控探头坏了好几个", "{b}旁充电桩无法使用"]},
    "ORDER-NOISE": {
        "any": ["{b}{f}楼装修周末一早就开始砸墙", "{b}楼下商铺晚上音响很吵", "{b}有人半夜在家唱卡拉OK"],
        "summer": ["{b}前广场舞音乐太响，一直跳到晚上十点", "{b}空调外机噪音大，晚上睡不着", "{b}楼下夜宵摊吵到凌晨"],
        "festival": ["半夜在{b}楼下放鞭炮，吵得睡不着", "{b}附近连续几晚燃放烟花"],
    },
    "ORDER-DISPUTE": {
        "any": ["{b}楼上楼下因噪音起纠纷", "{b}邻居在公共区域装摄像头对着别人家门", "{b}两户为停车位吵架"],
        "summer": ["{b}{f}楼楼上漏水到楼下，两家谈不拢", "{b}邻居空调冷凝水滴到楼下阳台"],
    },
    "ORDER": {
        "any": ["{b}疑似群租，进出人员多", "{b}有人在小区里摆摊卖东西"],
        "festival": ["{b}楼下有人违规燃放烟花爆竹", "小区里有人在绿地上放烟花，烧着了草坪", "{b}门口鞭炮纸屑堆积，还有没燃尽的烟花"],
        "winter": ["{b}有老人用炭火取暖，担心一氧化碳中毒"],
    },
    "CONSULT": {
        "any": ["想咨询加装电梯需要哪些手续", "请问老年人助餐点在哪里", "咨询居住证办理需要的材料", "建议小区增设非机动车充电桩", "建议在{b}旁增加休息座椅", "咨询高龄津贴怎么申请"],
        "winter": ["咨询冬季独居老人关爱服务", "建议给{b}楼道加装扶手"],
    },
}

ACCEPT_NOTES = ["已立案", "情况属实，予以立案", "经初步核实，立案处理"]
REJECT_REASONS = [
    "经现场核实，情况不属实",
    "反映事项不属于本街道职责范围，已告知向区相关部门反映",
    "问题已由居民自行解决，不予立案",
    "信息不全，多次联系无法核实",
]
START_NOTES = ["已接单，安排人员前往处理", "已到达现场", "已联系相关人员，正在处理"]
DONE_NOTES = {
    "ENV-CLUTTER": "楼道杂物已清理，已告知居民不得再堆放",
    "ENV-WASTE": "已清运完毕并冲洗地面",
    "ENV-THROW": "已上门排查并进行文明宣传教育",
    "ENV": "已安排消杀和绿化养护",
    "TRAFFIC-PARK": "已联系车主挪车，并张贴提示",
    "TRAFFIC": "已转交交通部门处理完毕",
    "FAC-LIFT": "维保单位已到场维修，电梯恢复运行",
    "FAC-DAMAGE": "已维修完毕",
    "FAC": "已更换维修",
    "ORDER-NOISE": "已上门劝导，噪声已停止",
    "ORDER-DISPUTE": "经调解双方达成一致",
    "ORDER": "已现场劝阻并宣传相关规定",
    "CONSULT": "已电话答复，居民表示清楚",
}
VERIFY_PASS_NOTES = ["现场核查，问题已解决", "经核查已整改到位", "回访确认已处理"]
VERIFY_FAIL_NOTES = ["核查发现仍未整改到位，退回继续处置", "现场查看问题依旧存在，请继续处理"]
SUPERVISE_NOTES = ["该案件已超期，请加快处置", "居民多次反映，请尽快处理并反馈", "请于今日内处理完毕"]
REOPEN_NOTES = ["居民反映问题复发，重新处理", "回访时居民表示问题未解决，重新派遣", "同一问题再次出现，重新打开"]
MERGE_NOTE = "与案件 {number} 为同一问题，合并办理"
RATE_NOTES = {"satisfied": ["满意，处理及时", "很满意，谢谢", "满意"], "basic": ["基本满意，希望再快一点", "基本满意"], "unsatisfied": ["不满意，拖得太久", "不满意，问题没彻底解决"]}
CALLBACK = "电话回访："
