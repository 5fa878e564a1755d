from urllib.parse import urlsplit


def safe_next_url(candidate: str | None, fallback: str) -> str:
    """Only a path on this site: never an absolute or scheme-relative URL (no open redirect)."""
    if not candidate:
        return fallback
    parts = urlsplit(candidate)
    if parts.scheme or parts.netloc or not candidate.startswith("/") or candidate.startswith("//"):
        return fallback
    if "\\" in candidate:
        return fallback
    return candidate
