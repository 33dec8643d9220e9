"""Forms of the municipal administrator's routing settings: receiving units, the routing grid,
deadlines and the retention policy. Every text field refuses CPR numbers (GuardedForm)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.forms import GuardedForm
from lokalsundhed.core.phones import PhoneField
from lokalsundhed.referrals.models import DEFAULT_DEADLINES, ReceivingUnit, SignCategory, Urgency


class _PeopleChoiceMixin:
    def label_from_instance(self, user: User) -> str:
        return f"{user.full_name} ({user.email})" if user.full_name else user.email


class PersonChoiceField(_PeopleChoiceMixin, forms.ModelChoiceField):
    pass


class PeopleChoiceField(_PeopleChoiceMixin, forms.ModelMultipleChoiceField):
    pass


class UnitForm(GuardedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ReceivingUnit.Kind.choices)
    lead = PersonChoiceField(
        label=_("Lead (receives escalations)"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("No lead"),
        help_text=_("Gets an e-mail when a referral passes its deadline unclaimed."),
    )
    members = PeopleChoiceField(
        label=_("Members (work the unit's referrals)"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notification_email = forms.EmailField(
        label=_("E-mail for new referrals"),
        required=False,
        help_text=_("A shared mailbox. The e-mail says only that a referral is waiting, never who it is about."),
    )
    notification_phone = PhoneField(
        label=_("Mobile for red referrals"),
        required=False,
        help_text=_("Gets a text message when a red referral arrives."),
    )
    is_default = forms.BooleanField(
        label=_("Default unit: receives what no rule routes"),
        required=False,
    )

    def __init__(self, *args: Any, people: QuerySet[User], unit: ReceivingUnit | None = None,
                 has_default: bool = True, **kwargs: Any) -> None:
        if unit is not None:
            kwargs.setdefault("initial", {
                "name": unit.name,
                "kind": unit.kind,
                "lead": unit.lead_id,
                "members": [m.pk for m in unit.members.all()],
                "notification_email": unit.notification_email,
                "notification_phone": unit.notification_phone,
                "is_default": unit.is_default,
            })
        elif not has_default:
            kwargs.setdefault("initial", {"is_default": True})
        super().__init__(*args, **kwargs)
        self.unit = unit
        cast(PersonChoiceField, self.fields["lead"]).queryset = people
        cast(PeopleChoiceField, self.fields["members"]).queryset = people

    def clean_is_default(self) -> bool:
        value = self.cleaned_data["is_default"]
        if self.unit is not None and self.unit.is_default and not value:
            raise forms.ValidationError(
                _("Make another unit the default unit first; one must catch what no rule routes.")
            )
        return value


URGENCIES = [Urgency.GREEN, Urgency.YELLOW, Urgency.RED]


class RoutingGridForm(GuardedForm):
    """One select per sign category × urgency; empty means "the default unit"."""

    def __init__(self, *args: Any, categories: list[SignCategory], units: list[ReceivingUnit],
                 rules: dict[tuple[int, str], int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.units = {str(unit.pk): unit for unit in units}
        # The default unit is offered once, as the empty choice under its own name: listing it
        # again by name would show one unit twice. A rule naming it explicitly reads as that choice.
        self.default = next((unit for unit in units if unit.is_default), None)
        self.rules = rules
        empty = (_("%(unit)s (default unit)") % {"unit": self.default.name}) if self.default else _("Default unit")
        choices = [("", empty)] + [(str(unit.pk), unit.name) for unit in units if unit != self.default]
        self.urgencies = URGENCIES
        self.rows: list[tuple[SignCategory, list[tuple[Urgency, forms.BoundField]]]] = []
        for category in categories:
            cells = []
            for urgency in URGENCIES:
                name = self.cell_name(category.pk, urgency)
                self.fields[name] = forms.ChoiceField(
                    label=f"{category.label}, {urgency.label}",
                    choices=choices,
                    required=False,
                    initial=self._initial(rules.get((category.pk, urgency))),
                )
                cells.append((urgency, self[name]))
            self.rows.append((category, cells))

    def _initial(self, unit_id: int | None) -> str:
        if unit_id is None or (self.default is not None and unit_id == self.default.pk):
            return ""
        return str(unit_id)

    @staticmethod
    def cell_name(category_id: int, urgency: str) -> str:
        return f"cell-{category_id}-{urgency}"

    def cells(self) -> dict[tuple[int, str], ReceivingUnit | None]:
        """The grid as the service wants it: (category id, urgency) → unit or None."""
        result: dict[tuple[int, str], ReceivingUnit | None] = {}
        for category, _cells in self.rows:
            for urgency in URGENCIES:
                chosen = self.cleaned_data.get(self.cell_name(category.pk, urgency)) or ""
                if not chosen and self.default is not None and self.rules.get((category.pk, urgency)) == self.default.pk:
                    chosen = str(self.default.pk)  # an explicit rule to the default unit stays as it was
                result[(category.pk, urgency)] = self.units.get(chosen)
        return result


class DeadlinesForm(GuardedForm):
    """Working days plus hours for each urgency."""

    def __init__(self, *args: Any, current: dict[str, tuple[int, int]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Urgency, forms.BoundField, forms.BoundField]] = []
        for urgency in URGENCIES:
            days, hours = current.get(urgency, DEFAULT_DEADLINES[urgency])
            self.fields[f"{urgency}-days"] = forms.IntegerField(
                label=_("Working days"), min_value=0, max_value=30, initial=days,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-xs"}),
            )
            self.fields[f"{urgency}-hours"] = forms.IntegerField(
                label=_("Hours"), min_value=0, max_value=72, initial=hours,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-xs"}),
            )
            self.rows.append((urgency, self[f"{urgency}-days"], self[f"{urgency}-hours"]))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for urgency in URGENCIES:
            days, hours = data.get(f"{urgency}-days"), data.get(f"{urgency}-hours")
            if days == 0 and hours == 0:
                self.add_error(f"{urgency}-hours", _("A deadline must be at least one hour."))
        return data

    def deadlines(self) -> dict[str, tuple[int, int]]:
        return {u: (self.cleaned_data[f"{u}-days"], self.cleaned_data[f"{u}-hours"]) for u in URGENCIES}


class RetentionForm(GuardedForm):
    closed_referral_months = forms.IntegerField(
        label=_("Months after a referral is closed or returned"),
        min_value=1,
        max_value=120,
        help_text=_("Then the resident's address, first name and the free texts are removed; "
                    "the anonymous statistics stay."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-width-xs"}),
    )
