"""Settings for the pages benchmark: the project's own, plus the bare view's URL (bench/bare.py)."""

from lokalsundhed.settings import *  # noqa: F403

ROOT_URLCONF = "lokalsundhed.bench.bare"
