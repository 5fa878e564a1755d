"""Helpers shared by every download the site offers."""


def spreadsheet_safe(value: str) -> str:
    """A cell a spreadsheet would read as a formula is prefixed with an apostrophe (OWASP)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
