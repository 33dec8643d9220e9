"""Who takes part and where: regions, municipalities, housing organisations, estates,
dwellings, facilities and the partnerships between them."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """One of the five Danish regions (official code 1081–1085)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class Municipality(models.Model):
    """One of the 98 municipalities, with its official four-digit code (kommunekode)."""

    code = models.CharField(_("code"), max_length=4, unique=True)
    name = models.CharField(_("name"), max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An organisation whose people work in the platform: a municipality's administration
    or a housing organisation. Memberships, and so all access, hang on this."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality")
        HOUSING = "housing", _("Housing organisation")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    # For a municipality: the municipality it is. For a housing organisation: its seat.
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("municipality")
    )
    cvr = models.CharField(_("CVR number"), max_length=8, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality"],
                condition=Q(kind="municipality"),
                name="one_administration_per_municipality",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_municipality(self) -> bool:
        return self.kind == self.Kind.MUNICIPALITY


class Estate(models.Model):
    """An estate (afdeling/boligområde) of a housing organisation, in one municipality."""

    housing_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="estates",
        limit_choices_to={"kind": Organisation.Kind.HOUSING},
        verbose_name=_("housing organisation"),
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="estates", verbose_name=_("municipality")
    )
    number = models.CharField(_("department number"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        indexes = [models.Index(fields=["municipality", "name"])]

    def __str__(self) -> str:
        return self.name


class Dwelling(models.Model):
    """One home in an estate, known by its address only."""

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="dwellings")
    street = models.CharField(_("street"), max_length=200)
    number = models.CharField(_("house number"), max_length=10)
    floor = models.CharField(_("floor"), max_length=10, blank=True)
    door = models.CharField(_("door"), max_length=10, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4)
    city = models.CharField(_("city"), max_length=100)
    rooms = models.PositiveSmallIntegerField(_("rooms"), null=True, blank=True)

    class Meta:
        ordering = ["street", "number", "floor", "door"]
        verbose_name = _("dwelling")
        verbose_name_plural = _("dwellings")
        constraints = [
            models.UniqueConstraint(
                fields=["estate", "street", "number", "floor", "door"], name="unique_dwelling_address"
            )
        ]

    def __str__(self) -> str:
        return self.address

    @property
    def address(self) -> str:
        unit = ", ".join(part for part in (self.floor and f"{self.floor}.", self.door) if part)
        line = f"{self.street} {self.number}"
        return f"{line}, {unit}" if unit else line


class Facility(models.Model):
    """A room residents can come to: a common room, a health-promotion centre, an office."""

    class Kind(models.TextChoices):
        COMMON_ROOM = "common_room", _("Common room")
        HEALTH_CENTRE = "health_centre", _("Health-promotion centre")
        CARETAKER_OFFICE = "caretaker_office", _("Caretakers' office")
        OTHER = "other", _("Other")

    estate = models.ForeignKey(Estate, on_delete=models.PROTECT, related_name="facilities")
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    street_address = models.CharField(_("address"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("capacity"), null=True, blank=True)
    step_free_access = models.BooleanField(_("step-free access"), default=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")

    def __str__(self) -> str:
        return self.name


class Partnership(models.Model):
    """A municipality and one or more housing organisations working together on estates."""

    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="municipal_partnerships",
        limit_choices_to={"kind": Organisation.Kind.MUNICIPALITY},
        verbose_name=_("municipality"),
    )
    housing_organisations = models.ManyToManyField(
        Organisation,
        related_name="housing_partnerships",
        limit_choices_to={"kind": Organisation.Kind.HOUSING},
        verbose_name=_("housing organisations"),
    )
    estates = models.ManyToManyField(Estate, related_name="partnerships", verbose_name=_("estates"))
    yearly_theme = models.CharField(_("theme of the year"), max_length=200, blank=True)
    organisation_of_work = models.TextField(_("how the work is organised"), blank=True)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    ends_on = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")

    def __str__(self) -> str:
        return self.name
