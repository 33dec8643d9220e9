from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "lokalsundhed.organisations"
    verbose_name = _("Organisations and estates")

    def ready(self) -> None:
        from lokalsundhed.organisations import scopes  # noqa: F401  (registers the scopes)
