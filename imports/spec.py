"""The workbook formats: one sheet of columns per kind of data, with Chinese headers.

The headers, the allowed values and the instructions are the file format agreed with the
subdistrict's desk staff (like a paper form), so they are fixed Chinese text rather than
translated interface strings. The importer, the template builder and the exporter all read
their columns from here.
"""

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_HOUSEHOLD, CHANGE_RESIDENT, CHANGE_UNIT, IMPORT_DATA, VIEW_HOUSEHOLD, VIEW_RESIDENT, VIEW_UNIT
from imports.columns import Column, Kind
from org.models import AreaSource, UnitKind
from people.models import Relation, Tenure

UNITS, BUILDINGS, HOUSEHOLDS, RESIDENTS = "units", "buildings", "households", "residents"
RESPONSIBLES = "responsibles"  # 人员清
MAX_UPLOAD_MB = 5
MAX_ROWS = 50_000
UNIT_KINDS = (UNITS, BUILDINGS, RESPONSIBLES, HOUSEHOLDS, RESIDENTS)  # exported from the import page, under a chosen unit
KINDS = list(UNIT_KINDS)  # and the kinds other apps contribute through their `imports` module (imports.apps)

UNIT_TYPES = (("片区", UnitKind.AREA.value), ("居民区", UnitKind.DISTRICT.value), ("网格", UnitKind.GRID.value))
RELATIONS = (
    ("户主", Relation.HEAD.value),
    ("配偶", Relation.SPOUSE.value),
    ("子女", Relation.CHILD.value),
    ("父母", Relation.PARENT.value),
    ("孙子女", Relation.GRANDCHILD.value),
    ("租户", Relation.TENANT.value),
    ("其他", Relation.OTHER.value),
)
TENURES = (("自住", Tenure.OWNER.value), ("租住", Tenure.RENTED.value), ("其他", Tenure.OTHER.value))
AREA_SOURCES = (("不动产登记", AreaSource.REGISTRY.value), ("测绘", AreaSource.SURVEY.value), ("购房合同", AreaSource.CONTRACT.value))
KIND_NAMES = {UnitKind.SUBDISTRICT.value: "街道", UnitKind.AREA.value: "片区", UnitKind.DISTRICT.value: "居民区", UnitKind.GRID.value: "网格",
              UnitKind.BUILDING.value: "楼栋", UnitKind.HOUSE.value: "房屋"}


GENERAL = (
    "1. 请在第一个工作表（数据表）中填写，第1行是列名，请不要修改、删除或调换列名。",
    "2. 第2行灰色字体是示例，原样保留时不会被导入；也可以删除或直接改写为真实数据。",
    "3. 标 * 的列必须填写；有下拉箭头的列请从下拉列表中选择。",
    "4. 编码、身份证号、手机号等列已设为文本格式，请勿改为数字格式，以免丢失位数。",
    "5. 导入前系统会检查整个文件：只要有一行有问题，整个文件都不会导入，并列出每个问题所在的行和列；改正后重新上传即可。",
    f"6. 只能导入到您负责的单位下面；一个文件最多 {MAX_ROWS:,} 行，大小不超过 {MAX_UPLOAD_MB} MB。",
)

