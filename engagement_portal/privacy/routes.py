"""A person reaching the views they gave: reference, then a code sent by e-mail, then a copy
(to read or download) and the choice to withdraw. No account is needed.

After a right code the session remembers which response it opened, for ``ACCESS_MINUTES``.
"""

from __future__ import annotations

import time

from flask import Blueprint, make_response, redirect, render_template, session, url_for

from engagement_portal.core import rate_limits
from engagement_portal.core.access import public
from engagement_portal.core.references import normalise_reference
from engagement_portal.privacy import forms, services
from engagement_portal.privacy.services import CodeRefused

bp = Blueprint("privacy", __name__, url_prefix="/your-views")


@bp.after_request
def _never_store(response):
    # These pages show a person's own views: a shared computer's Back button must not bring
    # them back after the half hour, or after they were withdrawn.
    response.headers["Cache-Control"] = "no-store"
    return response


REFERENCE_KEY = "privacy_reference"
ACCESS_KEY = "privacy_access"
ACCESS_MINUTES = 30


def _opened():
    access = session.get(ACCESS_KEY) or {}
    if access.get("until", 0) < time.time():
        session.pop(ACCESS_KEY, None)
        return None
    return services.open_response(access.get("response_id"))


@bp.route("/", methods=["GET", "POST"])
@public
@rate_limits.privacy_limits
def start():
    form = forms.ReferenceForm()
    if form.validate_on_submit():
        services.request_code(form.reference.data)
        session[REFERENCE_KEY] = normalise_reference(form.reference.data)
        return redirect(url_for(".enter_code"))
    return render_template("privacy/start.html", form=form)


@bp.route("/code", methods=["GET", "POST"])
@public
@rate_limits.privacy_limits
def enter_code():
    reference = session.get(REFERENCE_KEY)
    if not reference:
        return redirect(url_for(".start"))
    form = forms.CodeForm()
    if form.validate_on_submit():
        try:
            response = services.verify_code(reference, form.code.data)
        except CodeRefused as error:
            form.code.errors = [str(error)]
        else:
            session.pop(REFERENCE_KEY, None)
            session[ACCESS_KEY] = {
                "response_id": response.id,
                "until": time.time() + ACCESS_MINUTES * 60,
            }
            return redirect(url_for(".copy"))
    return render_template("privacy/code.html", form=form, reference=reference)


@bp.route("/copy")
@public
def copy():
    response = _opened()
    if response is None:
        return redirect(url_for(".start"))
    return render_template(
        "privacy/copy.html", data=services.copy_of(response), submitted_at=response.submitted_at
    )


def _download(body: str, mimetype: str, filename: str):
    result = make_response(body)
    result.mimetype = mimetype
    result.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    result.headers["Cache-Control"] = "no-store"
    return result


@bp.route("/copy.json")
@public
def copy_json():
    response = _opened()
    if response is None:
        return redirect(url_for(".start"))
    return _download(
        services.export_json(response), "application/json", f"{response.reference}.json"
    )


@bp.route("/copy.csv")
@public
def copy_csv():
    response = _opened()
    if response is None:
        return redirect(url_for(".start"))
    return _download(services.export_csv(response), "text/csv", f"{response.reference}.csv")


@bp.route("/withdraw", methods=["GET", "POST"])
@public
def withdraw():
    response = _opened()
    if response is None:
        return redirect(url_for(".start"))
    form = forms.WithdrawForm()
    if form.validate_on_submit():
        services.withdraw(response)
        session.pop(ACCESS_KEY, None)
        return redirect(url_for(".withdrawn"))
    return render_template("privacy/withdraw.html", form=form, reference=response.reference)


@bp.route("/withdrawn")
@public
def withdrawn():
    return render_template("privacy/withdrawn.html")
