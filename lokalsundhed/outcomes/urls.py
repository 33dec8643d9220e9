from django.urls import path

from lokalsundhed.outcomes import public_views, views

app_name = "outcomes"
urlpatterns = [
    # Staff who run the offer
    path("aktiviteter/<int:pk>/maaling/", views.offer_measurements, name="offer_measurements"),
    path("aktiviteter/<int:pk>/maaling/svar/", views.answers_new, name="answers_new"),
    path("aktiviteter/<int:pk>/maaling/import/", views.answers_import, name="answers_import"),
    # Leads, analysts, administrators: anonymous figures
    path("effekt/", views.report, name="report"),
    path("effekt/effekt.csv", views.report_csv, name="report_csv"),
    path("effekt/effekt.pdf", views.report_pdf, name="report_pdf"),
    path("effekt/tilbud/<int:pk>/", views.offer_report, name="offer_report"),
    path("effekt/tilbud/<int:pk>/effekt.csv", views.offer_report_csv, name="offer_report_csv"),
    path("effekt/tilbud/<int:pk>/effekt.pdf", views.offer_report_pdf, name="offer_report_pdf"),
    # Residents: public, the private link is the key
    path("spoergeskema/<str:token>/", public_views.questionnaire, name="questionnaire"),
]
