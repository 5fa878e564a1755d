"""Hostile text through every form in the product, then every page that shows stored text.

Forms are found as tests/test_access.py finds routes: every route in ``app.url_map`` taking POST
whose page (GET) has a form with something to type into. Each form is sent once with a string
combining the usual attacks and once with a 100 kB one, by a caller the route allows. Whatever
comes back, and every page that shows stored text afterwards, must carry no live markup, no
evaluated template and no server error.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from engagement_portal.core.access import SIGNED_IN, Role
from engagement_portal.extensions import db
from engagement_portal.responses.forms import HONEYPOT
from engagement_portal.responses.models import Answer
from tests import test_access as access

samples = access.samples  # the same sample rows as the authorisation walk

MARK = "hx"  # around template syntax, so "49" is searched for only where it would land
HOSTILE = (
    "<script>alert(1)</script> "
    '"><img src=x onerror=alert(1)> '
    '<a href="javascript:alert(1)">x</a> javascript:alert(1) '
    "<svg/onload=alert(1)> "
    f"{MARK}{{{{7*7}}}}{MARK} {MARK}{{% raw %}}{{{{7*7}}}}{{% endraw %}}{MARK} "
    "nul \x00 byte, \u202eright-to-left override\u202c"
)
LONG = (HOSTILE + " ") * (100_000 // (len(HOSTILE) + 1) + 1)
TEXT_TYPES = {"text", "email", "search", "url", "tel", "password"}
# Who fills the forms of a route declaring several roles: the one with most to type.
PREFERENCE = [Role.COMMISSIONER, Role.ADMINISTRATOR, Role.ADVOCATE, Role.PROVIDER]


def _caller(route: access.Route) -> str:
    if route.is_public:
        return access.ANONYMOUS
    if SIGNED_IN in route.access:
        return Role.COMMISSIONER.value
    return next(role.value for role in PREFERENCE if role in route.access)


def _problems(where: str, response) -> list[str]:
    status = response.status_code
    if status >= 500:
        return [f"{where} -> {status}: server error"]
    body = response.get_data(as_text=True)
    found = []
    for raw in ("<script>alert", "<svg/onload", "<img src=x onerror", "49" + MARK):
        if raw in body:
            found.append(f"{where}: raw {raw!r} in the page")
    if response.mimetype != "text/html":
        return found
    page = BeautifulSoup(body, "html.parser")
    for tag in page.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"{where}: <{tag.name} {name}=...> event handler")
            if text.strip().lower().startswith("javascript:"):
                found.append(f"{where}: <{tag.name} {name}={text[:40]!r}>")
        if tag.name in ("script", "svg") and "alert" in tag.get_text():
            found.append(f"{where}: <{tag.name}> holding typed text")
    if page.find("svg", attrs={"onload": True}):
        found.append(f"{where}: <svg onload>")
    return found


def _form_for(page: BeautifulSoup, url: str, *, need_text: bool = True):
    """The page's own form with something to type into (not the header's sign-out button)."""
    for form in page.find_all("form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        if form.get("action") not in (None, "", url):
            continue
        if (
            not need_text
            or form.find("textarea")
            or any(
                (field.get("type") or "text").lower() in TEXT_TYPES
                for field in form.find_all("input")
            )
        ):
            return form
    return None


def _fill(form, text: str, *, email: str | None = None) -> dict:
    data: dict[str, str] = {}
    for field in form.find_all(["input", "textarea"]):
        name = field.get("name")
        if not name or name in data or name == HONEYPOT:  # a person leaves the trap empty
            continue
        kind = (field.get("type") or "text").lower() if field.name == "input" else "textarea"
        if email and (kind == "email" or "email" in name):
            data[name] = email
        elif kind in TEXT_TYPES or kind == "textarea":
            data[name] = text
        elif kind in ("radio", "checkbox"):
            data[name] = field.get("value", "y")
        elif kind == "hidden":
            data[name] = field.get("value", "")
    for menu in form.find_all("select"):
        option = menu.find("option", attrs={"value": True})
        if menu.get("name") and option is not None:
            data[menu["name"]] = option["value"]
    return data


def _stored_text_pages(app, samples, *, view_kept: bool) -> list[tuple[str, str]]:
    variant = samples.variants[0]
    with app.app_context():
        hostile_views = db.session.scalars(
            select(Answer.response_id).where(Answer.text.contains("<svg/onload"))
        ).all()
    # The combined string fits an answer and is kept as typed; 100 kB is refused as too long.
    assert bool(hostile_views) == view_kept, f"hostile view stored: {hostile_views}"
    staff = [(Role.COMMISSIONER.value, f"/staff/views/{number}") for number in hostile_views]
    staff += [
        (Role.COMMISSIONER.value, f"/staff/views/{variant.response_id}"),
        (Role.COMMISSIONER.value, "/staff/engagements/"),
        (Role.PROVIDER.value, "/staff/engagements/about-your-service"),
        (Role.ADMINISTRATOR.value, "/staff/audit"),
        (Role.ADMINISTRATOR.value, "/staff/accounts"),
        (Role.ADMINISTRATOR.value, f"/staff/accounts/{variant.user_id}"),
        (Role.COMMISSIONER.value, "/staff/safeguarding/"),
        (access.ANONYMOUS, "/engagements/"),
    ]
    for v in samples.variants:
        staff += [
            (Role.COMMISSIONER.value, f"/staff/engagements/{v.engagement_id}"),
            (Role.COMMISSIONER.value, f"/staff/engagements/{v.engagement_id}/views"),
        ]
    staff.append((access.ANONYMOUS, f"/engagements/{variant.slug}"))  # the published one
    return staff


def _give_a_view(client, samples, text: str, problems: list[str]) -> list[str]:
    """Every give-views step in the order a person meets them, each form filled with ``text``
    (choices: the first); returns the endpoints of the steps sent."""
    url = f"/engagements/{samples.variants[0].slug}/respond/who"
    sent = []
    for _ in range(15):
        page = client.get(url)
        problems += _problems(f"anonymous GET {url}", page)
        parsed = BeautifulSoup(page.get_data(as_text=True), "html.parser")
        form = _form_for(parsed, url, need_text=False)
        if page.status_code != 200 or form is None:
            break
        response = client.post(url, data=_fill(form, text))
        problems += _problems(f"anonymous POST {url}", response)
        sent.append("responses." + url.split("/respond/")[1].split("/")[0].replace("-", "_"))
        if response.status_code == 200:  # refused (a name, say): plain words, to go on
            plain = _fill(form, "Plain words", email="a.person@example.org")
            response = client.post(url, data=plain)
        if response.status_code != 302:
            break
        url = response.headers["Location"]
    return sent


@pytest.mark.parametrize("text", [HOSTILE, LONG], ids=["combined", "100kB"])
def test_hostile_text_in_every_form_is_kept_inert(app, samples, text):
    routes = [r for r in access._routes(app) if {"GET", "POST"} <= r.methods]
    clients = {access.ANONYMOUS: access._client_for(app, access.ANONYMOUS, samples)}
    problems: list[str] = []
    filled = _give_a_view(clients[access.ANONYMOUS], samples, text, problems)
    for route in routes:
        if "/respond/" in route.rule:
            continue  # walked step by step above, as a person meets the pages
        caller = _caller(route)
        if caller not in clients:
            clients[caller] = access._client_for(app, caller, samples)
        client = clients[caller]
        for url in access._urls(app, route, samples, "GET"):
            page = client.get(url)
            problems += _problems(f"{caller} GET {url}", page)
            form = _form_for(BeautifulSoup(page.get_data(as_text=True), "html.parser"), url)
            if page.status_code != 200 or form is None:
                continue
            response = client.post(url, data=_fill(form, text))
            filled.append(route.endpoint)
            problems += _problems(f"{caller} POST {url} ({route.endpoint})", response)
    # Every page with a form to type into was reached and sent.
    expected = {
        "responses.question",
        "accounts.sign_in",
        "accounts.reset_request",
        "accounts.invite",
        "accounts.change_password",
        "engagements_staff.new",
        "engagements_staff.edit",
        "engagements_staff.question_new",
        "engagements_staff.question_edit",
        "privacy.start",
        "privacy_staff.withdraw",
        "responses.check",
    }
    assert expected <= set(filled), f"forms not reached: {sorted(expected - set(filled))}"

    own_sample = f"/staff/views/{samples.variants[0].response_id}"

    for caller, url in _stored_text_pages(app, samples, view_kept=text == HOSTILE):
        if caller not in clients:
            clients[caller] = access._client_for(app, caller, samples)
        response = clients[caller].get(url)
        assert response.status_code == 200, f"{caller} GET {url} -> {response.status_code}"
        problems += _problems(f"{caller} GET {url}", response)
        if text == HOSTILE and url.startswith("/staff/views/") and url != own_sample:
            shown = response.get_data(as_text=True)
            if "&lt;svg/onload=alert(1)&gt;" not in shown:
                problems.append(f"{url} does not show the typed text, escaped")
    assert problems == [], "\n".join(problems[:30])