SPECS = {
    UNITS: Kind(
        key=UNITS,
        label=_("Units (areas, residential districts, grids)"),
        sheet="单位",
        columns=(
            Column("parent_code", "上级单位编码", True, 40, note="已有单位的编码（如街道、片区、居民区），或本表上方某一行新建单位的编码。"),
            Column("kind", "单位类型", True, choices=UNIT_TYPES, width=12, note="片区建在街道下，居民区建在片区下，网格建在居民区下。"),
            Column("code", "单位编码", True, 40, note="全平台唯一，不能与已有单位重复。"),
            Column("name", "单位名称", True, 100, width=24),
            Column("address", "地址", False, 200, width=32),
            Column("contact_phone", "联系电话", False, 40),
        ),
        example=("ZS", "片区", "ZS-P01", "第一片区", "中山街道中山中路1号", "021-57000000"),
        import_perms=(IMPORT_DATA,),
        view_perm=VIEW_UNIT,
        intro=("上级单位必须写在下级单位的上方，例如先写片区，再写它下面的居民区和网格。",),
    ),
    BUILDINGS: Kind(
        key=BUILDINGS,
        label=_("Buildings"),
        sheet="楼栋",
        columns=(
            Column("grid_code", "所属网格编码", True, 40, note="楼栋所在网格的编码，网格须已在平台中。"),
            Column("code", "楼栋编码", True, 40, note="全平台唯一，不能与已有单位重复。"),
            Column("name", "楼栋名称", True, 100, width=20),
            Column("address", "地址", False, 200, width=32),
        ),
        example=("ZS-P01-J01-W01", "ZS-P01-J01-W01-01", "1号楼", "中山街道白云小区1号楼"),
        import_perms=(IMPORT_DATA,),
        view_perm=VIEW_UNIT,
    ),
    RESPONSIBLES: Kind(
        key=RESPONSIBLES,
        label=_("Responsible persons"),
        sheet="责任人",
        columns=(
            Column("unit_code", "单位编码", True, 40, note="责任人所在单位（街道、片区、居民区或网格）的编码，单位须已在平台中。"),
            Column("name", "姓名", True, 50, width=12),
            Column("title", "职务", True, 50, width=14, note="如 网格长、专职网格员、居委会书记。同一单位已有同名同职务的责任人时，更新其职责、电话和账号。"),
            Column("duty", "职责", False, 200, width=36),
            Column("phone", "工作电话", False, 40, width=16),
            Column("username", "平台账号", False, 150, width=16, note="责任人在平台的用户名，可不填；该账号须在本单位或其上级、下级单位担任角色。"),
        ),
        example=("ZS-P01-J01-W01", "王伟", "网格长", "负责网格巡查、信息采集、问题发现与上报", "021-57000001", "wangwei"),
        import_perms=(IMPORT_DATA, CHANGE_UNIT),
        view_perm=VIEW_UNIT,
    ),
    HOUSEHOLDS: Kind(
        key=HOUSEHOLDS,
        label=_("Households and houses"),
        sheet="户",
        columns=(
            Column("building_code", "楼栋编码", True, 40, note="房屋所在楼栋的编码，楼栋须已在平台中。"),
            Column("room", "房间号", True, 30, width=12, note="如 101室。该楼栋没有这个房间时会新建房屋，房屋编码为“楼栋编码-房间号”。"),
            Column("area", "专有部分面积（㎡）", False, check="area", width=18, note="新建房屋时必填，大于0，最多两位小数；房屋已存在时可不填。"),
            Column("area_source", "面积来源", False, choices=AREA_SOURCES, width=14, note="不填时按“不动产登记”。"),
            Column("number", "户号", True, 40, note="全平台唯一。"),
            Column("tenure", "居住类型", False, choices=TENURES, width=12, note="不填时按“自住”。"),
        ),
        example=("ZS-P01-J01-W01-01", "101室", 89.5, "不动产登记", "HH-000001", "自住"),
        import_perms=(IMPORT_DATA, CHANGE_HOUSEHOLD),
        view_perm=VIEW_HOUSEHOLD,
        intro=("同一房屋可以有多户（例如分租），每户一行，面积请填写一致。",),
    ),
    RESIDENTS: Kind(
        key=RESIDENTS,
        label=_("Residents"),
        sheet="居民",
        columns=(
            Column("household_number", "户号", True, 40, note="居民所在户的户号，户须已在平台中。"),
            Column("name", "姓名", True, 50, width=12),
            Column("id_number", "身份证号", True, 18, check="id", width=22, note="18位居民身份证号码，末位可以是 X；系统会核对出生日期和校验位。"),
            Column("mobile", "手机号", False, 20, check="mobile", width=14, note="11位手机号（可带 +86、空格或短横线，平台统一保存为11位），可不填。"),
            Column("relation", "与户主关系", True, choices=RELATIONS, width=12),
        ),
        example=("HH-000001", "张三", "11010519491231002X", "13800138000", "户主"),
        import_perms=(IMPORT_DATA, CHANGE_RESIDENT),
        view_perm=VIEW_RESIDENT,
        intro=("身份证号不能与平台中已登记的居民或本文件中的其他行重复。",),
    ),
}
