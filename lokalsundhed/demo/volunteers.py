"""The demo's volunteers: residents and association volunteers of Lillebæltsbo, two associations
(one linked to the help guide), volunteers on the Friday café and a homework café that involves
children (so the certificate rule shows), shifts with one offered for swap and hours given.
Volunteer Amal logs in with a one-time code (amal@frivillig.demo.lokalsundhed.dk; the code is
printed by the console e-mail backend). Idempotent: found by name before made."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lokalsundhed.accounts.models import Membership
from lokalsundhed.core.permissions import Role
from lokalsundhed.demo.two_factor import DEMO_DOMAIN
from lokalsundhed.directory.models import Organization
from lokalsundhed.offers.models import Offer
from lokalsundhed.organisations.models import Organisation
from lokalsundhed.volunteers import services
from lokalsundhed.volunteers.models import CivilSocietyOrganisation, Shift, Volunteer

PEOPLE = [
    # first name, last name, kind, languages, skills, e-mail local part, certificate days ago
    ("Amal", "Yousef", "resident", ["ar", "da"], "Kaffe, tolkning til arabisk", "amal", 100),
    ("Birthe", "Holm", "resident", ["da"], "Bagning, gåture", "", None),
    ("Mehmet", "Kaya", "ngo", ["tr", "da"], "Lektiehjælp, matematik", "mehmet", 700),
    ("Olena", "Shevchenko", "resident", ["uk", "pl", "en"], "Lektiehjælp, engelsk", "", 30),
]


@transaction.atomic
def load_volunteers() -> None:
    housing = Organisation.objects.filter(kind=Organisation.Kind.HOUSING, name="Lillebæltsbo").first()
    if housing is None:
        return
    worker = Membership.objects.filter(organisation=housing, role=Role.SOCIAL_WORKER).select_related("user").first()
    if worker is None:
        return
    coordinator = worker.user
    red_cross, _ = CivilSocietyOrganisation.objects.get_or_create(
        municipality_id=housing.municipality_id, name="Røde Kors Fredericia", defaults={"contact_email": "fredericia@demo-rodekors.dk",
                                               "contact_phone": "+4575920000"})
    red_cross.directory_organization = Organization.objects.filter(name__icontains="Røde Kors").first()
    red_cross.save(update_fields=["directory_organization"])
    CivilSocietyOrganisation.objects.get_or_create(
        municipality_id=red_cross.municipality_id, name="Ældre Sagen Fredericia",
        defaults={"contact_phone": "+4575921111"})
    offers = list(Offer.objects.filter(estate__housing_organisation=housing, kind=Offer.Kind.ACTIVITY,
                                       cancelled_at__isnull=True).order_by("pk")[:2])
    if not offers:
        return
    today = timezone.localdate()
    people: list[Volunteer] = []
    for first, last, kind, languages, skills, local, certificate_days in PEOPLE:
        person = Volunteer.objects.filter(housing_organisation=housing, first_name=first, last_name=last).first()
        if person is None:
            person = Volunteer.objects.create(
                housing_organisation=housing, estate=offers[0].estate, kind=kind,
                civil_society=red_cross if kind == "ngo" else None, first_name=first, last_name=last,
                phone=f"+452{len(people) + 1}405060", email=f"{local}@frivillig.{DEMO_DOMAIN}" if local else "",
                languages=languages, skills=skills, availability="Hverdage efter kl. 15",
                consent_given_at=timezone.now() - timedelta(days=120),
                criminal_record_checked_on=today - timedelta(days=certificate_days) if certificate_days else None)
            services.approve(person, actor=coordinator)
        people.append(person)
    cafe, homework = offers[0], offers[-1]
    services.set_safeguarding(homework, involves_vulnerable=True, actor=coordinator)
    for person in people:
        for offer, role in ((cafe, "Kaffe og kage"), (homework, "Lektiehjælp")):
            if person.assignments.filter(offer=offer).exists():
                continue
            if services.can_serve(person, offer, today) is None:
                services.assign(person, offer, role=role, actor=coordinator)
    if Shift.objects.filter(offer=cafe).exists():
        return
    on_cafe = [p for p in people if p.assignments.filter(offer=cafe).exists()]
    for n, session in enumerate(cafe.sessions.order_by("starts_at")[:6]):
        holder = on_cafe[n % len(on_cafe)] if n != 5 else None
        shift = services.add_shift(session, role="Kaffe og kage", volunteer=holder, actor=coordinator)
        if session.starts_at <= timezone.now() and holder is not None:
            services.log_hours(shift, minutes=120, actor=coordinator)
        elif holder is not None and holder.first_name == "Amal" and session.starts_at > timezone.now():
            services.offer_swap(shift, volunteer=holder)
