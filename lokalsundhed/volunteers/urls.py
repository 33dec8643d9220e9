from django.urls import path

from lokalsundhed.volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("frivillige/", views.volunteer_list, name="volunteer_list"),
    path("frivillige/<int:pk>/", views.volunteer_detail, name="volunteer_detail"),
    path("frivillige/aktivitet/<int:pk>/vagter/", views.activity_shifts, name="activity_shifts"),
    path("frivillige/vagt/<int:pk>/timer/", views.shift_hours, name="shift_hours"),
    path("frivillige/foreninger/", views.civil_society, name="civil_society"),
    path("frivillige/tal/", views.numbers, name="numbers"),
    # Volunteers, logged in with a one-time code
    path("mine-vagter/", views.my_shifts, name="my_shifts"),
    path("mine-vagter/<int:pk>/byt/", views.shift_offer, name="shift_offer"),
    path("mine-vagter/<int:pk>/tag/", views.shift_take, name="shift_take"),
    path("mine-vagter/<int:pk>/kan-alligevel/", views.shift_take_back, name="shift_take_back"),
    path("mine-vagter/sms/", views.shifts_sms, name="shifts_sms"),
    # Residents: public, no login
    path("bliv-frivillig/<int:pk>/", views.recruit, name="recruit"),
    path("bliv-frivillig/<int:pk>/tak/", views.recruit_thanks, name="recruit_thanks"),
]
