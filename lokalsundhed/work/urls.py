from django.urls import path

from lokalsundhed.work import views

app_name = "work"
urlpatterns = [
    path("job/", views.interest_list, name="interest_list"),
    path("job/interesse/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("job/interesse/<int:pk>/<slug:step>/", views.interest_step, name="interest_step"),
    path("job/interesse/<int:pk>/jobcenter", views.interest_jobcenter, name="interest_jobcenter"),
    path("job/muligheder/", views.opportunity_list, name="opportunity_list"),
    path("job/muligheder/ny/", views.opportunity_edit, name="opportunity_new"),
    path("job/muligheder/<int:pk>/", views.opportunity_edit, name="opportunity_edit"),
    path("job/virksomheder/", views.company_list, name="company_list"),
    path("job/virksomheder/ny/", views.company_edit, name="company_new"),
    path("job/virksomheder/<int:pk>/", views.company_edit, name="company_edit"),
    # Residents: public, no login
    path("smaa-skridt/<int:pk>/", views.public_list, name="public_list"),
    path("smaa-skridt/mulighed/<int:pk>/", views.public_interest, name="public_interest"),
    path("smaa-skridt/<int:pk>/tak/", views.public_thanks, name="public_thanks"),
]
