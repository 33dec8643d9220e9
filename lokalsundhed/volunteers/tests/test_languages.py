"""A volunteer reads everything of their own role in the resident languages, like the recruitment
page they came from: their shifts, their overview, the login by a code and its e-mail, and the
messages sent to them — in the language they last read their pages in. The coordinators' pages
about volunteers stay Danish and English."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from lokalsundhed.core.sms import LocmemSmsBackend
from lokalsundhed.core.tests.support import log_in
from lokalsundhed.offers.tests.factories import make_offer
from lokalsundhed.volunteers import services
from lokalsundhed.volunteers.models import Volunteer
from lokalsundhed.volunteers.tests.factories import volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def amal(world):
    worker = world.users["social_worker"]
    cafe = make_offer(worker, estate=world.estate_a, sessions=2, title="Fredagscafé", kind="activity")
    person = volunteer(world.estate_a, "Amal", email="amal@example.dk", admin=worker)
    services.assign(person, cafe, role="Kaffe", actor=worker)
    services.add_shift(cafe.sessions.first(), role="Kaffe", volunteer=person, actor=worker)
    return person


def _in(client, language: str):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def _switch_offers(page: str) -> list[str]:
    return re.findall(r'<button type="submit" name="language" value="(\w+)"', page)


def test_a_volunteers_shifts_in_arabic_read_right_to_left_with_every_resident_language_to_choose(client, amal):
    client.force_login(amal.user)
    page = _in(client, "ar").get(reverse("volunteers:my_shifts")).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "مناوباتي" in page and "Fredagscafé" in page  # "My shifts"
    assert "Mine vagter" not in page
    assert sorted(_switch_offers(page)) == sorted(set(settings.RESIDENT_LANGUAGES) - {"ar"})


@pytest.mark.parametrize("step", ["shift_offer", "shift_take_back"])
def test_what_a_volunteer_is_told_after_a_step_is_in_their_language(client, amal, step):
    client.force_login(amal.user)
    shift = amal.shifts.get()
    if step == "shift_take_back":
        services.offer_swap(shift, volunteer=amal)
    page = _in(client, "uk").post(reverse(f"volunteers:{step}", args=[shift.pk]), follow=True).content.decode()
    assert '<html lang="uk" dir="ltr">' in page
    told = {"shift_offer": "Вашу зміну запропоновано іншим волонтерам.",
            "shift_take_back": "Зміна знову ваша"}[step]
    assert told in page


def test_a_volunteers_overview_speaks_turkish_and_a_coordinators_volunteer_pages_stay_danish(client, world, amal):
    client.force_login(amal.user)
    overview = _in(client, "tr").get(reverse("core:home")).content.decode()
    assert '<html lang="tr" dir="ltr">' in overview and "Vardiyalarım" in overview

    client.logout()
    log_in(_in(client, "tr"), world.users["social_worker"])
    for name, args in (("volunteers:volunteer_list", []), ("volunteers:volunteer_detail", [amal.pk])):
        page = client.get(reverse(name, args=args)).content.decode()
        assert '<html lang="da" dir="ltr">' in page, name
        assert sorted(_switch_offers(page)) == ["en"], name


def test_the_login_by_a_code_and_its_e_mail_speak_the_volunteers_language(client, amal):
    request_page = _in(client, "ar").get(reverse("account_request_login_code")).content.decode()
    assert '<html lang="ar" dir="rtl">' in request_page
    assert sorted(_switch_offers(request_page)) == sorted(set(settings.RESIDENT_LANGUAGES) - {"ar"})
    assert "أرسل لي رمزًا" in request_page  # "Send me a code"

    confirm_page = client.post(reverse("account_request_login_code"), {"email": "amal@example.dk"},
                               follow=True).content.decode()
    assert '<html lang="ar" dir="rtl">' in confirm_page and "أدخل الرمز" in confirm_page  # "Type the code"
    message = mail.outbox[-1]
    assert "رمز" in message.subject and "Sign-In" not in message.subject
    code = re.search(r"^([A-Z0-9]{4}-[A-Z0-9]{4})$", message.body, re.M).group(1)
    assert "lokalsundhed" in message.body and "Hello from" not in message.body

    wrong = client.post(reverse("account_confirm_login_code"), {"code": "AAAA-AAAA"}).content.decode()
    assert "الرمز غير صحيح" in wrong  # "The code is not right"
    client.post(reverse("account_confirm_login_code"), {"code": code})
    assert client.get(reverse("volunteers:my_shifts")).status_code == 200


def test_a_volunteer_keeps_the_language_they_signed_up_in_and_then_the_one_they_read_their_shifts_in(client, world):
    recruit = reverse("volunteers:recruit", args=[world.estate_a.pk])
    _in(client, "so").post(recruit, {"first_name": "Hodan", "phone": "+45 20 30 40 51", "email": "hodan@example.dk",
                                     "consent": "on"})
    hodan = Volunteer.objects.get(first_name="Hodan")
    assert hodan.language == "so"

    services.approve(hodan, actor=world.users["social_worker"])
    client.force_login(Volunteer.objects.get(pk=hodan.pk).user)
    _in(client, "pl").get(reverse("volunteers:my_shifts"))
    assert Volunteer.objects.get(pk=hodan.pk).language == "pl"


def test_a_volunteer_who_chose_polish_gets_their_shifts_by_sms_in_polish(amal, settings,
                                                                       django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox = []
    Volunteer.objects.filter(pk=amal.pk).update(language="pl")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_shifts_by_sms(Volunteer.objects.get(pk=amal.pk))
    body = LocmemSmsBackend.outbox[-1].body
    assert body.startswith("Twoje dyżury:") and "Fredagscafé" in body


def test_an_arabic_sms_is_laid_out_right_to_left(amal, settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "lokalsundhed.core.sms.LocmemSmsBackend"
    LocmemSmsBackend.outbox = []
    Volunteer.objects.filter(pk=amal.pk).update(language="ar")
    with django_capture_on_commit_callbacks(execute=True):
        services.send_shifts_by_sms(Volunteer.objects.get(pk=amal.pk))
    lines = LocmemSmsBackend.outbox[-1].body.splitlines()
    # Each line starts with a right-to-left mark: a line beginning with a Danish title stays right to left.
    assert all(line.startswith("\u200f") for line in lines), lines
