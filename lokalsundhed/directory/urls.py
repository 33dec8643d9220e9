from django.urls import path

from lokalsundhed.directory import editing_views, public_views, views

app_name = "directory"
urlpatterns = [
    path("hjaelpeguide/", views.search, name="search"),
    path("hjaelpeguide/tilbud/<uuid:pk>/", views.service_detail, name="service_detail"),
    path("hjaelpeguide/tilbud/<uuid:pk>/verificer/", views.service_verify, name="service_verify"),
    # The municipality's administrators keep their help guide.
    path("hjaelpeguide/administrer/", editing_views.manage_list, name="manage_list"),
    path("hjaelpeguide/administrer/nyt/", editing_views.service_new, name="service_new"),
    path("hjaelpeguide/tilbud/<uuid:pk>/rediger/", editing_views.service_edit, name="service_edit"),
    path("hjaelpeguide/tilbud/<uuid:pk>/udgaa/", editing_views.service_retire, name="service_retire"),
    path("hjaelpeguide/noedraab/", views.guidance_list, name="guidance_list"),
    path("hjaelpeguide/noedraab/tegn/", views.guidance_for_signs, name="guidance_for_signs"),
    path("hjaelpeguide/noedraab/<slug:code>/", views.guidance_detail, name="guidance_detail"),
    path("hjaelpeguide/noedraab/<slug:code>/rediger/", views.guidance_edit, name="guidance_edit"),
    path("afdelinger/<int:pk>/kontaktark.pdf", views.estate_contact_sheet, name="contact_sheet"),
    # Residents: public, no login.
    path("hjaelp/", public_views.guide_index, name="guide_index"),
    path("hjaelp/<str:code>/", public_views.guide, name="guide"),
    path("hjaelp/<str:code>/afdeling/<int:estate>/", public_views.guide, name="guide_estate"),
]
