from meetings.urls import bodies, decisions

app_name = "meetings"
urlpatterns = bodies.urlpatterns + decisions.urlpatterns
