from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubjectAccessConfig(AppConfig):
    """A resident's access request: the pages that find the resident and export, one section per
    app, what the exporting organisation holds about them (the sections: `core/subject_access.py`)."""

    name = "lokalsundhed.subject_access"
    verbose_name = _("Access requests")
