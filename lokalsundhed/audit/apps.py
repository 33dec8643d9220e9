from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "lokalsundhed.audit"
    verbose_name = _("Access log")

    def ready(self) -> None:
        from lokalsundhed.audit import receivers, scopes  # noqa: F401  (registers the scope and receivers)
