"""The sections of a data subject's access request (GDPR Art. 15), one per app that holds
personal data about residents.

Each app registers a provider in its own `subject_access.py` module (found by
`CoreConfig.ready`): a function that takes the exporting user and the `Subject` and returns
the records its app holds about them as plain dicts, already narrowed to what the user's
organisations hold (through the app's scope helpers). The export pages (the `subject_access`
app) only ask this registry, so no app imports another's internals.

Staff names are never part of a record: they are not the resident's data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Replace

from lokalsundhed.core.phones import ascii_digits, parse_phone

if TYPE_CHECKING:
    from django.db.models import Expression, Model
    from django.utils.functional import Promise

    from lokalsundhed.accounts.models import User
    from lokalsundhed.organisations.models import Dwelling

Record = dict[str, Any]
Collect = Callable[["User", "Subject"], list[Record]]


@dataclass(frozen=True)
class Logged:
    """A record as the access log names it (`referrals.referral`, 42). `since`: only the entries
    from then on concern the resident (a list of an offer's participants read before they signed up
    does not)."""

    object_type: str
    object_id: int
    since: datetime | None = None


LoggedAs = Callable[[Record], list[Logged]]


def _not_logged(record: Record) -> list[Logged]:
    return []


@dataclass(frozen=True)
class Subject:
    """Who the request is about: a dwelling, the resident's mobile number (normalised, see
    `normalise_phone`) or e-mail address (lower case) — at least one of the three — and
    optionally their first name, which narrows what the others find.

    Without a dwelling the resident is known only by number or e-mail (a sign-up, an errand
    asked for with a free address): a provider then finds only what those identify."""

    dwelling: Dwelling | None = None
    first_name: str = ""
    phone: str = ""
    email: str = ""

    def __post_init__(self) -> None:
        if self.dwelling is None and not (self.phone or self.email):
            raise ValueError("a subject needs a dwelling, a mobile number or an e-mail address")

    @classmethod
    def of(cls, dwelling: Dwelling | None = None, first_name: str = "", phone: str = "", email: str = "") -> Subject:
        return cls(dwelling=dwelling, first_name=first_name.strip(), phone=normalise_phone(phone),
                   email=email.strip().lower())

    @property
    def identifiers(self) -> list[str]:
        """Which identifiers were given (names of fields, never values), the dwelling first."""
        given = ["dwelling"] if self.dwelling is not None else []
        return given + [name for name in ("first_name", "phone", "email") if getattr(self, name)]


@dataclass(frozen=True)
class Provider:
    key: str
    title: str | Promise
    # Says in plain words how the section finds its records (shown under its heading).
    found_by: str | Promise
    # Renders the section's records in the PDF; gets `records`.
    template: str
    order: int
    collect: Collect
    # The models whose records about residents the section exports: every model that holds a
    # resident's name, number or e-mail address is held by a section (core/tests/test_subject_access.py).
    holds: tuple[type[Model], ...]
    # Under which names the access log records reads and changes of one of the section's records,
    # so that the export can say who read them (subject_access/access_log.py).
    logged_as: LoggedAs = _not_logged


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    found_by: str
    records: list[Record]


_PROVIDERS: dict[str, Provider] = {}


def register(key: str, *, title: str | Promise, found_by: str | Promise, template: str, order: int,
             holds: tuple[type[Model], ...], logged_as: LoggedAs = _not_logged) -> Callable[[Collect], Collect]:
    """Declare an app's section of the export, the models whose records it exports and the names
    the access log knows each record by. Used once per key."""

    def decorator(collect: Collect) -> Collect:
        if key in _PROVIDERS:
            raise ImproperlyConfigured(f"the subject-access section {key!r} is already registered")
        _PROVIDERS[key] = Provider(key=key, title=title, found_by=found_by, template=template, order=order,
                                   collect=collect, holds=holds, logged_as=logged_as)
        return collect

    return decorator


def providers() -> list[Provider]:
    return sorted(_PROVIDERS.values(), key=lambda p: (p.order, p.key))


def sections(user: User, subject: Subject) -> list[Section]:
    """Every registered section, in order, with what the user's organisations hold about the subject."""
    return [
        Section(key=p.key, title=str(p.title), found_by=str(p.found_by), records=p.collect(user, subject))
        for p in providers()
    ]


