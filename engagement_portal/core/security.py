"""Security headers on every response, and the name of the session cookie.

One ``after_request`` hook sets the headers, so pages, redirects, error pages, static files and
pages served from the page cache (answered in a ``before_request`` hook; ``after_request`` still
runs for them) all carry the same ones. See docs/decisions.md for the Content-Security-Policy.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask, Response

# Browser features no page of ours uses: denied to us and to anything we might ever embed.
# Only names Chromium recognises (an unknown one is reported as an error in the console).
# WebAuthn (publickey-credentials-*) stays allowed for our own origin: a planned sign-in step.
DENIED_FEATURES = (
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "picture-in-picture",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)

HSTS = "max-age=31536000; includeSubDomains"


def _origin(url: str) -> str | None:
    """``https://host[:port]`` of an absolute http(s) URL; None for a relative one."""
    parts = urlsplit(url.strip())
    if parts.scheme in {"http", "https"} and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return None


def content_security_policy(logo_url: str = "") -> str:
    """No inline script or style anywhere: every script and stylesheet is a file of ours
    (the organisation's colour is served as /brand.css for this reason)."""
    images = ["'self'", "data:"]
    logo_origin = _origin(logo_url) if logo_url else None
    if logo_origin:
        images.append(logo_origin)
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": images,
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def security_headers(app: Flask) -> dict[str, str]:
    """The headers every response carries, worked out once from the settings."""
    headers = {
        "Content-Security-Policy": content_security_policy(app.config.get("ORG_LOGO_URL", "")),
        "X-Content-Type-Options": "nosniff",
        # Nothing of a page's address leaves the site: addresses can hold an invitation token
        # or a view's reference, and where a person has been reading is nobody else's business.
        "Referrer-Policy": "same-origin",
        "Permissions-Policy": ", ".join(f"{feature}=()" for feature in DENIED_FEATURES),
        "Cross-Origin-Opener-Policy": "same-origin",
        "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    }
    if app.config.get("STRICT_TRANSPORT_SECURITY") and not app.testing:
        headers["Strict-Transport-Security"] = HSTS
    return headers


def _name_session_cookie(app: Flask) -> None:
    # A `__Host-` cookie is only accepted by browsers when Secure, for Path=/ and without a
    # Domain, so no other host or path can plant or shadow it. `make run` (plain http) keeps a
    # plain name. Worked out here, after create_app's overrides, so tests get what they ask for.
    secure = app.config["SESSION_COOKIE_SECURE"]
    app.config["SESSION_COOKIE_NAME"] = "__Host-session" if secure else "session"
    if secure:
        app.config["SESSION_COOKIE_PATH"] = "/"
        app.config["SESSION_COOKIE_DOMAIN"] = None


def init_app(app: Flask) -> None:
    _name_session_cookie(app)
    headers = security_headers(app)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        # One pass over what the response already has (a view may set its own), then one extend:
        # this runs on every response, the cached ones included.
        present = {name.lower() for name, _value in response.headers.items()}
        response.headers.extend(
            [(name, value) for name, value in headers.items() if name.lower() not in present]
        )
        return response
