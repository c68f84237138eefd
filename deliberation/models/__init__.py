from deliberation.models.actions import Action, ActionOrigin, ActionTransition  # noqa: F401
from deliberation.models.matters import FundsThreshold, Matter, MatterTransition, Spending, SpendingTransition  # noqa: F401
from deliberation.models.summons import Summons, SummonsTransition  # noqa: F401
