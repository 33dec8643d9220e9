from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lokalsundhed.api.grants import scope_choices
from lokalsundhed.api.models import Webhook
from lokalsundhed.core.forms import GuardedForm


class ClientForm(GuardedForm):
    name = forms.CharField(label=_("Name of the system"), max_length=100)
    purpose = forms.CharField(label=_("Purpose"), max_length=150,
                              help_text=_("Why the system reads the data; written to the access log."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), choices=scope_choices, widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(label=_("Expires"), required=False,
                                 help_text=_("Leave empty for one year. Format: YYYY-MM-DD."))


class WebhookForm(GuardedForm):
    url = forms.URLField(label=_("Address (https)"), max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(label=_("Events"), choices=Webhook.Event.choices,
                                       widget=forms.CheckboxSelectMultiple)
