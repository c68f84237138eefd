from evaluation.tests.builders import *  # noqa: F403
