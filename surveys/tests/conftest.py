import pytest

from core.testing import make_user
from people.models import Resident
from surveys.services import survey_open
from surveys.tests.builders import make_survey


@pytest.fixture
def residents(tree, personas, people):
    """The `resident` persona is 张三丰 (H1, D1); 王芳 (H1) and 李四 (H2, D2) have accounts too."""
    Resident.objects.filter(pk=people["zsf"].pk).update(user=personas["resident"])
    wang, li = make_user("wangfang", display_name="王芳"), make_user("lisi", display_name="李四")
    Resident.objects.filter(pk=people["wife"].pk).update(user=wang)
    Resident.objects.filter(pk=people["lisi"].pk).update(user=li)
    return {"zsf": personas["resident"], "wang": wang, "li": li}


@pytest.fixture
def draft(tree, personas):
    """A draft survey on D1 by its secretary, one question of each kind."""
    return make_survey(tree.D1, by=personas["secretary"])


@pytest.fixture
def opened(draft, residents, personas):
    return survey_open(survey=draft, by=personas["secretary"])


def qids(survey) -> dict:
    """{kind: question id}."""
    return {q.kind: q.pk for q in survey.questions.all()}


def good_answers(survey, *, single=0, multiple=(0, 2), scale=4, text="希望晚上多开展活动") -> dict:
    q = qids(survey)
    return {q["single"]: single, q["multiple"]: list(multiple), q["scale"]: scale, q["text"]: text}
