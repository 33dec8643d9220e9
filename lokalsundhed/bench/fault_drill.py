"""Fault drill: kill the worker and a web worker with SIGKILL under load, and count what was lost.

On a PostgreSQL database made for the drill (`lokalsundhed_drill` at 127.0.0.1:5432, user
postgres; dropped afterwards) with the demo loaded, it starts granian (WSGI, 2 workers, failed
workers respawned) and the huey worker, then for DRILL_SECONDS seconds:
- caretakers file observations through the web form (each answered 302 is "accepted"),
- intake workers claim the new referrals through the web,
- residents sign up for a course through the public page with a mobile number (their confirmation
  goes through the recording SMS gateway);
while the worker's reminder round (the real `send_reminders`, through a slow recording SMS gateway,
`bench/drill_backends.py`) sends to DRILL_REMINDERS residents, and the worker delivers every new
referral and change of state to the municipality's webhook (a receiver in this process that notes
each delivery as it arrives and answers after DRILL_WEBHOOK_SECONDS). In the middle, SIGKILL hits
the reminder round, the huey consumer and one granian worker. The round and the consumer are
started again — the round as the worker would run it after the claim lease has passed, the webhook
retries as the worker's minute does once a stopped attempt's claim has run out.

Then it checks: every accepted observation is there with its referral (none filed twice); every
accepted claim holds; every accepted sign-up exists once and its confirmation arrived once (after
the restarted consumer has emptied its queue and the outbox's sweep has sent what the killed
processes never queued or never finished); every resident got the reminder (lost messages) and
how many got it twice (repeats: only a message between the gateway's acceptance and
its record may repeat); every webhook event queued reached the receiver (lost), how many twice (an
attempt whose answer was never written is sent again) and none is left waiting for good; the
access log seals and its chain verifies.

Run alone: `python -m lokalsundhed.bench fault_drill`.
"""

from __future__ import annotations

import html
import http.server
import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

from lokalsundhed.bench.isolation import run_isolated

