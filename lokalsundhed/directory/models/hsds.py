"""The help directory ("hjælpeguide") in the shape of Open Referral HSDS 3.0.

Tables and field names follow HSDS so that import and export are a plain mapping: an
organization runs services; a service is delivered at locations (service_at_location) and
has phones, contacts, schedules (opening hours), service areas and languages; taxonomy
terms are attached through attributes. Ids are UUIDs, as in HSDS.

Our own additions: every service belongs to one municipality (and optionally to estates);
our taxonomy of needs is a set of taxonomy terms mapped to the observation signs of
bridge-building; service texts are translated in a separate table (a new language needs no
migration).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from lokalsundhed.core import cldr
from lokalsundhed.organisations.models import Estate, Municipality
from lokalsundhed.signs.models import Sign, SignCategory

# The taxonomy that holds our needs (fixed id so exports and imports agree across instances).
NEEDS_TAXONOMY_ID = uuid.UUID("6f1d3a0e-2c4b-4f7a-9a51-3b1c0d6e8a10")
# A service not verified for this long is stale and its municipality's administrators are told.
STALE_AFTER = timedelta(days=365)
WEEKDAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _uuid_field() -> models.UUIDField:
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)


class Taxonomy(models.Model):
    id = _uuid_field()
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.CharField(_("URI"), max_length=500, blank=True)
    version = models.CharField(_("version"), max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """A term of a taxonomy. The terms of the needs taxonomy carry our mapping to signs."""

    id = _uuid_field()
    code = models.CharField(_("code"), max_length=100, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    # HSDS ids of terms and taxonomies may point outside the file: kept as given, not as keys.
    parent_id = models.UUIDField(_("parent term id"), null=True, blank=True)
    taxonomy = models.CharField(_("taxonomy name"), max_length=200, blank=True)
    taxonomy_detail = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, null=True, blank=True, related_name="terms", verbose_name=_("taxonomy")
    )
    language = models.CharField(_("language"), max_length=20, blank=True)
    term_uri = models.CharField(_("term URI"), max_length=500, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    sign_categories = models.ManyToManyField(
        SignCategory, blank=True, related_name="needs", verbose_name=_("sign categories it answers")
    )
    signs = models.ManyToManyField(Sign, blank=True, related_name="needs", verbose_name=_("signs it answers"))

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("taxonomy term")
        verbose_name_plural = _("taxonomy terms")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the current language: English from the row, other resident languages
        from the translation catalogue (keyed by the English name), else Danish."""
        language = get_language() or "da"
        if language == "da" or not self.name_en:
            return self.name
        if language == "en":
            return self.name_en
        translated = gettext(self.name_en)
        return translated if translated != self.name_en else self.name


class Need(TaxonomyTerm):
    """The terms of our own needs taxonomy, for the admin and for filters."""

    class Meta:
        proxy = True
        verbose_name = _("need")
        verbose_name_plural = _("needs")


