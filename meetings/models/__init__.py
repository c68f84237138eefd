from meetings.models.bodies import Body, BodyKind, MajorityBase, MemberRole, Membership, Seat, SeatGroup, SeatTemplate  # noqa: F401
from meetings.models.meetings import (  # noqa: F401
    AgendaItem,
    Attachment,
    Attendance,
    Decision,
    DecisionMode,
    DecisionTransition,
    ItemSource,
    MajorMatter,
    Meeting,
    MeetingTransition,
    Minutes,
    MinutesTransition,
    SignInMethod,
    Vote,
    VoteChoice,
)