SECONDS = int(os.environ.get("DRILL_SECONDS", "20"))
REMINDERS = int(os.environ.get("DRILL_REMINDERS", "400"))
WEBHOOK_SECONDS = float(os.environ.get("DRILL_WEBHOOK_SECONDS", "0.2"))
DRAIN_SECONDS = float(os.environ.get("DRILL_DRAIN_SECONDS", "300"))
PG = "postgresql://postgres@127.0.0.1:5432"
DATABASE = "lokalsundhed_drill"
ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
_HIDDEN = re.compile(r'<input[^>]*type="hidden"[^>]*>')
_ATTR = re.compile(r'(name|value)="([^"]*)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Browser:
    """A person's browser: cookies, the CSRF token from the form, no redirects followed."""

    def __init__(self, base: str, session: str = "") -> None:
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.session = session

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        # One Cookie header: the jar's (the CSRF cookie) and the person's session.
        cookies = [f"{c.name}={c.value}" for c in self.jar] + ([f"sessionid={self.session}"] if self.session else [])
        if cookies:
            request.add_header("Cookie", "; ".join(cookies))
        try:
            with self.opener.open(request, timeout=30) as response:  # noqa: S310  (our own server on loopback)
                return response.status, response.read().decode(), response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            return error.code, "", error.headers.get("Location", "") if error.headers else ""
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return 0, "", ""  # the worker serving it died: the person sees an error

    def hidden_fields(self, path: str) -> dict[str, str]:
        status, body, _ = self._open(urllib.request.Request(self.base + path))  # noqa: S310
        fields = {}
        for tag in _HIDDEN.findall(body):
            attrs = dict(_ATTR.findall(tag))
            if "name" in attrs:
                fields[attrs["name"]] = html.unescape(attrs.get("value", ""))
        return fields

    def post(self, path: str, data: list[tuple[str, str]]) -> tuple[int, str]:
        token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
        request = urllib.request.Request(  # noqa: S310
            self.base + path, data=urllib.parse.urlencode(data).encode(), method="POST",
            headers={"Referer": self.base + path, "X-CSRFToken": token or ""})
        status, _, location = self._open(request)
        return status, location


class WebhookReceiver(http.server.ThreadingHTTPServer):
    """The municipality's case system on loopback: notes each delivery's id, then answers 200
    after WEBHOOK_SECONDS (so that a worker killed mid-round dies during an attempt)."""

    daemon_threads = True

    def __init__(self) -> None:
        self.received: list[int] = []
        lock = threading.Lock()
        received = self.received

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                with lock:
                    received.append(int(self.headers["X-Lokalsundhed-Delivery"]))
                time.sleep(WEBHOOK_SECONDS)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


def _environment(var_dir: str) -> dict[str, str]:
    env = {**os.environ, "DATABASE_URL": f"{PG}/{DATABASE}", "DEBUG": "false", "DJANGO_ENV": "development",
           "LOKALSUNDHED_VAR_DIR": var_dir, "SMS_BACKEND": "lokalsundhed.bench.drill_backends.RecordingSmsBackend",
           "DRILL_DELIVERIES": str(Path(var_dir) / "deliveries.txt"),
           "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
           "WEBHOOK_ALLOW_PRIVATE_ADDRESSES": "true",  # the drill's receiver listens on loopback
           # Every resident signs up from the drill's one address: the public forms' limits off.
           "PUBLIC_FORM_RATE_LIMIT": "0", "PUBLIC_FORM_MESSAGES_PER_RECIPIENT": "0",
           "DJANGO_SETTINGS_MODULE": "lokalsundhed.settings"}
    env.pop("HUEY_REDIS_URL", None)  # the SQLite queue in var_dir: shared by web and worker on one machine
    return env


def _psql(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _manage(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([str(VENV_BIN / "python"), str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _prepare(people: dict[str, Any]) -> dict[str, Any]:
    """A course session tomorrow with REMINDERS residents holding a place, each with their own number."""
    from django.utils import timezone

    from lokalsundhed.offers.models import Offer, Session, SignUp

    offer = Offer.objects.filter(kind=Offer.Kind.COURSE, is_published=True, cancelled_at__isnull=True).first()
    if offer is None:
        raise RuntimeError("the demo has no published course")
    tomorrow = timezone.localtime() + timedelta(days=1)
    starts = tomorrow.replace(hour=10, minute=0, second=0, microsecond=0)
    session = Session.objects.create(offer=offer, starts_at=starts, ends_at=starts + timedelta(hours=2))
    SignUp.objects.bulk_create(
        SignUp(offer=offer, status=SignUp.Status.CONFIRMED, first_name="Deltager", phone=f"+4570{n:06d}",
               confirmed_at=timezone.now()) for n in range(REMINDERS))
    return {"offer": offer, "session": session, **people}


def _people() -> dict[str, Any]:
    from lokalsundhed.accounts.models import Membership
    from lokalsundhed.core.permissions import Role
    from lokalsundhed.organisations.models import Dwelling
    from lokalsundhed.referrals.models import ReceivingUnit, Sign

    unit = ReceivingUnit.objects.filter(is_default=True, members__isnull=False).select_related("municipality").first()
    if unit is None:
        raise RuntimeError("the demo has no default unit with members")
    caretakers = [m.user for m in Membership.objects.filter(role=Role.CARETAKER).select_related("user")
                  if Dwelling.objects.filter(estate__municipality=unit.municipality.municipality,
                                             estate__housing_organisation=m.organisation).exists()]
    dwelling = Dwelling.objects.filter(estate__municipality=unit.municipality.municipality,
                                       estate__housing_organisation__memberships__user=caretakers[0]).first()
    sign = Sign.objects.filter(is_active=True).first()
    return {"caretaker": caretakers[0], "dwelling": dwelling, "sign": sign, "intake": unit.members.first(),
            "unit": unit}


def _listen(world: dict[str, Any], receiver: WebhookReceiver) -> None:
    """The unit's municipality registers its case system for new referrals and their changes (on
    loopback over plain HTTP, which the page would refuse outside development)."""
    from lokalsundhed.accounts.models import Membership
    from lokalsundhed.api.models import Webhook
    from lokalsundhed.api.webhooks import forget_webhooks

    municipality = world["unit"].municipality
    owner = Membership.objects.filter(organisation=municipality).select_related("user").first()
    if owner is None:
        raise RuntimeError("the demo's municipality has no member to own the webhook")
    Webhook.objects.create(organisation=municipality, url=receiver.url, secret="drill" * 8, created_by=owner.user,
                           events=[Webhook.Event.REFERRAL_CREATED, Webhook.Event.REFERRAL_STATE_CHANGED])
    forget_webhooks()


def _load(base: str, world: dict[str, Any], stop: threading.Event, results: dict[str, list[Any]]) -> list[threading.Thread]:
    from django.urls import reverse

    from lokalsundhed.bench.pages import session_for
    from lokalsundhed.referrals.models import Referral

    caretaker_session = session_for(world["caretaker"])
    intake_session = session_for(world["intake"])
    form_path = reverse("referrals:observation_new")

    def file_observations() -> None:
        person = Browser(base, caretaker_session)
        while not stop.is_set():
            fields = person.hidden_fields(form_path)
            if "csrfmiddlewaretoken" not in fields:
                results["errors"].append("observation form")
                continue
            data = [*fields.items(), ("dwelling", str(world["dwelling"].pk)), ("signs", str(world["sign"].pk)),
                    ("consent", "yes"), ("description", "Har ikke set beboeren i flere dage."), ("send", "1")]
            status, location = person.post(form_path, data)
            if status == 302:
                results["filed"].append(location)
            else:
                results["errors"].append(f"observation {status}")

    def claim_referrals() -> None:
        person = Browser(base, intake_session)
        person.hidden_fields(reverse("referrals:queue"))  # the CSRF cookie
        while not stop.is_set():
            open_ids = list(Referral.objects.filter(unit=world["unit"], claimed_by__isnull=True,
                                                    state__in=Referral.OPEN_STATES).values_list("pk", flat=True)[:5])
            if not open_ids:
                time.sleep(0.1)
                continue
            for pk in open_ids:
                status, _ = person.post(reverse("referrals:referral_claim", args=[pk]), [])
                (results["claimed"] if status == 302 else results["errors"]).append(pk if status == 302 else
                                                                                     f"claim {status}")

    def sign_up() -> None:
        path = reverse("offers:public_offer", args=[world["offer"].pk])
        n = 0
        while not stop.is_set():
            person = Browser(base)
            fields = person.hidden_fields(path)
            n += 1
            name, phone = f"Drill{threading.get_ident() % 1000}x{n}", f"+4528{n:06d}"  # the confirmation by SMS
            status, _ = person.post(path, [*fields.items(), ("first_name", name), ("phone", phone),
                                           ("language", "da"), ("first_time", "")])
            if status == 302:
                results["signed_up"].append(name)
                results["confirm_to"].append(phone)
            else:
                results["errors"].append(f"sign-up {status}")

    threads = [threading.Thread(target=target, daemon=True)
               for target in (file_observations, file_observations, claim_referrals, sign_up)]
    for thread in threads:
        thread.start()
    return threads


def _granian_workers(server: subprocess.Popen[bytes]) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server.pid)], capture_output=True, text=True)  # noqa: S603,S607
    return [int(pid) for pid in out.stdout.split()]


def _drill(var_dir: str) -> list[str]:
    env = _environment(var_dir)
    subprocess.run([str(VENV_BIN / "python"), str(ROOT / "manage.py"), "migrate", "-v", "0"], env=env, cwd=ROOT,  # noqa: S603
                   check=True)
    subprocess.run([str(VENV_BIN / "python"), str(ROOT / "manage.py"), "load_demo"], env=env, cwd=ROOT,  # noqa: S603
                   check=True, stdout=subprocess.DEVNULL)
    return run_isolated(_load_and_kill, env)


def _load_and_kill() -> list[str]:
    """Runs in its own process (bench/isolation.py), with the drill's environment."""
    from django.utils import timezone
    from huey.contrib.djhuey import HUEY

    from lokalsundhed.api import webhooks
    from lokalsundhed.api.models import Delivery
    from lokalsundhed.audit.services import seal_pending, verify
    from lokalsundhed.bench.pages import _free_port, _wait_for
    from lokalsundhed.core import outbox
    from lokalsundhed.core.models import OutboxEntry
    from lokalsundhed.offers.models import Message, SignUp
    from lokalsundhed.referrals.models import Observation, Referral

    env = dict(os.environ)
    unanswered = Delivery.objects.filter(state=Delivery.State.PENDING, attempts__gt=0, last_status__isnull=True,
                                         last_error="")
    world = _prepare(_people())
    receiver = WebhookReceiver()
    _listen(world, receiver)
    observations_before = set(Observation.objects.values_list("pk", flat=True))
    port = _free_port()
    server = subprocess.Popen(  # noqa: S603
        [str(VENV_BIN / "granian"), "--interface", "wsgi", "--host", "127.0.0.1", "--port", str(port), "--workers",
         "2", "--respawn-failed-workers", "--log-level", "error", "lokalsundhed.wsgi:application"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    consumer = _manage(env, "run_huey", "--quiet")
    results: dict[str, list[Any]] = {"filed": [], "claimed": [], "signed_up": [], "confirm_to": [], "errors": []}
    stop = threading.Event()
    lines = []
    try:
        _wait_for(port)
        threads = _load(f"http://127.0.0.1:{port}", world, stop, results)
        time.sleep(SECONDS / 4)
        # The worker's reminder round, killed once it has sent about a third.
        reminders = _manage(env, "offers_housekeeping", "--skip-retention")
        deliveries = Path(env["DRILL_DELIVERIES"])
        while (deliveries.read_text().count("\n") if deliveries.exists() else 0) < REMINDERS // 3:
            time.sleep(0.05)
        reminders.send_signal(signal.SIGKILL)
        consumer.send_signal(signal.SIGKILL)
        killed_web = _granian_workers(server)[:1]
        for pid in killed_web:
            os.kill(pid, signal.SIGKILL)
        killed_at = time.monotonic()
        reminders.wait()
        consumer.wait()
        # Attempts the dead consumer had claimed and not answered: each is left to run out.
        in_flight = unanswered.count()
        consumer = _manage(env, "run_huey", "--quiet")  # the process manager starts it again
        time.sleep(max(0.0, SECONDS * 3 / 4 - (time.monotonic() - killed_at)))
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        # The restarted consumer works through what was queued under load (up to DRILL_DRAIN_SECONDS).
        drain_started = time.monotonic()
        while HUEY.pending_count() and time.monotonic() - drain_started < DRAIN_SECONDS:
            time.sleep(0.5)
        drained = (HUEY.pending_count(), time.monotonic() - drain_started)
        # The next rounds, as the worker runs them hourly — the second after the claim lease.
        later = timezone.localtime() + timedelta(minutes=1)
        for moment in (later, later + timedelta(minutes=16)):
            subprocess.run([str(VENV_BIN / "python"), str(ROOT / "manage.py"), "offers_housekeeping",  # noqa: S603
                            "--skip-retention", "--now", moment.strftime("%Y-%m-%dT%H:%M:%S")],
                           env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    finally:
        stop.set()
        consumer.send_signal(signal.SIGTERM)
        server.terminate()
        server.wait(timeout=30)
        consumer.wait(timeout=30)
    # The worker's minute of webhook retries, once every stopped attempt's claim has run out
    # (the consumer stopped at the end may have left attempts unanswered too).
    in_flight_at_stop = unanswered.count()
    waiting = Delivery.objects.filter(state=Delivery.State.PENDING).count()
    retried = webhooks.retry_due(now=timezone.now() + timedelta(minutes=15), limit=100_000)
    never_settled = Delivery.objects.filter(state=Delivery.State.PENDING).count()
    receiver.shutdown()
    # The worker's minute of the outbox (confirmations, staff's notices), once every stopped
    # send's claim has run out: what the killed processes never queued or never finished.
    outbox_waiting = OutboxEntry.objects.filter(sent_at__isnull=True, failed_at__isnull=True).count()
    outbox_claimed = OutboxEntry.objects.filter(sent_at__isnull=True, failed_at__isnull=True, attempts__gt=0).count()
    outbox_sent_late = outbox.send_due(now=timezone.now() + outbox.LEASE, limit=100_000)
    outbox_left = OutboxEntry.objects.filter(sent_at__isnull=True).count()

    new = Observation.objects.exclude(pk__in=observations_before)
    accepted = {int(m.group(1)) for loc in results["filed"] if (m := re.search(r"/observation/(\d+)/", loc))}
    without_referral = new.filter(pk__in=accepted, referral__isnull=True).count()
    missing = accepted - set(new.values_list("pk", flat=True))
    claims_lost = Referral.objects.filter(pk__in=results["claimed"], claimed_by__isnull=True).count()
    signed = Counter(SignUp.objects.filter(first_name__in=results["signed_up"]).values_list("first_name", flat=True))
    sign_ups_missing = len(set(results["signed_up"]) - set(signed))
    sign_ups_twice = sum(1 for n in signed.values() if n > 1)
    delivered = Counter(Path(env["DRILL_DELIVERIES"]).read_text().split())
    phones = [f"+4570{n:06d}" for n in range(REMINDERS)]
    lost = sum(1 for phone in phones if delivered[phone] == 0)
    confirmations_lost = sum(1 for phone in results["confirm_to"] if delivered[phone] == 0)
    confirmations_twice = sum(1 for phone in results["confirm_to"] if delivered[phone] > 1)
    repeats = sum(delivered[phone] - 1 for phone in phones if delivered[phone] > 1)
    ledger = Message.objects.filter(session=world["session"], kind=Message.Kind.REMINDER, sent_at__isnull=False).count()
    queued = set(Delivery.objects.values_list("pk", flat=True))
    heard = Counter(receiver.received)
    events_lost = len(queued - set(heard))
    events_twice = sum(1 for pk in queued if heard[pk] > 1)
    created_events = Delivery.objects.filter(event="referral.created").values_list("payload__data__referral_id",
                                                                                   flat=True)
    accepted_referrals = set(Referral.objects.filter(observation_id__in=accepted).values_list("pk", flat=True))
    without_event = len(accepted_referrals - set(created_events))
    # The drill's own figures were written after the last request: give the sealer no grace.
    from django.conf import settings

    settings.AUDIT_SEAL_GRACE_SECONDS = 0
    sealed = seal_pending(wait_seconds=5)
    problems = list(verify())
    lines += [
        f"load for {SECONDS} s on PostgreSQL; SIGKILL to the reminder round (after {REMINDERS // 3} of {REMINDERS}"
        f" sent), the huey consumer and granian worker(s) {killed_web}; both restarted",
        f"observations accepted (302): {len(accepted)}; missing: {len(missing)}; without referral: {without_referral}; "
        f"filed in all: {new.count()} (the rest were answered with an error while a worker died)",
        f"claims accepted: {len(results['claimed'])}; lost: {claims_lost}",
        f"sign-ups accepted: {len(results['signed_up'])}; missing: {sign_ups_missing}; twice: {sign_ups_twice};"
        f" confirmations (SMS) lost: {confirmations_lost}; sent twice: {confirmations_twice}",
        f"reminders: {REMINDERS} residents; lost: {lost}; repeated: {repeats}; ledger marks sent: {ledger}",
        f"webhook events queued: {len(queued)} (accepted referrals without one: {without_event}); unanswered"
        f" attempts at the kill: {in_flight}, at the stop: {in_flight_at_stop}; still waiting at the stop: {waiting},"
        f" attempted afterwards: {retried}; left waiting for good: {never_settled}; lost: {events_lost};"
        f" received twice: {events_twice}",
        f"the worker's queue after the load: {drained[0]} tasks left after {drained[1]:.0f} s",
        f"outbox at the stop: {outbox_waiting} notices not sent ({outbox_claimed} claimed by a stopped worker),"
        f" sent by the sweep afterwards: {outbox_sent_late}; left unsent: {outbox_left}",
        f"requests answered with an error: {len(results['errors'])} "
        f"({', '.join(f'{what}: {n}' for what, n in Counter(results['errors']).most_common(4))})",
        f"access log: {sealed} entries sealed now; chain verifies: {'yes' if not problems else problems[:3]}",
    ]
    return lines


def run() -> list[str]:
    _psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    _psql(f'CREATE DATABASE "{DATABASE}"')
    try:
        with tempfile.TemporaryDirectory(prefix="lokalsundhed-drill-") as var_dir:
            return _drill(var_dir)
    finally:
        _psql(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
