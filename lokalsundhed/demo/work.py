"""The demo's small steps into work: Lillebæltsbo's and Fjordhjem's registries of local companies,
opportunities in their estates (a Saturday job at the baker's, a trial placement with the
caretakers, an internship at the bike workshop, volunteering at the Friday café), and residents'
interest in every state of the follow-up — one of them sent to the jobcenter.

Played through the real services (CVR numbers pass their check digit). Written once.
"""

from __future__ import annotations

import contextlib

from lokalsundhed.accounts.models import User
from lokalsundhed.demo.bridge_building import notifications_held
from lokalsundhed.demo.two_factor import DEMO_DOMAIN
from lokalsundhed.demo.words import email_local_part
from lokalsundhed.organisations.models import Estate
from lokalsundhed.work import services
from lokalsundhed.work.models import Interest, Opportunity

State = Interest.State
Kind = Opportunity.Kind

# Housing organisation slug → worker and companies: (name, CVR, contact, phone).
REGISTRIES: dict[str, list[tuple[str, str, str, str]]] = {
    "Camilla Friis Larsen": [
        ("Bageriet på Hjørnet", "25313763", "Mette Holm", "75 92 10 20"),
        ("Fredericia Cykelværksted", "30808460", "Jonas Bak", "22 33 44 55"),
    ],
    "Nadia Khalil": [
        ("Byggemarkedet Fredericia", "29403473", "Lars Winther", "76 20 30 40"),
    ],
}

# Estate → opportunities: (worker, company name or None, kind, title, hours a week, description).
OPPORTUNITIES: dict[str, list[tuple[str, str | None, str, str, int, str]]] = {
    "Egeskovparken": [
        ("Camilla Friis Larsen", "Bageriet på Hjørnet", Kind.SMALL_JOB, "Hjælp i bageriet lørdag morgen", 4,
         "Pak brød og hjælp i butikken fra kl. 6 til 10. Du lærer det hele på stedet."),
        ("Camilla Friis Larsen", None, Kind.TRIAL, "Praktik hos ejendomsfunktionærerne", 15,
         "Tre måneder med grønne områder, affald og små reparationer sammen med vores ejendomsfunktionærer."),
        ("Camilla Friis Larsen", None, Kind.VOLUNTEERING, "Frivillig i fredagscaféen", 3,
         "Lav kaffe, bag kage og tag imod naboerne. Et godt første skridt."),
    ],
    "Vestervoldhusene": [
        ("Camilla Friis Larsen", "Fredericia Cykelværksted", Kind.INTERNSHIP, "Læreplads på cykelværkstedet", 30,
         "For dig, der vil være cykelmekaniker. Vi starter med en uges praktik."),
    ],
    "Prangerparken": [
        ("Nadia Khalil", "Byggemarkedet Fredericia", Kind.TRIAL, "Praktik i byggemarkedets lager", 20,
         "Modtag varer og hjælp kunderne. Sikkerhedssko får du af os."),
    ],
}

# Opportunity title → residents' interest: (first name, phone, how far the follow-up got).
INTERESTS: dict[str, list[tuple[str, str, list[str]]]] = {
    "Hjælp i bageriet lørdag morgen": [("Yusuf", "20 11 22 33", [State.CONTACTED, State.STARTED, State.COMPLETED]),
                                        ("Hanne", "30 44 55 66", [])],
    "Praktik hos ejendomsfunktionærerne": [("Omar", "40 12 34 56", [State.CONTACTED]),
                                           ("Amal", "50 98 76 54", [State.CONTACTED, State.STARTED])],
    "Frivillig i fredagscaféen": [("Birthe", "26 26 26 26", [State.CONTACTED, State.STARTED, State.COMPLETED])],
    "Læreplads på cykelværkstedet": [("Mikkel", "61 61 61 61", [State.CONTACTED, State.STOPPED])],
    "Praktik i byggemarkedets lager": [("Fatima", "27 27 27 27", [])],
}
JOBCENTER = "Omar"


def _user(full_name: str) -> User:
    return User.objects.get(email=f"{email_local_part(full_name)}@{DEMO_DOMAIN}")


def load_work() -> None:
    """Create the demo's companies, opportunities and interests once."""
    titles = [title for specs in OPPORTUNITIES.values() for _w, _c, _k, title, _h, _d in specs]
    if Opportunity.objects.filter(title__in=titles).exists():
        return
    companies = {}
    for worker_name, registry in REGISTRIES.items():
        worker = _user(worker_name)
        housing = next(m.organisation for m in worker.active_memberships if m.organisation.kind == "housing")
        for name, cvr, contact, phone in registry:
            companies[name] = services.save_company(
                services.CompanyInput(name=name, cvr=cvr, contact_name=contact, contact_phone=phone),
                housing_organisation=housing, actor=worker,
            )
    for estate_name, specs in OPPORTUNITIES.items():
        estate = Estate.objects.filter(name=estate_name).first()
        if estate is None:
            continue
        for worker_name, company, kind, title, hours, description in specs:
            worker = _user(worker_name)
            opportunity = services.save_opportunity(
                services.OpportunityInput(estate=estate, kind=kind, title=title, description=description,
                                          company=companies.get(company) if company else None,
                                          hours_per_week=hours),
                actor=worker,
            )
            for first_name, phone, steps in INTERESTS.get(title, []):
                interest = services.show_interest(opportunity, first_name=first_name, phone=phone, consent=True)
                for step in steps:
                    interest = services.move(interest, step, actor=worker, stop_reason="other_work")
                if first_name == JOBCENTER:
                    with notifications_held(), contextlib.suppress(services.WorkRefused):
                        # Without units in the municipality the demo goes on without the bridge.
                        services.send_to_jobcenter(interest, actor=worker, consent=True)