# --- Matching phone numbers ----------------------------------------------------------------

# What people put between the digits of a phone number.
_PHONE_NOISE = (" ", "\u00a0", "-", ".", "(", ")", "/")
DANISH_PREFIX = "45"


def normalise_phone(raw: str) -> str:
    """'+45 20 30 40 50', '0045-20304050', '4520304050' → '20304050'. A foreign number keeps its
    country code with a plus ('0048 601 …' → '+48601…'). Empty when there are no digits.

    Read through `core.phones` (any script's digits, E.164); a number stored before that, which
    it refuses, is still reduced to its digits so that it can be found."""
    try:
        e164 = parse_phone(raw)
    except ValidationError:
        pass
    else:
        return e164[3:] if e164.startswith(f"+{DANISH_PREFIX}") and len(e164) == 11 else e164
    text = ascii_digits(raw).strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    international = text.startswith("+")
    if not international and digits.startswith("00"):
        international, digits = True, digits[2:]
    if digits.startswith(DANISH_PREFIX) and len(digits) == 10:
        return digits[2:]
    if international and digits:
        return f"+{digits}"
    return digits


def phone_variants(phone: str) -> list[str]:
    """The ways a normalised number may have been stored once noise is removed (`phone_key`)."""
    if not phone:
        return []
    if phone.startswith("+"):
        digits = phone[1:]
        return [phone, f"00{digits}", digits]
    if len(phone) == 8:  # a Danish number, perhaps stored with the country code
        return [phone, f"+{DANISH_PREFIX}{phone}", f"00{DANISH_PREFIX}{phone}", f"{DANISH_PREFIX}{phone}"]
    return [phone, f"+{phone}", f"00{phone}"]


def phone_key(field: str) -> Expression:
    """The stored number without spaces, dashes, dots, slashes or brackets, in the database:
    `qs.alias(key=phone_key("phone")).filter(key__in=phone_variants(subject.phone))`."""
    expression: Any = F(field)
    for noise in _PHONE_NOISE:
        expression = Replace(expression, Value(noise), Value(""))
    return expression


def same_phone(stored: str, phone: str) -> bool:
    """Whether a stored number is the subject's (normalised) number, to say why a record matched."""
    return bool(phone) and normalise_phone(stored) == phone


# --- What a section finds ------------------------------------------------------------------------

M = TypeVar("M", bound="Model")


def held_about(records: QuerySet[M], subject: Subject, *, dwelling: str = "", phone: str = "", email: str = "",
               first_name: str = "") -> QuerySet[M] | None:
    """The records (already narrowed to what the exporting user's organisations hold) that the
    subject's dwelling, mobile number or e-mail address find, each compared on the field named for
    it (a field left unnamed finds nothing); the first name, when given, narrows them to that
    resident. None when nothing given can find a record: the section then asks no query."""
    match = Q()
    if dwelling and subject.dwelling is not None:
        match |= Q(**{dwelling: subject.dwelling})
    if phone and subject.phone:
        records = records.alias(subject_phone_key=phone_key(phone))
        match |= Q(subject_phone_key__in=phone_variants(subject.phone))
    if email and subject.email:
        match |= Q(**{f"{email}__iexact": subject.email})
    if not match:
        return None
    records = records.filter(match)
    if first_name and subject.first_name:
        records = records.filter(**{f"{first_name}__iexact": subject.first_name})
    return records


def matched_by(subject: Subject, *, dwelling_id: int | None = None, phone: str = "", email: str = "") -> list[str]:
    """Why a record is in the export: which of the subject's identifiers its own values match."""
    return [name for name, matched in (
        ("dwelling", subject.dwelling is not None and dwelling_id == subject.dwelling.pk),
        ("phone", same_phone(phone, subject.phone)),
        ("email", bool(subject.email) and email.lower() == subject.email),
    ) if matched]
