"""References people can read aloud and quote: EP-7KQ2-M9XD.

The alphabet leaves out 0 and O, 1, I and L, and U (read as V), so a reference copied by hand or
read over the phone survives. 8 symbols from 30 give about 6.6e11 values: guessing one is
hopeless and collisions are rare (the database's unique constraint catches the rest).
"""

import re
import secrets

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
_PATTERN = re.compile(rf"^EP-[{ALPHABET}]{{4}}-[{ALPHABET}]{{4}}$")


def new_reference() -> str:
    symbols = "".join(secrets.choice(ALPHABET) for _ in range(8))
    return f"EP-{symbols[:4]}-{symbols[4:]}"


def normalise_reference(text: str) -> str | None:
    """Accept what people type (lower case, spaces, no dashes) and return the canonical form,
    or None if it cannot be a reference."""
    cleaned = re.sub(r"[\s\-_.]", "", text.upper())
    if len(cleaned) == 10 and cleaned.startswith("EP"):
        cleaned = cleaned[2:]
    if len(cleaned) != 8:
        return None
    candidate = f"EP-{cleaned[:4]}-{cleaned[4:]}"
    return candidate if _PATTERN.match(candidate) else None
