from django.urls import path

from lokalsundhed.accounts import views

app_name = "accounts"
urlpatterns = [
    path("personer/", views.member_list, name="member_list"),
    path("personer/<int:pk>/frigiv/", views.member_release_lockout, name="member_release_lockout"),
]
