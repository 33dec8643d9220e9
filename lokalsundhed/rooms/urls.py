from django.urls import path

from lokalsundhed.rooms import views

app_name = "rooms"
urlpatterns = [
    path("lokaler/", views.room_list, name="room_list"),
    path("lokaler/nyt/", views.room_edit, name="room_new"),
    path("lokaler/<int:pk>/", views.room_detail, name="room_detail"),
    path("lokaler/<int:pk>/ret/", views.room_edit, name="room_edit"),
    path("lokaler/<int:pk>/book/", views.booking_new, name="booking_new"),
    path("lokaler/booking/<int:pk>/aflys/", views.booking_cancel, name="booking_cancel"),
    path("lokaler/booking/<int:pk>/aflys-uger/", views.booking_cancel_series, name="booking_cancel_series"),
    path("lokaler/udnyttelse/", views.utilisation, name="utilisation"),
    # Calendar apps: public, behind the room's secret address.
    path("lokaler/kalender/<str:token>.ics", views.room_feed, name="room_feed"),
]
