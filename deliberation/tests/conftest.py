from deliberation.tests.builders.actions import *  # noqa: F403
from deliberation.tests.builders.matters import *  # noqa: F403
from deliberation.tests.builders.summons import *  # noqa: F403
from meetings.tests.builders.bodies import *  # noqa: F403
from meetings.tests.builders.decisions import *  # noqa: F403
