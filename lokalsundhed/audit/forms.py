from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lokalsundhed.audit.labels import record_type_choices
from lokalsundhed.audit.models import Action, Entry
from lokalsundhed.core.forms import GuardedForm, PeriodMixin, date_picker


class EntryFilterForm(PeriodMixin, GuardedForm):
    period_fields = ("date_from", "date_to")

    # A prefix, not a part anywhere: a match from the start of the address uses an index on the log's
    # million rows (audit/migrations/0004), where one in the middle would read every row.
    actor = forms.CharField(label=_("Who (e-mail)"), required=False, max_length=254,
                            help_text=_("The beginning of the e-mail address, e.g. anne.k or the whole "
                                        "address. Capital and small letters are the same."))
    action = forms.ChoiceField(label=_("Action"), required=False, choices=[("", _("All"))] + Action.choices)
    object_type = forms.ChoiceField(label=_("Record type"), required=False)
    object_id = forms.CharField(label=_("Record id"), required=False, max_length=64)
    date_from = forms.DateField(label=_("From date"), required=False, widget=date_picker())
    date_to = forms.DateField(label=_("To date"), required=False, widget=date_picker())

    def __init__(self, *args: Any, types: list[str], **kwargs: Any) -> None:
        """`types`: the record types the log holds, offered by name."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["object_type"]).choices = [("", _("All")), *record_type_choices(types)]

    def apply(self, entries: QuerySet[Entry]) -> QuerySet[Entry]:
        data = self.cleaned_data
        if data["actor"]:
            entries = entries.filter(actor_label__istartswith=data["actor"].strip())
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["object_type"]:
            entries = entries.filter(object_type=data["object_type"])
        if data["object_id"]:
            entries = entries.filter(object_id=data["object_id"].strip())
        # Whole local days as a range on the column itself, so the index on `at` is usable.
        if data["date_from"]:
            entries = entries.filter(at__gte=_start_of(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=_start_of(data["date_to"] + timedelta(days=1)))
        return entries


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))
