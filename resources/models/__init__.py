"""三大资源库 (S2.1-S2.4): talents, shared spaces, charity enterprises and their projects, needs,
matching (精准对接) and the resource-sharing map."""

from ..workflow import MatchState, NeedState, TalentState
from .matching import Match, MatchRound, MatchTransition, Resource, ServiceRecord
from .needs import Need, NeedSource, NeedTransition
from .organisations import Organisation, OrganisationKind, Project
from .spaces import SharedSpace
from .talents import SkillLevel, Talent, TalentSkill, TalentSource, TalentTransition
from .taxonomy import ResourceKind, ResourceType

__all__ = [
    "Match",
    "MatchRound",
    "MatchState",
    "MatchTransition",
    "Need",
    "NeedSource",
    "NeedState",
    "NeedTransition",
    "Organisation",
    "OrganisationKind",
    "Project",
    "Resource",
    "ResourceKind",
    "ResourceType",
    "ServiceRecord",
    "SharedSpace",
    "SkillLevel",
    "Talent",
    "TalentSkill",
    "TalentSource",
    "TalentState",
    "TalentTransition",
]
