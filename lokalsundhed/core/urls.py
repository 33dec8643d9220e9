from django.urls import path

from lokalsundhed.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("borger/", views.residents, name="residents"),
]
