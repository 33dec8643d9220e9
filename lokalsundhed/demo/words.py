"""Small Danish word lists for made-up people, organisations, estates and streets.

Everything made from these is fictional: names are drawn at random and any likeness to a real
person or housing organisation is chance.
"""

from __future__ import annotations

import random
from functools import cache

import phonenumbers

FIRST_NAMES = (
    "Anne", "Mette", "Hanne", "Susanne", "Lene", "Camilla", "Louise", "Maria", "Kirsten", "Bente",
    "Line", "Sofie", "Ida", "Emma", "Julie", "Karina", "Tina", "Pia", "Helle", "Nadia",
    "Fatima", "Amina", "Ayşe", "Olena", "Agnieszka", "Sara", "Marianne", "Dorthe", "Signe", "Trine",
    "Lars", "Jens", "Peter", "Michael", "Søren", "Henrik", "Thomas", "Martin", "Rasmus", "Jonas",
    "Kim", "Brian", "Torben", "Jesper", "Morten", "Anders", "Niels", "Frederik", "Mads", "Kasper",
    "Ali", "Mohammed", "Ahmed", "Hassan", "Mehmet", "Tomasz", "Andrii", "Abdi", "Bo", "Ole",
)

SURNAMES = (
    "Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
    "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Olesen",
    "Frederiksen", "Laursen", "Henriksen", "Lund", "Holm", "Schmidt", "Eriksen", "Kristiansen",
    "Clausen", "Simonsen", "Svendsen", "Andreasen", "Iversen", "Jeppesen", "Vestergaard", "Bech",
    "Dahl", "Friis", "Krogh", "Overgaard", "Bruun", "Skov", "Lauridsen", "Winther", "Yilmaz",
    "Hussein", "Khalil", "Demir", "Kowalski", "Nowak", "Ali", "Omar", "Kovalenko", "Abdi",
)

# Word stems that make estate, street and company names: Ege-parken, Birke-vej, Sol-bo.
STEMS = (
    "Ege", "Birke", "Bøge", "Ahorn", "Lind", "Æble", "Kastanje", "Hassel", "Pile", "Rønne",
    "Sol", "Lyng", "Hede", "Strand", "Skov", "Bakke", "Eng", "Mølle", "Kilde", "Fjord",
    "Vester", "Øster", "Nørre", "Sønder", "Hvid", "Grøn", "Rose", "Syrene", "Hyld", "Tjørne",
    "Kløver", "Vibe", "Lærke", "Svane", "Falke", "Stjerne", "Åby", "Høj", "Dal", "Kær",
)
ESTATE_SUFFIXES = (
    "parken", "haven", "gården", "bakken", "lunden", "vænget", "toften", "husene", "højen", "engen",
)
STREET_SUFFIXES = (
    "vej", "vej", "vej", "gade", "allé", "stien", "parken", "vænget", "toften", "haven", "bakken",
)
COMPANY_SUFFIXES = ("bo", "hjem", "bolig", "gård", "lund", "vang", "hus")
COMPANY_PATTERNS = (
    "Boligselskabet {name}",
    "Boligforeningen {name}",
    "{name} Boligselskab",
    "Andelsboligforeningen {name}",
    "Den almennyttige boligforening {name}",
    "{towns} Almennyttige Boligselskab",
    "Boligselskabet {town}",
    "{town} Boligforening",
)

FLOORS = ("st", "1", "2", "3", "4", "5", "6", "7")
DOORS_TWO = ("th", "tv")
DOORS_THREE = ("th", "mf", "tv")

_ASCII = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "é": "e", "ü": "u", "ö": "o", "ş": "s", "ç": "c"})


def email_local_part(full_name: str) -> str:
    """'Søren Ærø Iversen' → 'soeren.iversen': first and last name in plain ASCII."""
    parts = full_name.lower().translate(_ASCII).replace("-", "").split()
    return f"{parts[0]}.{parts[-1]}"

