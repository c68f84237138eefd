from meetings.tests.builders.bodies import *  # noqa: F403
from meetings.tests.builders.decisions import *  # noqa: F403
