"""Pages: bodies, members, meetings, sign-in, my meetings."""

from django.urls import path

from meetings.views import bodies, meetings

urlpatterns = [
    path("", meetings.MeetingListView.as_view(), name="meeting-list"),
    path("mine/", meetings.MyMeetingsView.as_view(), name="my-meetings"),
    path("kinds/", bodies.KindListView.as_view(), name="kind-list"),
    path("bodies/", bodies.BodyListView.as_view(), name="body-list"),
    path("bodies/new/", bodies.BodyCreateView.as_view(), name="body-create"),
    path("bodies/<id:pk>/", bodies.BodyDetailView.as_view(), name="body-detail"),
    path("bodies/<id:pk>/edit/", bodies.BodyEditView.as_view(), name="body-edit"),
    path("bodies/<id:pk>/members/add/", bodies.MemberAddView.as_view(), name="member-add"),
    path("bodies/<id:pk>/do/<slug:action>/", bodies.BodyStepView.as_view(), name="body-step"),
    path("bodies/<id:pk>/schedule/", meetings.MeetingScheduleView.as_view(), name="meeting-schedule"),
    path("<id:pk>/", meetings.MeetingDetailView.as_view(), name="meeting-detail"),
    path("<id:pk>/live/", meetings.MeetingLiveView.as_view(), name="meeting-live"),
    path("<id:pk>/step/<slug:action>/", meetings.MeetingStepView.as_view(), name="meeting-step"),
    path("<id:pk>/reschedule/", meetings.MeetingRescheduleView.as_view(), name="meeting-reschedule"),
    path("<id:pk>/tick/", meetings.MeetingTickView.as_view(), name="meeting-tick"),
    path("<id:pk>/invite.ics", meetings.MeetingIcsView.as_view(), name="meeting-ics"),
    path("<id:pk>/door/", meetings.MeetingDoorView.as_view(), name="meeting-door"),
    path("sign-in/<str:token>/", meetings.SignInView.as_view(), name="meeting-sign-in"),
]
