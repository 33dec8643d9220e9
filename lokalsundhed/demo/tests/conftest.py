from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from allauth.mfa import app_settings as mfa_settings


def _wait_for_fresh_window(seconds_left: float = 4) -> None:
    """Codes are valid for one 30-second period only: don't start a login at its very end."""
    period = mfa_settings.TOTP_PERIOD
    remaining = period - time.time() % period
    if remaining < seconds_left:
        time.sleep(remaining + 0.1)


@pytest.fixture
def fresh_totp_window() -> Callable[..., None]:
    return _wait_for_fresh_window


@pytest.fixture
def var_dir(settings, tmp_path):
    """Files the commands write (var/demo-logins.json) go to a temporary directory."""
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.fixture
def demo(demo_for_the_module, db, var_dir):
    """The whole demo as `manage.py load_demo` leaves it, loaded once for the module (conftest.py)."""
