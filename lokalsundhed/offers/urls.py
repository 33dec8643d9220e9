from django.urls import path

from lokalsundhed.offers import change_views, public_views, undo_views, views

app_name = "offers"
urlpatterns = [
    # Staff
    path("aktiviteter/", views.offer_list, name="offer_list"),
    path("aktiviteter/ny/", views.offer_new, name="offer_new"),
    path("aktiviteter/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("aktiviteter/<int:pk>/tilmeld/", views.offer_sign_up, name="offer_sign_up"),
    path("aktiviteter/<int:pk>/oversaet/", views.offer_translate, name="offer_translate"),
    path("aktiviteter/<int:pk>/ret/", change_views.offer_edit, name="offer_edit"),
    path("aktiviteter/<int:pk>/aflys/", change_views.offer_cancel, name="offer_cancel"),
    path("aktiviteter/<int:pk>/ny-gang/", change_views.session_new, name="session_new"),
    path("aktiviteter/gang/<int:pk>/aflys/", change_views.session_cancel, name="session_cancel"),
    path("aktiviteter/gang/<int:pk>/flyt/", change_views.session_move, name="session_move"),
    path("aktiviteter/gang/<int:pk>/tider/", change_views.slot_new, name="slot_new"),
    path("aktiviteter/gang/<int:pk>/genopret/", undo_views.session_restore, name="session_restore"),
    path("aktiviteter/tid/<int:pk>/fjern/", undo_views.slot_remove, name="slot_remove"),
    path("aktiviteter/tilmelding/<int:pk>/afmeld/", views.sign_up_cancel, name="sign_up_cancel"),
    path("aktiviteter/tilmelding/<int:pk>/genopret/", undo_views.sign_up_restore, name="sign_up_restore"),
    path("aktiviteter/gang/<int:pk>/fremmoede/", views.attendance, name="attendance"),
    path("aktiviteter/gang/<int:pk>/fremmoede/<int:sign_up_pk>/", views.attendance_toggle,
         name="attendance_toggle"),
    path("raekkevidde/", views.reach_report, name="reach"),
    # Residents: public, no login
    path("kalender/", public_views.calendar_index, name="calendar_index"),
    path("kalender/afdeling/<int:pk>/", public_views.estate_calendar, name="estate_calendar"),
    path("kalender/afdeling/<int:pk>/kalender.ics", public_views.estate_ics, name="estate_ics"),
    path("kalender/tilbud/<int:pk>/", public_views.public_offer, name="public_offer"),
    path("kalender/tilbud/<int:pk>/kalender.ics", public_views.offer_ics, name="offer_ics"),
    path("kalender/<str:code>/", public_views.municipality_calendar, name="municipality_calendar"),
    path("tilmelding/<str:token>/", public_views.my_sign_up, name="my_sign_up"),
    path("tilmelding/<str:token>/afmeld/", public_views.my_sign_up_cancel, name="my_sign_up_cancel"),
]
