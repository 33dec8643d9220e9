from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "lokalsundhed.referrals"
    verbose_name = _("Bridge-building")

    def ready(self) -> None:
        from lokalsundhed.referrals import scopes  # noqa: F401  (registers the scopes)
