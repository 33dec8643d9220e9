from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ErrandsConfig(AppConfig):
    name = "lokalsundhed.errands"
    verbose_name = _("Practical help")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from lokalsundhed.errands import scopes  # noqa: F401  (registers the scopes)
        from lokalsundhed.organisations.models import Organisation

        post_save.connect(_seed_new_housing_organisation, sender=Organisation,
                          dispatch_uid="errands.seed_catalogue")


def _seed_new_housing_organisation(sender, instance, created, raw=False, **kwargs):
    """A new housing organisation starts with the standard catalogue of practical help."""
    if created and not raw:
        from lokalsundhed.errands.services import seed_catalogue

        seed_catalogue(instance)
