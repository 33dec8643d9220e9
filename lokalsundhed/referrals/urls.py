from django.urls import path

from lokalsundhed.referrals import numbers_views, settings_views, views

app_name = "referrals"
urlpatterns = [
    path("observation/ny/", views.observation_new, name="observation_new"),
    path("observation/adresser/", views.dwelling_search, name="dwelling_search"),
    path("observation/<int:pk>/kvittering/", views.observation_receipt, name="observation_receipt"),
    path("mine-henvisninger/", views.my_reports, name="my_reports"),
    path("henvisninger/", views.queue, name="queue"),
    path("henvisninger/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("henvisninger/<int:pk>/modtag/", views.referral_receive, name="referral_receive"),
    path("henvisninger/<int:pk>/tag/", views.referral_claim, name="referral_claim"),
    path("henvisninger/<int:pk>/overtag/", views.referral_take_over, name="referral_take_over"),
    path("henvisninger/<int:pk>/afslut/", views.referral_close, name="referral_close"),
    path("henvisninger/<int:pk>/returner/", views.referral_return, name="referral_return"),
    # Routing settings (municipal administrators)
    path("brobygning/opsaetning/", settings_views.routing_settings, name="routing_settings"),
    path("brobygning/opsaetning/<int:municipality_pk>/enheder/ny/", settings_views.unit_new, name="unit_new"),
    path("brobygning/opsaetning/enheder/<int:pk>/", settings_views.unit_edit, name="unit_edit"),
    path("brobygning/opsaetning/<int:municipality_pk>/ruter/", settings_views.routing_grid, name="routing_grid"),
    path("brobygning/opsaetning/<int:municipality_pk>/frister/", settings_views.deadlines, name="deadlines"),
    path("brobygning/opsaetning/<int:municipality_pk>/opbevaring/", settings_views.retention, name="retention"),
    # Numbers for the partnership (anonymous statistics)
    path("brobygning/tal/", numbers_views.numbers_index, name="numbers"),
    path("brobygning/tal/partnerskab/<int:pk>/", numbers_views.numbers_partnership, name="numbers_partnership"),
    path("brobygning/tal/partnerskab/<int:pk>/csv/", numbers_views.numbers_partnership_csv,
         name="numbers_partnership_csv"),
    path("brobygning/tal/afdeling/<int:pk>/", numbers_views.numbers_estate, name="numbers_estate"),
    path("brobygning/tal/afdeling/<int:pk>/csv/", numbers_views.numbers_estate_csv, name="numbers_estate_csv"),
]
