"""三大资源库 (S2.1-S2.4): talents, shared spaces, charity enterprises and their projects, needs,
matching (精准对接) and the resource-sharing map."""

from resources.models.matching import Match, MatchRound, MatchTransition, Resource, ServiceRecord
from resources.models.needs import Need, NeedSource, NeedTransition
from resources.models.organisations import Organisation, OrganisationKind, Project
from resources.models.spaces import SharedSpace
from resources.models.talents import SkillLevel, Talent, TalentSkill, TalentSource, TalentTransition
from resources.models.taxonomy import ResourceKind, ResourceType
from resources.workflow import MatchState, NeedState, TalentState

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
