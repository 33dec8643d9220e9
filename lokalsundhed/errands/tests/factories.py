from __future__ import annotations

from lokalsundhed.errands import services
from lokalsundhed.errands.models import Errand, ErrandType


def errand_type(estate, code: str = "read_letters") -> ErrandType:
    return ErrandType.objects.get(housing_organisation_id=estate.housing_organisation_id, code=code)


def request(estate, code: str = "read_letters", actor=None, first_name: str = "Inge") -> Errand:
    return services.request_errand(
        services.ErrandRequest(estate=estate, errand_type=errand_type(estate, code), resident_first_name=first_name,
                               phone="20304050", address="Parkvej 3, 1. th", note="Brev fra kommunen"),
        actor=actor,
    )
