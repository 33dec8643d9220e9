"""A webhook reaches only the internet: the platform's worker must not be turned into a probe of
the network it runs in (the cloud's metadata service, the database, an admin interface), neither
by the address registered, nor by a name that later resolves inward, nor by a redirect."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest
from django.urls import reverse

from lokalsundhed.api import webhooks
from lokalsundhed.api.models import Webhook
from lokalsundhed.api.services import ClientRefused, register_webhook
from lokalsundhed.core.tests.support import log_in


@pytest.fixture(autouse=True)
def _production(settings):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False  # as in production (development allows them)


def _register(world, url):
    return register_webhook(organisation=world.municipality_m, url=url, events=["referral.created"],
                            actor=world.users["municipal_admin"])


def _resolves_to(monkeypatch, *addresses):
    def getaddrinfo(host, port, *args, **kwargs):
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                 (a, port or 443)) for a in addresses]
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("url", [
    "https://127.0.0.1/hook", "https://10.1.2.3/hook", "https://192.168.0.10:8443/hook", "https://[::1]/hook",
    "https://169.254.169.254/latest/meta-data/", "https://localhost/hook", "https://db.localhost/hook",
    "https://[::ffff:10.0.0.1]/hook", "https://100.64.0.1/hook", "https://0.0.0.0/hook",
])
def test_an_address_inside_a_private_or_local_network_is_refused_at_registration(world, url):
    with pytest.raises(ClientRefused, match="internet"):
        _register(world, url)


def test_a_name_that_resolves_inward_is_refused_at_registration(world, monkeypatch):
    _resolves_to(monkeypatch, "93.184.216.34", "10.0.0.7")  # one of them is enough
    with pytest.raises(ClientRefused, match="internet"):
        _register(world, "https://sag.example.dk/hook")


def test_a_name_on_the_internet_or_not_resolvable_today_is_registered(world, monkeypatch):
    _resolves_to(monkeypatch, "93.184.216.34")
    assert _register(world, "https://sag.example.dk/hook").webhook.pk

    def unknown(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", unknown)
    assert _register(world, "https://ny.example.dk/hook").webhook.pk  # each delivery checks again


def test_a_delivery_to_a_name_that_now_resolves_inward_connects_nowhere(monkeypatch):
    """A name registered while public may later point inward (DNS rebinding): the delivery resolves
    it itself, refuses before any connection, and connects to the very address it checked."""
    _resolves_to(monkeypatch, "169.254.169.254")

    def connect(*args, **kwargs):
        raise AssertionError("a connection was opened")
    monkeypatch.setattr(webhooks.socket, "create_connection", connect)
    with pytest.raises(webhooks.PrivateAddress):
        webhooks.http_post("https://sag.example.dk/hook", b"{}", {}, 5)


class _Receiver(http.server.ThreadingHTTPServer):
    def __init__(self, answer: int, location: str = ""):
        self.calls: list[tuple[str, bytes, dict[str, str]]] = []
        calls = self.calls

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                calls.append((self.path, self.rfile.read(int(self.headers["Content-Length"])), dict(self.headers)))
                self.send_response(answer)
                if location:
                    self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()

            do_GET = do_POST

            def log_message(self, *args):
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def receivers():
    started: list[_Receiver] = []

    def start(answer, location=""):
        started.append(_Receiver(answer, location))
        return started[-1]
    yield start
    for receiver in started:
        receiver.shutdown()
        receiver.server_close()


def test_a_local_receiver_is_reached_only_where_private_addresses_are_allowed(settings, receivers):
    receiver = receivers(204)
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = False
    with pytest.raises(webhooks.PrivateAddress):
        webhooks.http_post(receiver.url + "/hook", b'{"event":"x"}', {"X-Lokalsundhed-Event": "x"}, 5)
    assert receiver.calls == []
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True  # development and the fault drill
    assert webhooks.http_post(receiver.url + "/hook?a=1", b'{"event":"x"}', {"X-Lokalsundhed-Event": "x"}, 5) == 204
    [(path, body, headers)] = receiver.calls
    assert (path, body, headers["X-Lokalsundhed-Event"]) == ("/hook?a=1", b'{"event":"x"}', "x")


def test_a_redirect_is_not_followed(settings, receivers):
    settings.WEBHOOK_ALLOW_PRIVATE_ADDRESSES = True
    inward = receivers(200)
    redirecting = receivers(302, location=inward.url + "/admin")
    assert webhooks.http_post(redirecting.url + "/hook", b"{}", {}, 5) == 302  # a failed attempt
    assert len(redirecting.calls) == 1 and inward.calls == []


def test_the_administrator_is_told_why_and_keeps_what_they_typed(client, world):
    log_in(client, world.users["municipal_admin"])
    response = client.post(reverse("api:webhook_new"), {"url": "https://169.254.169.254/latest/meta-data/",
                                                         "events": ["referral.created"]}, HTTP_ACCEPT_LANGUAGE="da")
    page = response.content.decode()
    assert response.status_code == 400 and not Webhook.objects.exists()
    assert "skal være på internettet: 169.254.169.254 er i et privat eller lokalt netværk" in page
    assert "https://169.254.169.254/latest/meta-data/" in page
