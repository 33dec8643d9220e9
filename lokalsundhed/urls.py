"""The URL map. Every view of ours declares an access rule (see core/access.py)."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from lokalsundhed.directory.api import urls as hsds_api_urls

# The admin site logs in through allauth, so two-factor and the lock-out apply there too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "lokalsundhed"
admin.site.site_title = "lokalsundhed"

urlpatterns = [
    path("", include("lokalsundhed.core.urls")),
    path("", include("lokalsundhed.organisations.urls")),
    path("", include("lokalsundhed.accounts.urls")),
    path("", include("lokalsundhed.audit.urls")),
    path("", include("lokalsundhed.referrals.urls")),
    path("", include("lokalsundhed.directory.urls")),
    path("", include("lokalsundhed.offers.urls")),
    path("", include("lokalsundhed.errands.urls")),
    # The help guide as the HSDS 3.0 API: public, read-only.
    path("api/hsds/", hsds_api_urls()),
    path("", include("lokalsundhed.outcomes.urls")),
    path("", include("lokalsundhed.profiles.urls")),
    path("", include("lokalsundhed.training.urls")),
    path("", include("lokalsundhed.volunteers.urls")),
    path("", include("lokalsundhed.api.urls")),
    path("", include("lokalsundhed.subject_access.urls")),
    path("", include("lokalsundhed.work.urls")),
    path("", include("lokalsundhed.rooms.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

handler403 = "lokalsundhed.core.views.permission_denied"
