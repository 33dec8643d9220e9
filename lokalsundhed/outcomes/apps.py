from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    name = "lokalsundhed.outcomes"
    verbose_name = _("Outcome measurement")

    def ready(self) -> None:
        from lokalsundhed.outcomes import indicators, scopes, signals  # noqa: F401  (registers scopes, indicators, signals)
