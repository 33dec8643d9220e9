from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProfilesConfig(AppConfig):
    name = "lokalsundhed.profiles"
    verbose_name = _("Area health profiles")

    def ready(self) -> None:
        from lokalsundhed.profiles import indicators, scopes  # noqa: F401  (registers scopes and built-in indicators)
