from django.urls import path

from lokalsundhed.training import views

app_name = "training"
urlpatterns = [
    path("kompetencer/", views.catalogue, name="catalogue"),
    path("kompetencer/modul/<int:pk>/", views.module_detail, name="module_detail"),
    path("kompetencer/mine/", views.my_training, name="my_training"),
    path("kompetencer/gang/ny/", views.session_new, name="session_new"),
    path("kompetencer/gang/<int:pk>/", views.session_detail, name="session_detail"),
    path("kompetencer/gang/<int:pk>/tilmeld/", views.session_enrol, name="session_enrol"),
    path("kompetencer/tilmelding/<int:pk>/afmeld/", views.enrolment_cancel, name="enrolment_cancel"),
    path("kompetencer/tilmelding/<int:pk>/fremmoede/", views.enrolment_attendance, name="enrolment_attendance"),
    path("kompetencer/tilmelding/<int:pk>/bevis.pdf", views.certificate, name="certificate"),
    path("kompetencer/daekning/", views.coverage, name="coverage"),
]
