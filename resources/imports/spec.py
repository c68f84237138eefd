"""The workbook formats of the three resource libraries (S2.1-S2.3): 社区达人, 共享空间, and 共建单位与企业
with their 公益服务项目 (two kinds, two sheets: a project row names its organisation by name or credit code).

Importing needs `resources.change_resource` where the rows go (a social worker may import without the
general import right); exporting (/resources/export/) needs `resources.view_resource`. The exports
write exactly these columns, so an exported file imports again.
"""

from functools import partial

from django.utils.translation import gettext_lazy as _

from accounts.roles import CHANGE_RESOURCE, VIEW_RESOURCE
from imports.columns import Column, Kind
from resources.models import ResourceType


def type_names(kind: str) -> list[str]:
    """The allowed values of a types column: the names of the active types of one ResourceKind."""
    return list(ResourceType.objects.filter(kind=kind, is_active=True).values_list("name", flat=True))


TALENTS, SPACES, ORGANISATIONS, PROJECTS = "talents", "spaces", "organisations", "projects"
RESOURCE_KINDS = (TALENTS, SPACES, ORGANISATIONS, PROJECTS)

LEVELS = (("爱好者", 1), ("熟练", 2), ("专业", 3), ("名家", 4))  # resources.models.SkillLevel
YES_NO = (("是", True), ("否", False))
ORG_KINDS = (("共建单位", "co_building"), ("公益慈善企业", "enterprise"), ("社会组织", "social_org"))  # OrganisationKind

LIST_NOTE = "可填多个，用“、”或“,”分隔。"
TIMES_NOTE = "每周的时间，如“周一 14:00-17:00；周三 09:00-11:30”，也可写“周一至周五 14:00-17:00”“每天 9:00-11:00”“工作日”“周末”。"
DISTRICTS_NOTE = "居民区的名称或编码，" + LIST_NOTE + "不填表示服务全部居民区。"
ORG_NOTE = "单位名称或统一社会信用代码，单位须已在平台中。"

