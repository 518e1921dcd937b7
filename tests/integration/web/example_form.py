"""A two-step form built the way web/README.md says, to test the foundation end to end: a form
session across steps, POST/redirect/GET, CSRF, errors that keep what was typed, the journey's end."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.api_gateway import Response
from aws_lambda_powertools.event_handler.router import APIGatewayRouter

from web import forms
from web.responses import FieldErrors, page, redirect

router = APIGatewayRouter()


@router.get("/example/name")
def name_question() -> Response[str]:
    session = forms.begin(router.current_event)
    return page(
        "example/name.html", title="What is your name?", session=session, name=session.data.get("name", "")
    )


@router.post("/example/name")
def name_answer() -> Response[str]:
    session, form = forms.submitted(router.current_event)
    name = forms.first(form, "name").strip()
    errors = FieldErrors()
    if not name:
        errors.add("name", "Enter your name")
    elif len(name) > 100:
        errors.add("name", "Your name must be 100 characters or fewer")
    if errors:
        return page(
            "example/name.html", title="What is your name?", session=session, errors=errors, name=name
        )
    session.data["name"] = name
    forms.save(session)
    return redirect("/example/done", session=session)


@router.get("/example/done")
def done() -> Response[str]:
    session = forms.current(router.current_event)
    if session is None or "name" not in session.data:
        return redirect("/example/name")
    name = session.data["name"]
    forms.end(session)
    return page("example/done.html", title="Thank you", name=name)


# The example's templates, as a page of the site would have them in web/templates/.
TEMPLATES = {
    "example/name.html": """{% from "govuk_frontend_jinja/components/input/macro.html" import govukInput %}
{% from "govuk_frontend_jinja/components/button/macro.html" import govukButton %}
{% extends "layout.html" %}
{% block page %}
  <form method="post" novalidate>
    {% include "partials/csrf.html" %}
    {{ govukInput({
      "label": {"text": "What is your name?", "classes": "govuk-label--l", "isPageHeading": true},
      "id": "name", "name": "name", "value": name, "autocomplete": "name",
      "errorMessage": errors.for_field("name"),
    }) }}
    {{ govukButton({"text": "Continue"}) }}
  </form>
{% endblock %}
""",
    "example/done.html": """{% extends "layout.html" %}
{% block page %}<h1 class="govuk-heading-l">Thank you, {{ name }}</h1>{% endblock %}
""",
}
