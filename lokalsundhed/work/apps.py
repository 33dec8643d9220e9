from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkConfig(AppConfig):
    name = "lokalsundhed.work"
    verbose_name = _("Small steps into work")

    def ready(self) -> None:
        from lokalsundhed.work import indicators, scopes  # noqa: F401  (registers scopes and indicators)