# Town and postcode for a municipality whose name is not its main town, or whose postcode is
# worth getting right; the others take the name without "Kommune" and a postcode of their region.
TOWNS: dict[str, tuple[str, str]] = {
    "0101": ("København NV", "2400"), "0147": ("Frederiksberg", "2000"), "0151": ("Ballerup", "2750"),
    "0153": ("Brøndby", "2605"), "0157": ("Hellerup", "2900"), "0159": ("Søborg", "2860"),
    "0161": ("Glostrup", "2600"), "0163": ("Herlev", "2730"), "0165": ("Albertslund", "2620"),
    "0167": ("Hvidovre", "2650"), "0169": ("Taastrup", "2630"), "0173": ("Kongens Lyngby", "2800"),
    "0175": ("Rødovre", "2610"), "0183": ("Ishøj", "2635"), "0185": ("Kastrup", "2770"),
    "0190": ("Farum", "3520"), "0201": ("Lillerød", ""), "0217": ("Helsingør", "3000"),
    "0219": ("Hillerød", "3400"), "0230": ("Holte", "2840"), "0240": ("Ølstykke", ""),
    "0253": ("Greve", "2670"), "0259": ("Køge", "4600"), "0260": ("Frederiksværk", ""),
    "0265": ("Roskilde", "4000"), "0269": ("Solrød Strand", ""), "0270": ("Helsinge", ""),
    "0306": ("Nykøbing Sj", ""), "0316": ("Holbæk", "4300"), "0330": ("Slagelse", "4200"),
    "0336": ("Store Heddinge", ""), "0360": ("Nakskov", "4900"), "0370": ("Næstved", "4700"),
    "0376": ("Nykøbing F", "4800"), "0400": ("Rønne", "3700"), "0410": ("Middelfart", "5500"),
    "0430": ("Faaborg", ""), "0450": ("Nyborg", "5800"), "0461": ("Odense C", "5000"),
    "0479": ("Svendborg", "5700"), "0480": ("Bogense", ""), "0482": ("Rudkøbing", ""),
    "0492": ("Ærøskøbing", ""), "0510": ("Haderslev", "6100"), "0540": ("Sønderborg", "6400"),
    "0561": ("Esbjerg", "6700"), "0563": ("Nordby", ""), "0580": ("Aabenraa", "6200"),
    "0607": ("Fredericia", "7000"), "0615": ("Horsens", "8700"), "0621": ("Kolding", "6000"),
    "0630": ("Vejle", "7100"), "0657": ("Herning", "7400"), "0661": ("Holstebro", "7500"),
    "0706": ("Ebeltoft", ""), "0707": ("Grenaa", ""), "0710": ("Hinnerup", ""),
    "0730": ("Randers", "8900"), "0740": ("Silkeborg", "8600"), "0741": ("Tranebjerg", ""),
    "0751": ("Aarhus C", "8000"), "0756": ("Ikast", ""), "0760": ("Ringkøbing", ""),
    "0773": ("Nykøbing M", ""), "0791": ("Viborg", "8800"), "0813": ("Frederikshavn", "9900"),
    "0820": ("Aars", ""), "0825": ("Byrum", ""), "0840": ("Støvring", ""), "0846": ("Hobro", ""),
    "0849": ("Aabybro", ""), "0851": ("Aalborg", "9000"), "0860": ("Hjørring", "9800"),
}
# Postcode ranges by region code, for municipalities without one above.
POSTCODE_RANGES = {"1084": (2600, 3690), "1085": (4000, 4990), "1083": (5000, 6990),
                   "1082": (7300, 8990), "1081": (9000, 9990)}

PARTNERSHIP_THEMES = (
    "Ældre i eget hjem", "Fællesskab mod ensomhed", "Mental sundhed", "Bevægelse i hverdagen",
    "Demensvenligt boligområde", "Sund mad og fællesspisning", "Tidlig opsporing", "Røgfrit boligområde",
)


def compound(rng: random.Random, suffixes: tuple[str, ...]) -> str:
    """A stem and a suffix that do not repeat each other: 'Engparken', never 'Engengen'."""
    while True:
        stem, suffix = rng.choice(STEMS), rng.choice(suffixes)
        if not suffix.startswith(stem.lower()[:3]):
            return stem + suffix


# Danish mobile ranges; within them libphonenumber still refuses some blocks of a hundred thousand.
MOBILE_PREFIXES = ("20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "40", "41", "42", "50",
                   "51", "52", "53", "60", "61", "71", "81", "91", "92", "93")


@cache
def _valid_prefix(prefix: str) -> bool:
    """Whether Danish numbers beginning with these four digits can exist (libphonenumber)."""
    return all(phonenumbers.is_valid_number(phonenumbers.parse(f"+45{prefix}{end}")) for end in ("0000", "5555", "9999"))


def mobile(rng: random.Random) -> str:
    """A made-up Danish mobile number that passes the phone check (`core.phones`), in E.164."""
    while True:
        prefix = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(100):02d}"
        if _valid_prefix(prefix):
            return f"+45{prefix}{rng.randrange(10_000):04d}"
