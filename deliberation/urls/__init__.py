from deliberation.urls import actions, matters, summons

app_name = "deliberation"
urlpatterns = actions.urlpatterns + matters.urlpatterns + summons.urlpatterns
