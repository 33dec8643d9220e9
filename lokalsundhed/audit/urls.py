from django.urls import path

from lokalsundhed.audit import views

app_name = "audit"
urlpatterns = [
    path("adgangslog/", views.entry_list, name="entry_list"),
    path("adgangslog/csv/", views.entry_csv, name="entry_csv"),
]
