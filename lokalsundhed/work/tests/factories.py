from __future__ import annotations

from lokalsundhed.work import services
from lokalsundhed.work.models import Company, Interest, Opportunity

VALID_CVRS = ["10103940", "25313763", "30808460", "29403473", "24256790"]


def company(housing_organisation, actor, cvr: str = "25313763", name: str = "Bageriet på Hjørnet") -> Company:
    return services.save_company(
        services.CompanyInput(name=name, cvr=cvr, contact_name="Mette Holm", contact_phone="+45 20 30 40 50"),
        housing_organisation=housing_organisation, actor=actor,
    )


def opportunity(estate, actor, company: Company | None = None, title: str = "Hjælp i bageriet om lørdagen",
                kind: str = Opportunity.Kind.TRIAL) -> Opportunity:
    return services.save_opportunity(
        services.OpportunityInput(estate=estate, kind=kind, title=title, company=company, hours_per_week=6),
        actor=actor,
    )


def interest(opportunity: Opportunity, first_name: str = "Ahmed", phone: str = "20 30 40 50") -> Interest:
    return services.show_interest(opportunity, first_name=first_name, phone=phone, consent=True)
