from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoomsConfig(AppConfig):
    name = "lokalsundhed.rooms"
    verbose_name = _("Rooms and booking")

    def ready(self) -> None:
        from lokalsundhed.rooms import scopes  # noqa: F401  (registers the scopes)
