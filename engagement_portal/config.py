"""Settings, read once from the environment. See README.md for the table of every setting."""

import os
import secrets
from pathlib import Path

from engagement_portal.i18n import languages

PROJECT_ROOT = Path(__file__).resolve().parent.parent
INSTANCE_DIR = PROJECT_ROOT / "instance"


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    # A fixed key must be set in production; locally a key is kept in instance/ so that
    # sessions survive a restart of `make run` without anyone having to invent one.
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if url:
        # Hosting platforms still hand out postgres:// URLs; SQLAlchemy 2 wants the driver named.
        if url.startswith("postgres://"):
            url = "postgresql+psycopg://" + url[len("postgres://") :]
        elif url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url[len("postgresql://") :]
        return url
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{INSTANCE_DIR / 'engagement_portal.sqlite'}"


class Config:
    """Production-safe defaults; everything an operator changes comes from the environment."""

    def __init__(self) -> None:
        self.SECRET_KEY = _secret_key()
        self.SQLALCHEMY_DATABASE_URI = _database_url()
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.ORG_NAME = os.environ.get("ORG_NAME", "Northshire Council")
        self.ORG_COLOUR = os.environ.get("ORG_COLOUR", "#1d5b79")
        self.ORG_LOGO_URL = os.environ.get("ORG_LOGO_URL", "")
        self.SERVICE_NAME = os.environ.get("SERVICE_NAME", "Have your say")
        self.CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "engagement@example.org")
        self.CONTACT_PHONE = os.environ.get("CONTACT_PHONE", "01234 567890")
        self.BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:5000").rstrip("/")
        self.SAFEGUARDING_EMAIL = os.environ.get("SAFEGUARDING_EMAIL", "safeguarding@example.org")
        self.SAFEGUARDING_TERMS_FILE = os.environ.get("SAFEGUARDING_TERMS_FILE", "")
        self.MAIL_FROM = os.environ.get("MAIL_FROM", "Have your say <no-reply@example.org>")
        self.SMTP_HOST = os.environ.get("SMTP_HOST", "127.0.0.1")
        self.SMTP_PORT = int(os.environ.get("SMTP_PORT", "25"))
        self.SMTP_USERNAME = os.environ.get("SMTP_USERNAME", "")
        self.SMTP_PASSWORD = os.environ.get("SMTP_PASSWORD", "")
        self.SMTP_STARTTLS = _bool("SMTP_STARTTLS", False)
        self.SMTP_TIMEOUT = float(os.environ.get("SMTP_TIMEOUT", "10"))
        self.BABEL_DEFAULT_LOCALE = "en"
        # The interface languages offered (codes, comma-separated); all ten by default.
        self.LANGUAGES = languages.configured(os.environ.get("LANGUAGES"))
        self.BABEL_DEFAULT_TIMEZONE = os.environ.get("TIMEZONE", "Europe/London")
        self.BABEL_TRANSLATION_DIRECTORIES = str(PROJECT_ROOT / "translations")
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", True)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        # A whole response is at most a few questions of 10,000 characters; anything far larger
        # is refused with a friendly 413 page before it reaches a form.
        self.MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(1024 * 1024)))
        self.MAX_FORM_MEMORY_SIZE = self.MAX_CONTENT_LENGTH
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
        # Public pages are cached per worker for visitors without a session; see core/page_cache.py.
        self.PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "30"))
        self.DRAFT_LIFETIME_HOURS = int(os.environ.get("DRAFT_LIFETIME_HOURS", "72"))
        self.INVITATION_LIFETIME_HOURS = int(os.environ.get("INVITATION_LIFETIME_HOURS", "72"))
        self.RESET_LIFETIME_MINUTES = int(os.environ.get("RESET_LIFETIME_MINUTES", "60"))
        # Rate limits on the POSTs people could abuse (Flask-Limiter; the numbers are explained in
        # docs/decisions.md). Counters live in each worker's memory unless RATELIMIT_STORAGE_URI
        # names a store every worker shares, e.g. redis://127.0.0.1:6379/0. GET pages are never
        # limited. A limit is one or more "N per minute/hour/day", separated by semicolons.
        self.RATELIMIT_ENABLED = _bool("RATELIMIT_ENABLED", True)
        self.RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI") or "memory://"
        self.RATELIMIT_SIGN_IN_PER_IP = os.environ.get(
            "RATELIMIT_SIGN_IN_PER_IP", "10 per minute; 50 per hour"
        )
        self.RATELIMIT_SIGN_IN_PER_EMAIL = os.environ.get(
            "RATELIMIT_SIGN_IN_PER_EMAIL", "5 per minute"
        )
        self.RATELIMIT_INVITATION_PER_IP = os.environ.get(
            "RATELIMIT_INVITATION_PER_IP", "10 per minute; 50 per hour"
        )
        self.RATELIMIT_PASSWORD_RESET_PER_IP = os.environ.get(
            "RATELIMIT_PASSWORD_RESET_PER_IP", "10 per minute; 50 per hour"
        )
        self.RATELIMIT_PASSWORD_RESET_PER_EMAIL = os.environ.get(
            "RATELIMIT_PASSWORD_RESET_PER_EMAIL", "5 per hour"
        )
        self.RATELIMIT_SEND_VIEWS_PER_IP = os.environ.get(
            "RATELIMIT_SEND_VIEWS_PER_IP", "30 per minute"
        )
        self.RATELIMIT_SEND_VIEWS_PER_ENGAGEMENT = os.environ.get(
            "RATELIMIT_SEND_VIEWS_PER_ENGAGEMENT", "600 per hour"
        )
        self.RATELIMIT_PRIVACY_PER_IP = os.environ.get(
            "RATELIMIT_PRIVACY_PER_IP", "10 per minute; 30 per hour"
        )
        # Behind N reverse proxies, the client's address is taken from X-Forwarded-For (and the
        # scheme from X-Forwarded-Proto), trusting only the last N hops. 0: not behind a proxy.
        self.PROXY_FIX_HOPS = int(os.environ.get("PROXY_FIX_HOPS", "0"))
        # Views sent sooner than this after the first page look automated: the person is asked
        # once to check their answers and send again (see responses/services.py).
        self.MIN_SECONDS_TO_RESPOND = float(os.environ.get("MIN_SECONDS_TO_RESPOND", "3"))
        # A staff session ends after this long without a request, and this long after signing in.
        self.STAFF_IDLE_MINUTES = int(os.environ.get("STAFF_IDLE_MINUTES", "30"))
        self.STAFF_SESSION_HOURS = int(os.environ.get("STAFF_SESSION_HOURS", "12"))
        # Roles that must sign in with a code from an authenticator app as well as a password.
        self.TWO_STEP_REQUIRED_ROLES = os.environ.get(
            "TWO_STEP_REQUIRED_ROLES", "administrator,commissioner"
        )
        # Strict-Transport-Security is sent in production only (never by `make run` or tests).
        self.STRICT_TRANSPORT_SECURITY = True


class DevelopmentConfig(Config):
    def __init__(self) -> None:
        super().__init__()
        # `make run` serves plain http on 127.0.0.1, where a Secure cookie would never be sent.
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.STRICT_TRANSPORT_SECURITY = False
        # The demo's sign-ins are printed for anyone to try: `make run` offers two-step sign-in
        # but does not force an authenticator app on people exploring it.
        self.TWO_STEP_REQUIRED_ROLES = os.environ.get("TWO_STEP_REQUIRED_ROLES", "")


def config_for(name: str | None) -> Config:
    name = name or os.environ.get("APP_ENV", "production")
    return DevelopmentConfig() if name == "development" else Config()
