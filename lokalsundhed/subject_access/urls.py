from django.urls import path

from lokalsundhed.subject_access import views

app_name = "subject_access"
urlpatterns = [
    path("indsigt/", views.find, name="find"),
    path("indsigt/bolig/<int:pk>/", views.dwelling, name="dwelling"),
    path("indsigt/bolig/<int:pk>/json/", views.dwelling_json, name="dwelling_json"),
    path("indsigt/bolig/<int:pk>/pdf/", views.dwelling_pdf, name="dwelling_pdf"),
    # A resident known only by mobile number or e-mail: the identifiers travel in POST bodies.
    path("indsigt/beboer/", views.resident, name="resident"),
    path("indsigt/beboer/json/", views.resident_json, name="resident_json"),
    path("indsigt/beboer/pdf/", views.resident_pdf, name="resident_pdf"),
]
