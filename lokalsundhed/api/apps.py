from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "lokalsundhed.api"
    label = "api"
    verbose_name = _("Open interfaces")

    def ready(self) -> None:
        from lokalsundhed.api import receivers, scopes  # noqa: F401  (scopes and webhook events)
