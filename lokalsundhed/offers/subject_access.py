"""Local offers' section of a data subject's access request: the resident's sign-ups (places,
waiting list, booked times), the sessions they attended and the messages sent to them.

A sign-up has no dwelling: it is found by the mobile number (however it was written: spaces,
+45, 0045) or the e-mail address given with the request; a first name narrows it further.
Only sign-ups for the offers the exporting organisation's staff may see (`offer_q`, the scope of
sign-ups, with `export_subject_data`): a housing organisation's offers on its estates and those
of its partnerships; for a municipality, the offers in its estates and partnerships. Sign-ups
whose details were removed by retention are no longer held. Staff names are left out.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from lokalsundhed.accounts.models import User
from lokalsundhed.core.permissions import Perm
from lokalsundhed.core.subject_access import Logged, Subject, held_about, matched_by, register
from lokalsundhed.offers.models import Attendance, Message, SignUp
from lokalsundhed.offers.scopes import offer_q


@register(
    "offers",
    title=_("Local offers"),
    found_by=_("Sign-ups with the resident's mobile number or e-mail address (a sign-up has no address)."),
    template="offers/subject_access_section.html",
    order=30,
    holds=(SignUp, Attendance, Message),
    # The offer's lists of participants and attendance name the resident from their sign-up on.
    logged_as=lambda record: [Logged("offers.signup", record["id"]),
                              Logged("offers.offer", record["offer_id"], since=record["signed_up_at"])],
)
def sign_ups(user: User, subject: Subject) -> list[dict[str, Any]]:
    """The sign-ups held about the subject, oldest first: three queries, none without a phone or e-mail."""
    held = held_about(
        SignUp.objects.filter(offer_q(user, Perm.EXPORT_SUBJECT_DATA, prefix="offer__"), anonymised_at__isnull=True),
        subject, phone="phone", email="email", first_name="first_name",
    )
    if held is None:
        return []
    held = (
        held.select_related("offer__estate", "offer__partnership", "offer__municipality", "slot")
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("session").order_by("session__starts_at")),
            Prefetch("messages", queryset=Message.objects.filter(sent_at__isnull=False).order_by("sent_at", "pk")),
        )
        .order_by("created_at", "pk")
    )
    return [_sign_up(entry, subject) for entry in held]


def _sign_up(entry: SignUp, subject: Subject) -> dict[str, Any]:
    offer = entry.offer
    return {
        "id": entry.pk,
        "offer": offer.title,
        "offer_id": offer.pk,
        "kind": offer.kind,
        "kind_label": str(offer.get_kind_display()),
        "where": offer.estate.name if offer.estate else offer.partnership.name,  # type: ignore[union-attr]
        "municipality": offer.municipality.name,
        "status": entry.status,
        "status_label": str(entry.get_status_display()),
        "first_name": entry.first_name,
        "phone": entry.phone,
        "email": entry.email,
        "language": entry.language,
        "first_time": entry.first_time,
        "signed_up_at": entry.created_at,
        "signed_up_by_staff": entry.signed_up_by_id is not None,
        "confirmed_at": entry.confirmed_at,
        "cancelled_at": entry.cancelled_at,
        "wants_to_continue": entry.wants_to_continue,
        "booked_time": None if entry.slot is None else {"starts_at": entry.slot.starts_at, "ends_at": entry.slot.ends_at},
        "attended": [a.session.starts_at for a in entry.attendances.all()],
        "messages": [{"kind": m.kind, "kind_label": str(m.get_kind_display()), "sent_at": m.sent_at}
                     for m in entry.messages.all()],
        "matched_by": matched_by(subject, phone=entry.phone, email=entry.email),
    }
