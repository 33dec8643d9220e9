from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    name = "lokalsundhed.offers"
    verbose_name = _("Local offers")

    def ready(self) -> None:
        from lokalsundhed.offers import (
            scopes,  # noqa: F401  (registers the scopes)
            signals,  # noqa: F401  (drops cached residents' pages on a change)
        )