class Organization(models.Model):
    id = _uuid_field()
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.CharField(_("website"), max_length=500, blank=True)
    tax_status = models.CharField(_("tax status"), max_length=200, blank=True)
    tax_id = models.CharField(_("tax id"), max_length=100, blank=True)
    year_incorporated = models.PositiveSmallIntegerField(_("year incorporated"), null=True, blank=True)
    legal_status = models.CharField(_("legal status"), max_length=200, blank=True)
    logo = models.CharField(_("logo"), max_length=500, blank=True)
    uri = models.CharField(_("URI"), max_length=500, blank=True)
    parent_organization_id = models.UUIDField(_("parent organization id"), null=True, blank=True)
    # HSDS parts lokalsundhed does not use (funding, programs, identifiers …), kept for export.
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")
        DEFUNCT = "defunct", _("Defunct")
        TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")

    id = _uuid_field()
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services", verbose_name=_("organization")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="services", verbose_name=_("municipality")
    )
    estates = models.ManyToManyField(
        Estate, blank=True, related_name="services", verbose_name=_("estates (none: the whole municipality)")
    )
    name = models.CharField(_("name"), max_length=300)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.CharField(_("web address"), max_length=500, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=30, choices=Status.choices, default=Status.ACTIVE)
    interpretation_services = models.TextField(_("interpretation"), blank=True)
    application_process = models.TextField(_("how to get help"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    wait_time = models.CharField(_("wait time"), max_length=300, blank=True)
    fees = models.CharField(_("fees (short)"), max_length=300, blank=True)
    accreditations = models.TextField(_("accreditations"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    # HSDS "assured_date": the day the information was last checked (our last-verified date).
    assured_date = models.DateField(_("last verified"), null=True, blank=True, db_index=True)
    assurer_email = models.EmailField(_("verified by (e-mail)"), blank=True)
    licenses = models.CharField(_("licences"), max_length=300, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    last_modified = models.DateTimeField(_("last modified"), null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    # Plain text of everything searchable, kept in step by search.reindex(); on PostgreSQL also
    # as a Danish tsvector with a GIN index (migration 0004), NULL on SQLite (FTS5 there).
    search_document = models.TextField(default="", blank=True, editable=False)
    search_vector = SearchVectorField(null=True, blank=True, editable=False)
    # When the administrators were last told the service is stale (cleared by a verification).
    stale_notified_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service")
        verbose_name_plural = _("services")
        indexes = [models.Index(fields=["municipality", "status", "name"])]

    def __str__(self) -> str:
        return self.name

    def is_stale(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.assured_date is None or self.assured_date < today - STALE_AFTER


class ServiceTranslation(models.Model):
    """A service's texts in another language than Danish (the texts on Service itself)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(_("language"), max_length=10)
    name = models.CharField(_("name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    application_process = models.TextField(_("how to get help"), blank=True)
    eligibility_description = models.TextField(_("who it is for"), blank=True)

    class Meta:
        ordering = ["language"]
        verbose_name = _("translation")
        verbose_name_plural = _("translations")
        constraints = [models.UniqueConstraint(fields=["service", "language"], name="one_translation_per_language")]

    def __str__(self) -> str:
        return f"{self.service_id} [{self.language}]"


class Location(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    id = _uuid_field()
    location_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.PHYSICAL)
    url = models.CharField(_("web address"), max_length=500, blank=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="locations"
    )
    name = models.CharField(_("name"), max_length=300, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("transport"), blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    external_identifier = models.CharField(_("external identifier"), max_length=200, blank=True)
    external_identifier_type = models.CharField(_("external identifier type"), max_length=100, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name or str(self.id)


class Address(models.Model):
    class Type(models.TextChoices):
        PHYSICAL = "physical", _("Physical")
        POSTAL = "postal", _("Postal")
        VIRTUAL = "virtual", _("Virtual")

    id = _uuid_field()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(_("attention"), max_length=200, blank=True)
    address_1 = models.CharField(_("address"), max_length=300)
    address_2 = models.CharField(_("address, line 2"), max_length=300, blank=True)
    city = models.CharField(_("city"), max_length=100)
    region = models.CharField(_("region"), max_length=100, blank=True)
    state_province = models.CharField(_("state or province"), max_length=100, blank=True)
    postal_code = models.CharField(_("postcode"), max_length=20)
    country = models.CharField(_("country"), max_length=2, default="DK")
    address_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.PHYSICAL)

    class Meta:
        ordering = ["address_1"]
        verbose_name = _("address")
        verbose_name_plural = _("addresses")

    def __str__(self) -> str:
        return f"{self.address_1}, {self.postal_code} {self.city}"


class ServiceAtLocation(models.Model):
    id = _uuid_field()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("service at location")
        verbose_name_plural = _("services at locations")

    def __str__(self) -> str:
        return f"{self.service_id} @ {self.location_id}"


class Contact(models.Model):
    id = _uuid_field()
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts"
    )
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="contacts")
    name = models.CharField(_("name"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name or self.department or str(self.id)


class Phone(models.Model):
    """A phone number. HSDS lets one number belong to several parents at once."""

    id = _uuid_field()
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(_("number"), max_length=50)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    type = models.CharField(_("type"), max_length=30, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("phone")
        verbose_name_plural = _("phones")

    def __str__(self) -> str:
        return self.number


class Schedule(models.Model):
    """Opening hours as an iCalendar-style rule: weekly on `byday`, from `opens_at` to `closes_at`."""

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", _("Weekly")
        MONTHLY = "MONTHLY", _("Monthly")

    id = _uuid_field()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation, on_delete=models.CASCADE, null=True, blank=True, related_name="schedules"
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("first day"), null=True, blank=True)
    timezone = models.FloatField(_("UTC offset"), null=True, blank=True)
    until = models.DateField(_("until"), null=True, blank=True)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    wkst = models.CharField(_("week starts"), max_length=2, blank=True)
    freq = models.CharField(_("frequency"), max_length=10, choices=Freq.choices, blank=True)
    interval = models.PositiveIntegerField(_("interval"), null=True, blank=True)
    byday = models.CharField(_("days"), max_length=100, blank=True, help_text=_("E.g. MO,TU,WE,TH,FR"))
    byweekno = models.CharField(_("weeks"), max_length=200, blank=True)
    bymonthday = models.CharField(_("days of the month"), max_length=200, blank=True)
    byyearday = models.CharField(_("days of the year"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_at = models.TimeField(_("opens"), null=True, blank=True)
    closes_at = models.TimeField(_("closes"), null=True, blank=True)
    schedule_link = models.CharField(_("link"), max_length=500, blank=True)
    attending_type = models.CharField(_("how to attend"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["byday", "opens_at"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        indexes = [models.Index(fields=["service", "opens_at", "closes_at"])]

    def __str__(self) -> str:
        # The times isolated left to right (LRI … PDI): a right-to-left line would read "15:00–08:00".
        hours = f"\u2066{self.opens_at:%H:%M}–{self.closes_at:%H:%M}\u2069" if self.opens_at and self.closes_at else ""
        return f"{self.days_label} {hours}".strip() or self.description[:50]

    @property
    def days_label(self) -> str:
        """`byday` in words of the current language, from CLDR: "MO,TU,WE,TH,FR" → "Mon–Fri", "Isn–Jmc"."""
        days = sorted({WEEKDAY_CODES.index(d) for d in self.byday.upper().replace(" ", "").split(",")
                       if d in WEEKDAY_CODES})
        if not days:
            return self.byday
        runs: list[list[int]] = []
        for day in days:
            if runs and day == runs[-1][-1] + 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        names = cldr.weekday_names()
        return ", ".join(
            f"{names[run[0]]}–{names[run[-1]]}" if len(run) > 2 else ", ".join(names[d] for d in run) for run in runs
        )


class ServiceArea(models.Model):
    id = _uuid_field()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(_("name"), max_length=500, blank=True)
    description = models.TextField(_("description"), blank=True)
    extent = models.TextField(_("extent"), blank=True)
    extent_type = models.CharField(_("extent type"), max_length=50, blank=True)
    uri = models.CharField(_("URI"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language spoken: by a service, at a location or on a phone line (ISO 639 code)."""

    id = _uuid_field()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, null=True, blank=True, related_name="languages")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, null=True, blank=True, related_name="languages")
    phone = models.ForeignKey(Phone, on_delete=models.CASCADE, null=True, blank=True, related_name="languages")
    name = models.CharField(_("name"), max_length=100, blank=True)
    code = models.CharField(_("code"), max_length=20, blank=True, db_index=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name or self.code


class Attribute(models.Model):
    """A taxonomy term attached to any HSDS record (link_id names it, link_type its table)."""

    id = _uuid_field()
    link_id = models.UUIDField(_("linked record id"), db_index=True)
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes")
    link_type = models.CharField(_("link type"), max_length=100, blank=True)
    link_entity = models.CharField(_("linked table"), max_length=100, blank=True)
    value = models.CharField(_("value"), max_length=500, blank=True)

    class Meta:
        ordering = ["link_entity", "id"]
        verbose_name = _("attribute")
        verbose_name_plural = _("attributes")
        indexes = [models.Index(fields=["taxonomy_term", "link_entity", "link_id"])]

    def __str__(self) -> str:
        return f"{self.link_entity}:{self.link_id} → {self.taxonomy_term_id}"
