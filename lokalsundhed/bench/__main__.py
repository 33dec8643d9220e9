"""`make bench`: run every benchmark module and print its figures.

Run one: `python -m lokalsundhed.bench NAME`. Figures go in docs/benchmarks.md by hand.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys

import django


def main(argv: list[str]) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokalsundhed.settings")
    django.setup()
    import lokalsundhed.bench as package

    names = argv or sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))
    for name in names:
        module = importlib.import_module(f"lokalsundhed.bench.{name}")
        print(f"== {name}", flush=True)
        for line in module.run():
            print(f"   {line}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
