"""The subdistricts the commands generate."""

from demo.plan import KnownPerson, SubdistrictSpec

ZHONGSHAN = "310117-ZS"
YUEYANG = "310117-YY"
SCALE_PREFIX = "SCALE"
RESIDENTS_PER_HOUSEHOLD = 2.5
# The README's first steps search for 张三丰 ("zsf") and show his masked ID number 1****************X.
ZHANG_SANFENG = KnownPerson("张三丰", "11010519491231002X", "13812341234")
SCALE_ID_SLOTS = 25  # benchmark subdistricts 1-25 draw ID numbers from disjoint sets (parallel workers)


def zhongshan(districts: int = 22, households: int = 20_000, seed: int = 2021) -> SubdistrictSpec:
    """中山街道: 4 片区, 22 居民区, about 100 网格, 600 楼栋, 20,000 households, 50,000 residents."""
    return SubdistrictSpec(ZHONGSHAN, "中山街道", (31.03, 121.23), districts=districts, households=households, first_head=ZHANG_SANFENG, seed=seed)


def yueyang(households: int = 200, seed: int = 2021) -> SubdistrictSpec:
    """岳阳街道: a small second subdistrict, to show a district-wide installation."""
    return SubdistrictSpec(YUEYANG, "岳阳街道", (31.008, 121.235), areas=1, districts=1, households=households, grids_per_district=2,
                           district_names=("醉白池",), seed=seed)


def scale(k: int, residents: int = 50_000, districts: int = 22, seed: int = 2021) -> SubdistrictSpec:
    """The k-th (from 1) benchmark subdistrict, placed on its own patch of the map."""
    row, col = divmod(k - 1, 5)
    households = max(1, round(residents / RESIDENTS_PER_HOUSEHOLD))
    return SubdistrictSpec(f"{SCALE_PREFIX}-{k:02d}", f"规模{k:02d}街道", (31.10 + 0.04 * row, 121.14 + 0.045 * col),
                           districts=districts, households=households, residents=residents, seed=seed, id_slot=k % SCALE_ID_SLOTS, id_slots=SCALE_ID_SLOTS)
