from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "lokalsundhed.directory"
    verbose_name = _("Help guide")

    def ready(self) -> None:
        from lokalsundhed.directory import (
            scopes,  # noqa: F401  (registers the scopes)
            signals,
        )

        signals.connect()  # drops cached residents' pages on a change
