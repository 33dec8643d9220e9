from django.urls import path

from lokalsundhed.errands import views

app_name = "errands"
urlpatterns = [
    path("praktisk-hjaelp/", views.errand_list, name="errand_list"),
    path("praktisk-hjaelp/ny/", views.errand_new, name="errand_new"),
    path("praktisk-hjaelp/<int:pk>/tag/", views.errand_take, name="errand_take"),
    path("praktisk-hjaelp/<int:pk>/udfoert/", views.errand_complete, name="errand_complete"),
    path("praktisk-hjaelp/<int:pk>/frigiv/", views.errand_release, name="errand_release"),
    path("praktisk-hjaelp/<int:pk>/annuller/", views.errand_cancel, name="errand_cancel"),
    path("praktisk-hjaelp/<int:pk>/genopret/", views.errand_restore, name="errand_restore"),
    path("praktisk-hjaelp-katalog/", views.catalogue, name="catalogue"),
    path("praktisk-hjaelp-katalog/<int:pk>/navne/", views.catalogue_names, name="catalogue_names"),
    path("praktisk-hjaelp-rapport/", views.report_index, name="report_index"),
    path("praktisk-hjaelp-rapport/<int:pk>/", views.report, name="report"),
    path("praktisk-hjaelp-rapport/<int:pk>/csv/", views.report_csv, name="report_csv"),
    # Residents: public, no login
    path("hjaelp-i-hjemmet/", views.resident_index, name="resident_index"),
    path("hjaelp-i-hjemmet/<int:pk>/", views.resident_request, name="resident_request"),
    path("hjaelp-i-hjemmet/status/<str:token>/", views.resident_status, name="resident_status"),
]
