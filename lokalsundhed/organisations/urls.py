from django.urls import path

from lokalsundhed.organisations import views

app_name = "organisations"
urlpatterns = [
    path("afdelinger/", views.estate_list, name="estate_list"),
    path("afdelinger/<int:pk>/", views.estate_detail, name="estate_detail"),
    path("partnerskaber/", views.partnership_list, name="partnership_list"),
    path("partnerskaber/<int:pk>/", views.partnership_detail, name="partnership_detail"),
]
