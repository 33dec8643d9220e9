"""Charts drawn on the server with pygal, as SVG that holds under the strict CSP.

pygal styles its SVG with a `<style>` element and adds a `<script>` for tooltips; the CSP
allows neither. So each chart is rendered without scripts, then every `<style>`, `<script>`,
`style` attribute and tooltip is removed and the look is written back as SVG presentation
attributes (fill, stroke, font-size), which the CSP does not touch. The same SVG goes inline on
the page and into the PDF (WeasyPrint).

Colours are DKFDS's, in an order that stays apart for the common colour-vision deficiencies;
from the second series on, each series also carries its own hatching, every bar prints its
value, and a data table stands beside every chart: meaning never rests on colour alone.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET  # noqa: S405 — we parse the SVG pygal just produced, not input
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pygal
from django.utils.safestring import SafeString, mark_safe
from pygal.style import Style

SVG_NS = "http://www.w3.org/2000/svg"

# DKFDS: primary blue, dark grey, warning yellow-orange, success green; distinct also in grey.
PALETTE = ("#0059b3", "#3d3d3d", "#e08a00", "#358000", "#8a4b9e")
TEXT = "#1a1a1a"
GRID = "#bfbfbf"
FONT = "'IBM Plex Sans', Arial, sans-serif"


@dataclass(frozen=True)
class Chart:
    """A chart with its one-line summary and the data table beside it."""

    key: str
    title: str
    summary: str
    labels: list[str]
    series: list[tuple[str, list[float | None]]]
    shown: list[list[str]] = field(default_factory=list)  # the table's cells as shown (suppression applied)
    horizontal: bool = True

    @property
    def svg(self) -> SafeString:
        return render_svg(self)

    @property
    def drawn(self) -> tuple[Any, ...]:
        """Everything the picture is drawn from (not the table's cells)."""
        return (self.key, self.title, self.summary, tuple(self.labels),
                tuple((name, tuple(values)) for name, values in self.series), self.horizontal)

    @property
    def table(self) -> list[tuple[str, list[str]]]:
        return [(label, [row[i] for row in self.shown]) for i, label in enumerate(self.labels)]


def _style() -> Style:
    return Style(background="#ffffff", plot_background="#ffffff", foreground=TEXT, foreground_strong=TEXT,
                 foreground_subtle=GRID, colors=PALETTE, font_family=FONT, value_font_size=12,
                 label_font_size=12, major_label_font_size=12, legend_font_size=12, title_font_size=14)


def _pygal(chart: Chart) -> Any:
    kind = pygal.HorizontalBar if chart.horizontal else pygal.Bar
    height = max(220, 60 + 28 * len(chart.labels) * max(1, len(chart.series))) if chart.horizontal else 320
    drawn = kind(style=_style(), js=[], css=[], disable_xml_declaration=True, no_prefix=True, width=640,
                 height=height, print_values=True, print_zeroes=True, show_legend=len(chart.series) > 1,
                 legend_at_bottom=True, legend_at_bottom_columns=3, truncate_label=40, truncate_legend=40,
                 margin=12, spacing=8, show_y_guides=not chart.horizontal, show_x_guides=chart.horizontal,
                 value_formatter=lambda v: f"{v:g}".replace(".", ","))
    drawn.x_labels = chart.labels
    for name, values in chart.series:
        drawn.add(name, values)
    return drawn


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _hatching(defs: ET.Element, ident: str) -> None:
    """Patterns for series 2, 3 … : their colour with white hatching of their own."""
    shapes = [None, "M0,6 L6,0", "M0,0 L6,6", "M3,0 L3,6", "M0,3 L6,3"]
    for index, colour in enumerate(PALETTE):
        if shapes[index] is None:
            continue
        pattern = ET.SubElement(defs, f"{{{SVG_NS}}}pattern", id=f"{ident}-p{index}", width="6", height="6",
                                patternUnits="userSpaceOnUse")
        ET.SubElement(pattern, f"{{{SVG_NS}}}rect", width="6", height="6", fill=colour)
        ET.SubElement(pattern, f"{{{SVG_NS}}}path", {"d": str(shapes[index]), "stroke": "#ffffff", "stroke-width": "1.5"})


def _paint(element: ET.Element, inherited: set[str], ident: str) -> None:
    classes = _classes(element) | inherited
    tag = element.tag.rsplit("}", 1)[-1]
    for name in [n for n in element.attrib if n == "style"]:
        del element.attrib[name]
    colour = next((int(c.split("-")[1]) for c in _classes(element) if c.startswith("color-")), None)
    if colour is not None and "text-overlay" not in inherited:
        index = colour % len(PALETTE)
        element.set("fill", PALETTE[index] if index == 0 else f"url(#{ident}-p{index})")
        element.set("stroke", PALETTE[index])
    if tag == "rect" and "background" in classes:
        element.set("fill", "#ffffff")
    if tag in ("path", "line") and ("line" in classes or "guide" in classes):
        element.set("stroke", GRID if "guide" in classes else TEXT)
        element.set("fill", "none")
    if tag == "text":
        element.set("fill", TEXT)
        element.set("font-family", FONT)
        element.set("font-size", "14" if "title" in classes else "12")
        if "title" in classes or "centered" in classes or ("axis" in classes and "x" in classes
                                                            and "transform" not in element.attrib):
            element.set("text-anchor", "middle")
    for child in list(element):
        child_tag = child.tag.rsplit("}", 1)[-1]
        if child_tag in ("style", "script") or "tooltip" in _classes(child):
            element.remove(child)
            continue
        _paint(child, classes, ident)


def render_svg(chart: Chart) -> SafeString:
    """The chart as inline SVG: no style, no script, labelled for screen readers. The same data
    draws the same picture, so each worker keeps the last few hundred drawn (pygal takes 5–10 ms a
    chart, the most of a dashboard's time)."""
    return _drawn(chart.drawn)


@lru_cache(maxsize=256)
def _drawn(drawn: tuple[Any, ...]) -> SafeString:
    key, title, summary, labels, series, horizontal = drawn
    chart = Chart(key=key, title=title, summary=summary, labels=list(labels),
                  series=[(name, list(values)) for name, values in series], horizontal=horizontal)
    raw = _pygal(chart).render(is_unicode=True)
    root = ET.fromstring(raw)  # noqa: S314 — pygal's own output
    # From the content, so that the same chart drawn again is the same SVG (ids unique per chart).
    ident = f"{chart.key}-{hashlib.sha256(repr(drawn).encode()).hexdigest()[:6]}"
    root.set("id", ident)
    root.set("role", "img")
    root.set("aria-labelledby", f"{ident}-title {ident}-desc")
    root.set("width", "100%")
    root.set("focusable", "false")
    for extra in [c for c in root if not isinstance(c.tag, str) or c.tag == f"{{{SVG_NS}}}title"]:
        root.remove(extra)  # pygal's comments and its own "Pygal" title
    _paint(root, set(), ident)
    defs = root.find(f"{{{SVG_NS}}}defs")
    if defs is None:
        defs = ET.SubElement(root, f"{{{SVG_NS}}}defs")
    _hatching(defs, ident)
    title = ET.Element(f"{{{SVG_NS}}}title", id=f"{ident}-title")
    title.text = chart.title
    desc = ET.Element(f"{{{SVG_NS}}}desc", id=f"{ident}-desc")
    desc.text = chart.summary
    root.insert(0, desc)
    root.insert(0, title)
    # Registered again for each chart: WeasyPrint takes the default prefix for its metadata when it
    # is imported, after which the SVG would come out as `<ns0:svg>`, which an HTML page does not draw.
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    return mark_safe(ET.tostring(root, encoding="unicode"))  # noqa: S308 — pygal escapes every label and value
