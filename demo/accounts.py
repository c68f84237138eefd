"""Demo accounts: one per role of `accounts.roles.ROLES`, every password `jiayuan2021`.

The password is set directly: it is deliberately weaker than the validators allow, for a demo.
"""

from dataclasses import dataclass

from accounts.models import RoleAssignment, User
from accounts.services import role_assign
from org.models import Responsible, Unit
from people.models import Resident

DEMO_PASSWORD = "jiayuan2021"  # noqa: S105 (a published demo password)


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    at: str  # "S" subdistrict, "A1" first 片区, "D1" first 居民区, "G1" its first grid, "H" 张三丰's house
    display_name: str
    responsible: str = ""  # take the name of this Responsible of the unit and link the account to it


DEMO_USERS = [
    DemoUser("admin", "subdistrict_admin", "S", "街道管理员 王敏"),
    DemoUser("area1", "area_manager", "A1", "片区管委会", "片区管委会主任"),
    DemoUser("secretary", "committee_secretary", "D1", "居委会书记", "居委会书记"),
    DemoUser("socialworker", "social_worker", "D1", "社工 刘洋"),
    DemoUser("gridworker", "grid_worker", "G1", "网格长", "网格长"),
    DemoUser("owners", "owners_committee", "D1", "业委会主任 周建国"),
    DemoUser("property", "property_company", "D1", "物业经理 吴磊"),
    DemoUser("police", "police", "D1", "社区民警 孙伟"),
    DemoUser("cobuild", "co_building_unit", "S", "共建单位 松江区税务局 郑华"),
    DemoUser("charity", "charity", "S", "公益企业 马丽"),
    DemoUser("socialorg", "social_org", "D1", "社会组织 林芳"),
    DemoUser("volunteer", "volunteer", "D1", "志愿者 何晓东"),
    DemoUser("talent", "talent", "D1", "社区达人 高雅"),
    DemoUser("representative", "representative", "D1", "居民代表 罗建华"),
    DemoUser("expert", "expert", "S", "评审专家 宋志明"),
    DemoUser("resident", "resident", "H", "居民 张三丰"),
    DemoUser("sysadmin", "sysadmin", "S", "系统管理员 郑磊"),
    DemoUser("secadmin", "security_admin", "S", "安全管理员 冯雪"),
    DemoUser("auditor", "auditor", "S", "审计员 何静"),
]


def demo_units(subdistrict_code: str) -> dict[str, Unit]:
    units = {
        "S": Unit.objects.get(code=subdistrict_code),
        "A1": Unit.objects.get(code=f"{subdistrict_code}-A1"),
        "D1": Unit.objects.get(code=f"{subdistrict_code}-D01"),
        "G1": Unit.objects.get(code=f"{subdistrict_code}-D01-G1"),
    }
    units["zsf"] = Resident.objects.filter(name="张三丰", unit_path__startswith=units["G1"].path).order_by("id").first()
    units["H"] = units["zsf"].house
    return units


def ensure_demo_users(subdistrict_code: str) -> int:
    """Create the missing demo accounts and role grants; return how many accounts were created."""
    units, created = demo_units(subdistrict_code), 0
    for du in DEMO_USERS:
        unit = units[du.at]
        user = User.objects.filter(username=du.username).first()
        if user is None:
            staff = Responsible.objects.filter(unit=unit, title=du.responsible).order_by("id").first() if du.responsible else None
            display = f"{du.display_name} {staff.name}" if staff else du.display_name
            user = User(username=du.username, display_name=display, is_staff=du.username == "admin")
            user.set_password(DEMO_PASSWORD)
            user.save()
            created += 1
            if staff:
                Responsible.objects.filter(pk=staff.pk).update(user=user)
        if not RoleAssignment.objects.filter(user=user, role=du.role, unit=unit).exists():
            role_assign(user=user, role=du.role, unit=unit)
        if du.at == "H" and units["zsf"].user_id is None:
            Resident.objects.filter(pk=units["zsf"].pk).update(user=user)
    return created
