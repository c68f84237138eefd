"""Names for generated data: places from a fixed list, people from Faker's zh_CN provider.

Faker is sampled once into pools (seeded, so the pools are the same every run); picking from
the pools with a seeded `random.Random` is fast enough for a million residents.
"""

from dataclasses import dataclass
from functools import lru_cache
from random import Random

from faker import Faker

AREA_NAMES = ["第一片区", "第二片区", "第三片区", "第四片区", "第五片区", "第六片区"]

# Plausible Songjiang neighbourhood names; each becomes "<name>居民区".
DISTRICT_NAMES = [
    "白云", "蓝天", "中山苑", "新凯", "荣乐", "江中", "北门", "西林", "谷阳", "菜花泾", "茸城",
    "五龙", "松乐", "荣都", "玉树", "华亭", "乐都", "茸北", "通波", "长溪", "景港", "民乐",
]

# Shanghai region codes weighted towards Songjiang; other provinces for people who moved here.
SONGJIANG = "310117"
SHANGHAI_REGIONS = ["310101", "310104", "310105", "310106", "310107", "310109", "310110", "310112", "310113", "310115", "310116", "310118"]
OTHER_REGIONS = [
    "320583", "320506", "330402", "330421", "340102", "342201", "341202", "410105", "412702", "420106",
    "430105", "360102", "362201", "510104", "500101", "370102", "130102", "230103", "450103", "350102",
]

# Faker's zh_CN lists are short (57 and 74 given names); these common ones are mixed in.
EXTRA_MALE = [
    "少峰", "世锋", "胜飞", "水发", "顺福", "国强", "志明", "建明", "海涛", "文杰", "晓东", "俊杰", "子豪", "宇轩", "浩然",
    "天佑", "振华", "国庆", "卫东", "永刚", "德明", "金龙", "立新", "春生", "家豪", "一鸣", "思远", "嘉诚", "明轩", "新民",
]
EXTRA_FEMALE = [
    "淑芬", "素芬", "淑芳", "淑凤", "秀芬", "美玲", "佳怡", "欣怡", "雨涵", "诗涵", "梓涵", "晓燕", "慧敏", "丽萍", "美华",
    "素珍", "月英", "玉霞", "晓红", "静怡", "思琪", "子涵", "雅婷", "梦瑶", "翠英", "亚萍", "凤珍", "琳琳", "晓丽", "春燕",
]
EXTRA_SHARE = 0.15

DISTRICT_DUTIES = "居民自治、社区服务、矛盾调解、社区安全、协助政府开展公共服务"
GRID_DUTIES = "网格巡查、信息采集、问题发现与上报、矛盾纠纷化解、服务居民"
AREA_DUTIES = "统筹片区内各居民区的服务、管理与资源协调"


@dataclass(frozen=True)
class NamePools:
    surnames: tuple[str, ...]
    male: tuple[str, ...]
    female: tuple[str, ...]

    def given(self, rng: Random, male: bool) -> str:
        return rng.choice(self.male if male else self.female)

    def person(self, rng: Random, male: bool, surname: str | None = None) -> str:
        return (surname or rng.choice(self.surnames)) + self.given(rng, male)


@lru_cache(maxsize=2)
def name_pools(seed: int = 2021) -> NamePools:
    fake = Faker("zh_CN")
    fake.seed_instance(seed)
    rng = Random(seed)

    def given(faker_name, extra):
        return tuple(rng.choice(extra) if rng.random() < EXTRA_SHARE else faker_name() for _ in range(2000))

    return NamePools(
        surnames=tuple(fake.last_name() for _ in range(4000)),
        male=given(fake.first_name_male, EXTRA_MALE),
        female=given(fake.first_name_female, EXTRA_FEMALE),
    )
