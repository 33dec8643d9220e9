from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lokalsundhed.accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from lokalsundhed.accounts import scopes, signals  # noqa: F401  (registers scopes and receivers)
