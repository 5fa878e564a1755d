"""The interface languages: English, Welsh, and the most common main languages in England and
Wales after English (Census 2021), each named in itself."""

from __future__ import annotations

# Code -> the language's name in its own language, in the order the switcher lists them.
SUPPORTED: dict[str, str] = {
    "en": "English",
    "cy": "Cymraeg",
    "pl": "Polski",
    "ro": "Română",
    "pa": "ਪੰਜਾਬੀ",
    "ur": "اردو",
    "pt": "Português",
    "es": "Español",
    "ar": "العربية",
    "bn": "বাংলা",
}

# Languages whose catalogue a native speaker has reviewed. Until a code is here, the
# languages page says its translation awaits review by native speakers.
REVIEWED: frozenset[str] = frozenset({"en"})


def configured(setting: str | None) -> dict[str, str]:
    """The languages an operator turned on (``LANGUAGES=en,cy``), in the switcher's order;
    unknown codes are ignored and English is always there."""
    if not setting:
        return dict(SUPPORTED)
    wanted = {code.strip() for code in setting.split(",") if code.strip()}
    wanted.add("en")
    return {code: name for code, name in SUPPORTED.items() if code in wanted}
