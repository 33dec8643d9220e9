from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VolunteersConfig(AppConfig):
    name = "lokalsundhed.volunteers"
    verbose_name = _("Volunteers and civil society")

    def ready(self) -> None:
        from lokalsundhed.volunteers import scopes  # noqa: F401  (registers the scopes)
