"""Who may call each route, written out by hand.

tests/test_access.py proves that enforcement follows each route's declaration; this table proves
the declarations are the ones we meant. A new route, or a changed declaration, fails here until a
person has added or changed its row on purpose.
"""

from types import SimpleNamespace

import pytest

from engagement_portal.core.access import access_of, may_call

ANYONE = {"anonymous", "advocate", "provider", "commissioner", "administrator"}
STAFF = ANYONE - {"anonymous"}
COMMISSIONER = {"commissioner"}
ADMINISTRATOR = {"administrator"}
REVIEWERS = {"commissioner", "administrator"}

MATRIX: dict[str, set[str]] = {
    # Public: reading, giving views, privacy requests, signing in.
    "site.home": ANYONE,
    "site.about": ANYONE,
    "site.privacy": ANYONE,
    "site.languages": ANYONE,
    "site.accessibility": ANYONE,
    "site.another_format": ANYONE,
    "site.another_format_sent": ANYONE,
    "site.brand_css": ANYONE,
    "operations.healthz": ANYONE,
    "engagements.index": ANYONE,
    "engagements.show": ANYONE,
    "engagements.views": ANYONE,
    "engagements.views_csv": ANYONE,
    "engagements.data_json": ANYONE,
    "outcomes.index": ANYONE,
    "outcomes.feed_atom": ANYONE,
    "outcomes.engagement_outcomes": ANYONE,
    "responses.start": ANYONE,
    "responses.received": ANYONE,  # only does anything for a commissioner's assisted draft
    "responses.who": ANYONE,
    "responses.on_behalf": ANYONE,
    "responses.question": ANYONE,
    "responses.publishing": ANYONE,
    "responses.hear_back": ANYONE,
    "responses.check": ANYONE,
    "responses.sent": ANYONE,
    "privacy.start": ANYONE,
    "privacy.enter_code": ANYONE,
    "privacy.copy": ANYONE,  # only after a code: the service checks the session
    "privacy.copy_json": ANYONE,
    "privacy.copy_csv": ANYONE,
    "privacy.withdraw": ANYONE,
    "privacy.withdrawn": ANYONE,
    "accounts.sign_in": ANYONE,
    "accounts.accept_invitation": ANYONE,
    "accounts.reset_request": ANYONE,
    "accounts.reset_password": ANYONE,
    "accounts.two_step": ANYONE,  # only after a correct password: the session says whose
    # Any member of staff, about their own account.
    "site.staff_home": STAFF,
    "accounts.sign_out": STAFF,
    "accounts.sign_out_everywhere": STAFF,
    "accounts.change_password": STAFF,
    "accounts.two_step_setup": STAFF,
    "accounts.two_step_off": STAFF,
    # Commissioners run engagements and read views.
    "engagements_staff.index": COMMISSIONER,
    "engagements_staff.new": COMMISSIONER,
    "engagements_staff.show": COMMISSIONER,
    "engagements_staff.edit": COMMISSIONER,
    "engagements_staff.publish": COMMISSIONER,
    "engagements_staff.close": COMMISSIONER,
    "engagements_staff.question_new": COMMISSIONER,
    "engagements_staff.question_edit": COMMISSIONER,
    "engagements_staff.question_delete": COMMISSIONER,
    "engagements_staff.question_move": COMMISSIONER,
    "engagements_staff.pictures": COMMISSIONER,
    "engagements_staff.translation": COMMISSIONER,
    "responses_staff.engagement_views": COMMISSIONER,
    "responses_staff.assisted_start": COMMISSIONER,
    # Themes, restrictions and "you said, we did".
    "themes_staff.index": COMMISSIONER,
    "themes_staff.edit": COMMISSIONER,
    "themes_staff.merge": COMMISSIONER,
    "themes_staff.tag_answer": COMMISSIONER,
    "publication_staff.restrict": COMMISSIONER,
    "publication_staff.lift": COMMISSIONER,
    "publication_staff.engagement_restrictions": COMMISSIONER,
    "outcomes_staff.index": COMMISSIONER,
    "outcomes_staff.new": COMMISSIONER,
    "outcomes_staff.edit": COMMISSIONER,
    "outcomes_staff.change_new": COMMISSIONER,
    "outcomes_staff.progress": COMMISSIONER,
    "outcomes_staff.publish": COMMISSIONER,
    "outcomes_staff.translation": COMMISSIONER,
    # Reading one view: advocates only their own (checked by the service).
    "responses_staff.view": REVIEWERS | {"advocate"},
    "responses_staff.my_views": {"advocate"},
    "engagements_staff.provider_index": {"provider"},
    "engagements_staff.provider_views": {"provider"},
    # Safeguarding and withdrawals on someone's behalf.
    "safeguarding.queue": REVIEWERS,
    "safeguarding.review": REVIEWERS,
    "safeguarding.review_by_reference": REVIEWERS,
    "privacy_staff.withdraw": REVIEWERS,
    # Administration.
    "accounts.users": ADMINISTRATOR,
    "accounts.user": ADMINISTRATOR,
    "accounts.invite": ADMINISTRATOR,
    "accounts.change_role": ADMINISTRATOR,
    "accounts.deactivate": ADMINISTRATOR,
    "accounts.reactivate": ADMINISTRATOR,
    "audit.index": ADMINISTRATOR,
}


def caller(kind: str):
    if kind == "anonymous":
        return SimpleNamespace(is_authenticated=False, role=None)
    return SimpleNamespace(is_authenticated=True, role=kind)


def endpoints(app) -> set[str]:
    return {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}


def test_every_route_is_in_the_matrix_and_every_row_is_a_route(app):
    assert sorted(endpoints(app) - MATRIX.keys()) == [], "routes missing from MATRIX"
    assert sorted(MATRIX.keys() - endpoints(app)) == [], "MATRIX rows with no route"


@pytest.mark.parametrize("kind", sorted(ANYONE))
def test_each_caller_may_call_exactly_what_the_matrix_says(app, kind):
    with app.app_context():
        allowed = {
            endpoint for endpoint in endpoints(app) if may_call(access_of(endpoint), caller(kind))
        }
    expected = {endpoint for endpoint, kinds in MATRIX.items() if kind in kinds}
    assert sorted(allowed - expected) == [], f"{kind} may call more than the matrix allows"
    assert sorted(expected - allowed) == [], f"{kind} is refused routes the matrix allows"
