"""Themes: counts and the share of views themed, merging, tagging and untagging."""

import pytest
from sqlalchemy import func, select

from engagement_portal.audit.models import AuditEvent
from engagement_portal.core.access import Role
from engagement_portal.extensions import db
from engagement_portal.outcomes import services as outcomes
from engagement_portal.outcomes.services import OutcomeDetails
from engagement_portal.privacy import services as privacy
from engagement_portal.publication import services as restrictions
from engagement_portal.publication.services import RestrictionDetails
from engagement_portal.themes import services
from engagement_portal.themes.services import ThemeError
from tests.factories import make_engagement, make_user
from tests.outcomes.helpers import give_view

pytestmark = pytest.mark.usefixtures("app_context")


def test_counts_per_theme_and_the_share_of_views_themed():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    views = [give_view(engagement, f"view {n}") for n in range(4)]
    transport = services.create_theme(engagement, "Transport", "Getting there", boss)
    staff = services.create_theme(engagement, "Staff", "", boss)
    services.set_answer_themes(views[0].answers[0], [transport.id, staff.id], boss)
    services.set_answer_themes(views[1].answers[0], [transport.id], boss)
    overview = services.overview(engagement)
    counts = {item.theme.name: item.views for item in overview.themes}
    assert counts == {"Transport": 2, "Staff": 1}
    assert (overview.views, overview.views_themed, overview.share_themed) == (4, 2, 0.5)
    services.set_answer_themes(views[0].answers[0], [], boss)  # untag
    assert {i.theme.name: i.views for i in services.overview(engagement).themes} == {
        "Transport": 1,
        "Staff": 0,
    }


def test_a_withdrawn_view_loses_its_tags_and_leaves_the_counts():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    view = give_view(engagement)
    theme = services.create_theme(engagement, "Transport", "", boss)
    services.set_answer_themes(view.answers[0], [theme.id], boss)
    privacy.withdraw(view)
    overview = services.overview(engagement)
    assert (overview.views, overview.themes[0].views) == (0, 0)
    with pytest.raises(ThemeError):
        services.set_answer_themes(view.answers[0], [theme.id], boss)


def test_names_are_required_and_unique_within_an_engagement_whatever_the_case():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    services.create_theme(engagement, "Transport", "", boss)
    with pytest.raises(ThemeError):
        services.create_theme(engagement, "  transport ", "", boss)
    with pytest.raises(ThemeError):
        services.create_theme(engagement, "   ", "", boss)
    services.create_theme(make_engagement(), "Transport", "", boss)  # another engagement: fine


def test_tagging_refuses_a_theme_of_another_engagement():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    view = give_view(engagement)
    foreign = services.create_theme(make_engagement(), "Elsewhere", "", boss)
    with pytest.raises(ThemeError):
        services.set_answer_themes(view.answers[0], [foreign.id], boss)


def test_merging_moves_tags_and_outcomes_and_lifts_the_gone_themes_restrictions():
    engagement = make_engagement()
    boss = make_user(Role.COMMISSIONER)
    both, only_source = give_view(engagement), give_view(engagement)
    source = services.create_theme(engagement, "Buses", "", boss)
    into = services.create_theme(engagement, "Transport", "", boss)
    services.set_answer_themes(both.answers[0], [source.id, into.id], boss)
    services.set_answer_themes(only_source.answers[0], [source.id], boss)
    outcome = outcomes.create_outcome(
        engagement, OutcomeDetails("said", "did", "in_line", theme_id=source.id), boss
    )
    restriction = restrictions.restrict(
        restrictions.find_target("theme", source.id), RestrictionDetails("confidential"), boss
    )
    source_id = source.id
    services.merge_themes(source, into, boss)
    assert [t.name for t in services.themes_of(engagement)] == ["Transport"]
    assert services.overview(engagement).themes[0].views == 2
    assert outcome.theme_id == into.id
    db.session.refresh(restriction)
    assert restriction.lifted_at is not None and "merged" in restriction.lift_note
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "theme.merged")) == 1
    assert services.get_theme(engagement, source_id) is None
    with pytest.raises(ThemeError):
        services.merge_themes(into, into, boss)
