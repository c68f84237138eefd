"""/resources/: the three libraries (S2.1-S2.3), needs and matching (精准对接), rounds, the
resource-sharing map and graph (S2.4), Excel export."""

from django.urls import include, path

app_name = "resources"

urlpatterns = [
    path("talents/", include("resources.urls.talents")),  # 社区达人: library, applications and review, public listing
    path("", include("resources.urls.spaces")),  # spaces/, organisations/, projects/: 共享空间, 共建单位 and 公益慈善企业
    path("needs/", include("resources.urls.needs")),  # needs, ranked suggestions, matches, agreements, service records
    path("rounds/", include("resources.urls.rounds")),  # batch rounds: optimal beside greedy
    path("map/", include("resources.urls.map")),  # 资源共享导图: map, graph, GeoJSON
    path("export/", include("resources.urls.exports")),  # Excel export of the three libraries
]
