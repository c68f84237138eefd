import pytest

from cases.models import CaseCategory, HandlerKind, TimeUnit
from cases.services import case_report
from org.models import Unit

# G1 keeps the shared tree's square; G2 gets the square east of it, so the two grids share an edge.
EAST_SQUARE = {"type": "Polygon", "coordinates": [[[121.23, 31.02], [121.24, 31.02], [121.24, 31.03], [121.23, 31.03], [121.23, 31.02]]]}
IN_G1 = {"lat": "31.025000", "lng": "121.225000"}
IN_G2 = {"lat": "31.025000", "lng": "121.235000"}


@pytest.fixture
def grids(tree):
    Unit.objects.filter(pk=tree.G2.pk).update(boundary=EAST_SQUARE)
    tree.G2.refresh_from_db()
    return tree


@pytest.fixture
def categories(db):
    env = CaseCategory.objects.create(code="ENV", name="市容环境", handler_kind=HandlerKind.COMMITTEE)
    return {
        "env": env,
        "clutter": CaseCategory.objects.create(code="ENV-01", name="楼道堆物", parent=env, handler_kind=HandlerKind.PROPERTY, time_limit=5),
        "lift": CaseCategory.objects.create(
            code="FAC-01", name="电梯故障", handler_kind=HandlerKind.PROPERTY, time_limit=4, time_unit=TimeUnit.WORKING_HOURS
        ),
    }


@pytest.fixture
def reported(grids, personas, categories):
    """楼道堆物 reported by the resident with a pin in G1."""
    return case_report(category=categories["clutter"], description="3楼楼道堆满纸箱", reporter=personas["resident"], address="1号楼3楼", **IN_G1)
