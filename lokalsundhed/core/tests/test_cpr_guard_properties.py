"""Property-based: every way of writing a CPR number is found; the numbers people may write are not."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from lokalsundhed.core.validators import (
    _binds,
    _holds_a_full_date,
    _is_year,
    find_cpr_numbers,
    normalise,
)

# Ten digit glyphs per script: ASCII, full-width, Arabic-Indic, Extended Arabic-Indic (Urdu),
# Devanagari, mathematical bold / double-struck / monospace, superscript, subscript.
_SCRIPTS = [
    "0123456789",
    "０１２３４５６７８９",
    "٠١٢٣٤٥٦٧٨٩",
    "۰۱۲۳۴۵۶۷۸۹",
    "०१२३४५६७८९",
    "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗",
    "𝟘𝟙𝟚𝟛𝟜𝟝𝟞𝟟𝟠𝟡",
    "𝟶𝟷𝟸𝟹𝟺𝟻𝟼𝟽𝟾𝟿",
    "⁰¹²³⁴⁵⁶⁷⁸⁹",
    "₀₁₂₃₄₅₆₇₈₉",
]
_SPACES = [" ", "\u00a0", "\u2002", "\u2007", "\u2009", "\u202f", "\u3000", "\t"]
_DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d"]
_DOTS = [".", "\uff0e", "\u00b7", "\u2024"]
_SLASHES = ["/", "\uff0f", "\u2044", "\u2215", "\\"]
_INVISIBLE = ["", "", "", "\u200b", "\u200d", "\u2060", "\u00ad", "\ufeff"]
_BEFORE = ["", "cpr ", "CPR-nr.: ", "Beboeren (", "hun sagde ", "nr:", "Note:\n"]
_AFTER = ["", ")", " faldt i opgangen", ".", ", ring til hende", "!"]

birth_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))


@st.composite
def separators(draw: st.DrawFn) -> str:
    """One to three characters between groups: spaces around a dash, a dot or a slash, or spaces."""
    kind = draw(st.sampled_from(["space", "dash", "dot", "slash"]))
    if kind == "space":
        return draw(st.sampled_from(_SPACES))
    mark = draw(st.sampled_from({"dash": _DASHES, "dot": _DOTS, "slash": _SLASHES}[kind]))
    pad = draw(st.sampled_from(["", " ", "\u00a0"]))
    return f"{pad}{mark}{pad}"


@st.composite
def renderings_of_a_cpr_number(draw: st.DrawFn) -> str:
    born = draw(birth_dates)
    serial = draw(st.integers(0, 9999))
    digits = f"{born:%d%m%y}{serial:04d}"
    cuts = sorted(draw(st.sets(st.integers(1, 9), max_size=9)))
    groups = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, 10], strict=True)]
    seps = [draw(separators()) for _ in groups[1:]]
    # Shapes that are something else and documented so in core/validators.py: an amount
    # (0.101.701.234), a date with a time (24.12.25 10.30), a full date (01.01.2000 10) and a
    # year's case number (2001-701234).
    read = [normalise(s)[0] for s in seps]
    sizes = [len(g) for g in groups]
    assume(not (len(groups) > 2 and sizes[0] <= 3 and all(n == 3 for n in sizes[1:])
                and all(s == "." for s in read)))
    assume(not (sizes == [2, 2, 2, 2, 2] and read[3] == "." and int(groups[3]) < 24 and int(groups[4]) < 60))
    assume(not _holds_a_full_date(groups, read))
    assume(not (len(groups) > 1 and _is_year(groups[0]) and _binds(read[0])))
    script = draw(st.sampled_from(_SCRIPTS))
    written = ""
    for index, group in enumerate(groups):
        if index:
            written += seps[index - 1]
        for digit in group:
            written += script[int(digit)] + draw(st.sampled_from(_INVISIBLE))
    return draw(st.sampled_from(_BEFORE)) + written + draw(st.sampled_from(_AFTER))


@settings(deadline=None)  # a shared machine must not make a slow example fail
@given(renderings_of_a_cpr_number())
@example("010170\u20131234")  # en dash from a word processor
@example("01.01.70/12 34")
@example("0101 70\u00a012\u202f34")
@example("٠١٠١٧٠-١٢٣٤")
@example("𝟎𝟏𝟎𝟏𝟕𝟎𝟏𝟐𝟑𝟒")
@example("01\u200b0170-1234")
def test_it_finds_a_cpr_number_however_it_is_written(text):
    assert find_cpr_numbers(text), repr(text)


@settings(deadline=None)  # a shared machine must not make a slow example fail
@given(renderings_of_a_cpr_number(), st.sampled_from(["12 34 56 78", "+45 20 30 40 50", "ring 70 10 20 30"]))
def test_it_finds_a_cpr_number_next_to_a_phone_number(cpr, phone):
    assert find_cpr_numbers(f"{cpr} {phone}"), repr(cpr)


def _spread(draw: st.DrawFn, digits: str, sizes: list[int], sep: str) -> str:
    parts, at = [], 0
    for size in sizes:
        parts.append(digits[at:at + size])
        at += size
    return sep.join(parts)


@st.composite
def phone_numbers(draw: st.DrawFn) -> str:
    digits = "".join(str(draw(st.integers(0, 9))) for _ in range(8))
    sep = draw(st.sampled_from(["", " ", "\u00a0", "-", "."]))
    local = _spread(draw, digits, [2, 2, 2, 2], sep) if sep else digits
    prefix = draw(st.sampled_from(["", "+45 ", "+45", "(+45) ", "tlf. ", "Mobil: ", "+4\u200b5 "]))
    return prefix + local


def _ean13(draw: st.DrawFn) -> str:
    body = "".join(str(draw(st.integers(0, 9))) for _ in range(12))
    check = (10 - sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


@st.composite
def ean_numbers(draw: st.DrawFn) -> str:
    number = _ean13(draw)
    layout = draw(st.sampled_from(["plain", "gs1", "gln"]))
    if layout == "gs1":
        return f"EAN {number[0]} {number[1:7]} {number[7:]}"
    if layout == "gln":
        return f"EAN-nr. {number}"
    return number


@st.composite
def account_numbers(draw: st.DrawFn) -> str:
    registration = f"{draw(st.integers(1000, 9999))}"
    account = f"{draw(st.integers(0, 9_999_999_999)):010d}"
    sep = draw(st.sampled_from(["-", " ", "\u2013", " - ", ""]))
    return f"konto {registration}{sep}{account}"


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country, length = draw(st.sampled_from([("DK", 14), ("DE", 18), ("NO", 11), ("SE", 20), ("GB", 18)]))
    bban = "".join(str(draw(st.integers(0, 9))) for _ in range(length))
    if country == "GB":
        bban = "NWBK" + bban[4:]
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
    if draw(st.booleans()):
        iban = " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))
    return f"IBAN: {iban}"


@st.composite
def invoice_numbers(draw: st.DrawFn) -> str:
    year = draw(st.integers(1990, 2040))
    serial = "".join(str(draw(st.integers(0, 9))) for _ in range(draw(st.integers(1, 10))))
    prefix = draw(st.sampled_from(["", "FAK-", "Faktura nr. ", "sag ", "INV/"]))
    sep = draw(st.sampled_from(["-", "/", "\u2011"]))
    return f"{prefix}{year}{sep}{serial}"


@st.composite
def dates_and_times(draw: st.DrawFn) -> str:
    day = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)))
    layout = draw(st.sampled_from(["%d.%m.%Y", "%d-%m-%Y", "%d/%m/%y", "%Y-%m-%d", "%d.%m.%y", "%d. %m. %Y"]))
    written = day.strftime(layout)
    if draw(st.booleans()):
        moment = timedelta(minutes=draw(st.integers(0, 24 * 60 - 1)))
        hours, minutes = divmod(int(moment.total_seconds()) // 60, 60)
        written += draw(st.sampled_from([" kl. {h:02d}.{m:02d}", " {h:02d}:{m:02d}", " {h:02d}.{m:02d}"])).format(
            h=hours, m=minutes)
    return f"set sidst {written}"


@st.composite
def amounts(draw: st.DrawFn) -> str:
    kroner = draw(st.integers(0, 99_999_999_999))
    return f"beløb {kroner:,}".replace(",", ".") + f",{draw(st.integers(0, 99)):02d} kr"


@settings(deadline=None)  # a shared machine must not make a slow example fail
@given(st.one_of(phone_numbers(), ean_numbers(), account_numbers(), ibans(), invoice_numbers(),
                 dates_and_times(), amounts()))
@example("Ring på 12 34 56 78 eller 87 65 43 21")
@example("IBAN DK50 0040 0440 1162 43")
def test_it_lets_phone_ean_account_iban_invoice_numbers_dates_and_amounts_through(text):
    assert find_cpr_numbers(text) == [], repr(text)


def test_it_points_at_the_number_in_the_text_as_it_was_typed():
    text = "Inge (cpr ０１０１７０\u2013１２３４) faldt"
    [(start, end)] = find_cpr_numbers(text)
    assert text[start:end] == "０１０１７０\u2013１２３４"
