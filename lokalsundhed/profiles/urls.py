from django.urls import path

from lokalsundhed.profiles import views

app_name = "profiles"
urlpatterns = [
    path("sundhedsprofil/", views.index, name="index"),
    path("sundhedsprofil/afdeling/<int:pk>/", views.estate, name="estate"),
    path("sundhedsprofil/kommune/<str:code>/", views.municipality, name="municipality"),
    path("partnerskaber/<int:pk>/maal/", views.goal_list, name="goal_list"),
    path("partnerskaber/<int:pk>/maal/nyt/", views.goal_new, name="goal_new"),
    path("partnerskaber/<int:pk>/tema/", views.theme_set, name="theme_set"),
    path("maal/<int:pk>/arkiver/", views.goal_archive, name="goal_archive"),
    path("dashboard/partnerskab/<int:pk>/", views.dashboard_partnership, name="dashboard_partnership"),
    path("dashboard/partnerskab/<int:pk>/pdf/", views.dashboard_partnership_pdf, name="dashboard_partnership_pdf"),
    path("dashboard/kommune/<int:pk>/", views.dashboard_municipality, name="dashboard_municipality"),
]
