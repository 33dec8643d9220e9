from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "lokalsundhed.core"
    verbose_name = _("Shared plumbing")

    def ready(self) -> None:
        # Each app's `subject_access.py` registers its section of a data subject's access request.
        autodiscover_modules("subject_access")
        # Each capability's `overview.py` adds its sections to the logged-in overview.
        autodiscover_modules("overview")
        # Each capability's `notifications.py` registers the senders of its outbox topics.
        autodiscover_modules("notifications")
        # The admin site (filled before this app is ready) refuses CPR numbers like every form.
        from django.contrib import admin

        from lokalsundhed.core.forms import guard_admin_site

        guard_admin_site(admin.site)
        # Case-insensitive matches fold æ, ø and å on SQLite as they do on PostgreSQL.
        from lokalsundhed.core import text_matching

        text_matching.register()
