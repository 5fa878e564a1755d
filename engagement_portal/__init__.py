"""Engagement Portal: a public engagement and feedback platform for care commissioning."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from engagement_portal.config import PROJECT_ROOT, config_for
from engagement_portal.extensions import babel, csrf, db, login_manager, migrate


def create_app(config_name: str | None = None, **overrides) -> Flask:
    """Build the application. Only wires things together: no schema changes, no network."""
    app = Flask(
        __name__,
        static_folder="static",
        static_url_path="/assets",
        instance_path=str(PROJECT_ROOT / "instance"),
    )
    app.config.from_object(config_for(config_name))
    app.config.update(overrides)

    hops = int(app.config.get("PROXY_FIX_HOPS", 0))
    if hops > 0:
        # Only behind proxies we were told about: otherwise anyone could forge their address.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(Path(PROJECT_ROOT, "templates"))),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_ROOT / "migrations"))
    csrf.init_app(app)

    from engagement_portal.core import rate_limits

    rate_limits.init_app(app)

    from engagement_portal.i18n import locale

    babel.init_app(app, locale_selector=locale.select_locale)
    locale.init_app(app)
    from engagement_portal.i18n import easy_read

    easy_read.init_app(app)

    login_manager.init_app(app)
    from engagement_portal.accounts import services as account_services

    login_manager.user_loader(account_services.load_user)
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = None

    _register_models()
    _register_blueprints(app)

    from engagement_portal.accounts import sessions
    from engagement_portal.core import access, errors, page_cache, security, templating

    security.init_app(app)  # headers on every response; the session cookie's name
    app.before_request(sessions.end_expired_session)  # staff idle/absolute timeout, before access
    app.before_request(access.enforce_access)
    page_cache.init_app(app)  # after the access check: only public routes are ever cached
    errors.register(app)
    templating.register(app)
    _register_cli(app)
    return app


def _register_models() -> None:
    # Imported for their side effect: every table is known to SQLAlchemy and Alembic.
    from engagement_portal.accounts import models as _accounts  # noqa: F401
    from engagement_portal.audit import models as _audit  # noqa: F401
    from engagement_portal.engagements import models as _engagements  # noqa: F401
    from engagement_portal.outbox import models as _outbox  # noqa: F401
    from engagement_portal.outcomes import models as _outcomes  # noqa: F401
    from engagement_portal.privacy import models as _privacy  # noqa: F401
    from engagement_portal.publication import models as _publication  # noqa: F401
    from engagement_portal.responses import models as _responses  # noqa: F401
    from engagement_portal.themes import models as _themes  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from engagement_portal.accounts.routes import bp as accounts_bp
    from engagement_portal.audit.routes import bp as audit_bp
    from engagement_portal.engagements.routes import bp as engagements_bp
    from engagement_portal.engagements.staff_routes import bp as engagements_staff_bp
    from engagement_portal.operations.routes import bp as operations_bp
    from engagement_portal.outcomes.routes import bp as outcomes_bp
    from engagement_portal.outcomes.staff_routes import bp as outcomes_staff_bp
    from engagement_portal.privacy.routes import bp as privacy_bp
    from engagement_portal.privacy.staff_routes import bp as privacy_staff_bp
    from engagement_portal.publication.routes import bp as publication_staff_bp
    from engagement_portal.responses.routes import bp as responses_bp
    from engagement_portal.responses.staff_routes import bp as responses_staff_bp
    from engagement_portal.safeguarding.routes import bp as safeguarding_bp
    from engagement_portal.site.routes import bp as site_bp
    from engagement_portal.themes.routes import bp as themes_staff_bp

    for blueprint in (
        site_bp,
        accounts_bp,
        engagements_bp,
        engagements_staff_bp,
        outcomes_bp,
        outcomes_staff_bp,
        responses_bp,
        responses_staff_bp,
        themes_staff_bp,
        publication_staff_bp,
        safeguarding_bp,
        privacy_bp,
        privacy_staff_bp,
        audit_bp,
        operations_bp,
    ):
        app.register_blueprint(blueprint)


def _register_cli(app: Flask) -> None:
    from engagement_portal.accounts.cli import accounts_cli
    from engagement_portal.audit.cli import audit_cli
    from engagement_portal.demo.cli import demo_cli
    from engagement_portal.i18n.cli import i18n_cli
    from engagement_portal.operations.cli import backup_cli
    from engagement_portal.outbox.cli import outbox_cli
    from engagement_portal.privacy.cli import retention_cli
    from engagement_portal.responses.cli import drafts_cli

    for group in (
        accounts_cli,
        audit_cli,
        backup_cli,
        demo_cli,
        i18n_cli,
        outbox_cli,
        drafts_cli,
        retention_cli,
    ):
        app.cli.add_command(group)