RESOURCE_SPECS = {
    TALENTS: Kind(
        key=TALENTS,
        label=_("Community talents"),
        sheet="社区达人",
        columns=(
            Column("name", "姓名", True, 50, width=12),
            Column("mobile", "手机号", False, 20, check="mobile", width=14, note="11位手机号（可带 +86），平台加密保存、对外只显示部分号码；同一手机号只能登记一位达人。"),
            Column("district", "居民区", True, 40, width=16, note="达人居住的居民区的名称或编码（也可填网格、楼栋编码），须在您负责的范围内。"),
            Column("skills", "技能类型", True, 200, width=24, options=partial(type_names, "talent"), note=LIST_NOTE + "某项技能的等级与“等级”列不同时，可写成“书画（名家）”。"),
            Column("level", "等级", False, choices=LEVELS, width=10, note="不填时按“熟练”；用于本行未单独注明等级的技能。"),
            Column("availability", "可服务时间", False, 200, width=32, note=TIMES_NOTE + "不填表示时间可商议。"),
            Column("reach_m", "服务范围（米）", False, check="int", width=14, note="愿意前往服务的最远距离，不填按 3000 米。"),
            Column("group_size", "每次服务人数", False, check="int", width=12, note="一次最多可服务多少人，不填按 20 人。"),
            Column("sessions", "每期服务次数", False, check="int", width=12, note="一个对接周期内最多可服务几次，不填按 2 次。"),
            Column(
                "consent",
                "同意公开展示",
                False,
                choices=YES_NO,
                width=12,
                note="本人同意后填“是”，其姓名和技能才会出现在居民可见的达人名录中（手机号不公开）；不填按“否”。",
            ),
            Column("bio", "简介", False, 500, width=32),
        ),
        example=(
            "钱书法",
            "13800138000",
            "白云居民区",
            "书画、手工（熟练）",
            "专业",
            "周一 14:00-17:00；周三 09:00-11:30",
            3000,
            20,
            2,
            "是",
            "退休教师，擅长楷书。",
        ),
        import_perms=(CHANGE_RESOURCE,),
        view_perm=VIEW_RESOURCE,
        intro=("导入的达人直接进入达人库（状态为“已入库”，来源为“Excel导入”），请只导入已经核实的名单。",),
    ),
    SPACES: Kind(
        key=SPACES,
        label=_("Shared spaces"),
        sheet="共享空间",
        columns=(
            Column("name", "空间名称", True, 100, width=20),
            Column("district", "居民区", True, 40, width=16, note="空间所在居民区的名称或编码，须在您负责的范围内；同一居民区内空间名称不能重复。"),
            Column("types", "空间类型", True, 100, width=20, options=partial(type_names, "space"), note=LIST_NOTE),
            Column("organisation", "提供单位", False, 100, width=24, note=ORG_NOTE + "居民区自己提供的空间不填。"),
            Column("address", "地址", False, 200, width=28),
            Column("capacity", "容纳人数", True, check="int", width=10),
            Column("area_m2", "面积（㎡）", False, check="int", width=10, note="整数，可不填。"),
            Column("equipment", "设施设备", False, 300, width=24, note="如“投影仪、音响、桌椅”。"),
            Column("opening_hours", "开放时间", False, 200, width=32, note=TIMES_NOTE + "居民按开放时间预约；不填则暂不开放预约。"),
            Column("rules", "使用规则", False, 1000, width=28),
            Column("fee", "使用费（元/次）", False, check="money", width=12, note="不填按 0（免费）。"),
            Column("uses", "每期可提供次数", False, check="int", width=12, note="一个对接周期内可提供给对接需求的次数，不填按 8 次。"),
            Column("active", "是否开放", False, choices=YES_NO, width=10, note="不填按“是”。"),
            Column("description", "简介", False, 1000, width=28),
        ),
        example=(
            "税务局二楼会议室",
            "白云居民区",
            "会议培训",
            "区税务局",
            "中山路1号",
            30,
            60,
            "投影仪、音响",
            "周一至周五 14:00-17:00",
            "请提前一天预约，用后恢复桌椅。",
            0,
            8,
            "是",
            "可开会、办讲座。",
        ),
        import_perms=(CHANGE_RESOURCE,),
        view_perm=VIEW_RESOURCE,
        intro=("提供单位须先在“共建单位与企业”中登记（可先导入那张表）。",),
    ),
    ORGANISATIONS: Kind(
        key=ORGANISATIONS,
        label=_("Co-building units and enterprises"),
        sheet="共建单位与企业",
        columns=(
            Column("name", "单位名称", True, 100, width=28, note="全平台唯一。"),
            Column("kind", "单位类型", True, choices=ORG_KINDS, width=14),
            Column("credit_code", "统一社会信用代码", False, 18, width=22, note="18位，系统会核对校验位；公益慈善企业必填，全平台唯一。"),
            Column("unit", "所属单位", True, 40, width=16, note="单位挂靠的居民区、片区或街道的名称或编码，须在您负责的范围内。"),
            Column("districts", "服务居民区", False, 500, width=24, note=DISTRICTS_NOTE),
            Column("address", "地址", False, 200, width=28),
            Column("contact_name", "联系人", False, 50, width=12),
            Column("contact_phone", "联系电话", False, 20, width=16, note="办公电话或手机号。"),
            Column("active", "是否在用", False, choices=YES_NO, width=10, note="不填按“是”。"),
            Column("description", "简介", False, 1000, width=28),
        ),
        example=(
            "松江公益科技有限公司",
            "公益慈善企业",
            "91110000600037341L",
            "中山街道",
            "白云居民区、蓝天居民区",
            "中山路88号",
            "王经理",
            "021-57000000",
            "是",
            "长期资助社区为老服务。",
        ),
        import_perms=(CHANGE_RESOURCE,),
        view_perm=VIEW_RESOURCE,
        intro=("单位的公益服务项目请在“公益服务项目”表中填写，并先导入本表。",),
    ),
    PROJECTS: Kind(
        key=PROJECTS,
        label=_("Charity projects"),
        sheet="公益服务项目",
        columns=(
            Column("organisation", "所属单位", True, 100, width=24, note=ORG_NOTE + "可先导入“共建单位与企业”表。"),
            Column("name", "项目名称", True, 100, width=24, note="同一单位的项目名称不能重复。"),
            Column("types", "服务领域", True, 100, width=20, options=partial(type_names, "project"), note=LIST_NOTE),
            Column("content", "服务内容", False, 1000, width=32),
            Column("capacity", "每次服务人数", False, check="int", width=12, note="不填按 30 人。"),
            Column("deliveries", "每期可提供次数", False, check="int", width=12, note="一个对接周期内可提供几次，不填按 4 次。"),
            Column("budget", "项目预算（元）", False, check="money", width=14, note="不填按 0。"),
            Column("cost", "收费（元/次）", False, check="money", width=12, note="需求方每次需付的费用，不填按 0（免费）。"),
            Column("starts_on", "开始日期", False, check="date", width=12, note="如 2025-03-01，可不填。"),
            Column("ends_on", "结束日期", False, check="date", width=12, note="不能早于开始日期，可不填。"),
            Column("districts", "服务居民区", False, 500, width=24, note=DISTRICTS_NOTE.replace("全部居民区", "单位服务的全部居民区")),
            Column("availability", "可服务时间", False, 200, width=32, note=TIMES_NOTE + "不填表示时间可商议。"),
            Column("active", "是否在用", False, choices=YES_NO, width=10, note="不填按“是”。"),
        ),
        example=(
            "松江公益科技有限公司",
            "银龄健康讲座",
            "为老服务、健康义诊",
            "每月一次健康讲座和义诊",
            40,
            4,
            20000,
            0,
            "2025-01-01",
            "2025-12-31",
            "白云居民区",
            "周六 09:00-11:30",
            "是",
        ),
        import_perms=(CHANGE_RESOURCE,),
        view_perm=VIEW_RESOURCE,
    ),
}
