from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "lokalsundhed.training"
    verbose_name = _("Competence development")

    def ready(self) -> None:
        from lokalsundhed.training import indicators, scopes  # noqa: F401  (registers scopes and the indicator)
