"""The role matrix and who is acting: Cognito groups for staff, IAM for systems."""

from __future__ import annotations

import pytest

from frontdoor.backoffice.errors import NotAllowed, NotSignedIn
from frontdoor.backoffice.roles import (
    ACTIONS,
    ROLE_MATRIX,
    ROLES,
    Actor,
    actor_from_claims,
    groups_from_claim,
)

# The matrix as the architecture documents it, spelled out so a change to one is a change to both.
EXPECTED = {
    "advisor": {
        "find_cases", "view_case", "lookup_resident", "view_reporter", "log_case", "add_note", "mark_urgent",
    },
    "back_office": {
        "find_cases", "view_case", "lookup_resident", "view_reporter", "log_case", "add_note", "mark_urgent",
        "change_status", "assign_team", "link_cases", "merge_cases",
    },
    "supervisor": set(ACTIONS),
    "admin": {"find_cases", "read_audit"},
}  # fmt: skip


def test_every_action_is_in_the_matrix_and_every_role_in_use() -> None:
    assert set(ROLE_MATRIX) == set(ACTIONS)
    assert set().union(*ROLE_MATRIX.values()) == set(ROLES)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_a_role_may_do_exactly_what_the_matrix_says(role: str, action: str) -> None:
    actor = Actor.staff("sub-1", "someone", [role])
    if action in EXPECTED[role]:
        actor.check(action)  # type: ignore[arg-type]
    else:
        with pytest.raises(NotAllowed):
            actor.check(action)  # type: ignore[arg-type]


def test_staff_in_several_groups_may_do_what_any_of_them_may() -> None:
    actor = Actor.staff("sub-1", "someone", ["admin", "advisor"])
    assert set(actor.allowed) == EXPECTED["admin"] | EXPECTED["advisor"]


def test_staff_in_no_known_group_may_do_nothing() -> None:
    assert Actor.staff("sub-1", "someone", ["contractors", "everyone"]).allowed == ()


def test_a_system_authorised_by_iam_may_do_everything() -> None:
    assert Actor.system("arn:aws:iam::123456789012:role/crm").allowed == ACTIONS


@pytest.mark.parametrize(
    ("claim", "groups"),
    [
        ("advisor", ["advisor"]),
        ("advisor,back_office", ["advisor", "back_office"]),  # a REST API authorizer's claims
        ("[advisor back_office]", ["advisor", "back_office"]),  # an HTTP API's
        (["supervisor"], ["supervisor"]),
        (None, []),
        ("", []),
    ],
)
def test_cognito_groups_are_read_in_every_form_api_gateway_passes_them(
    claim: object, groups: list[str]
) -> None:
    assert groups_from_claim(claim) == groups


def test_an_id_token_names_the_member_of_staff() -> None:
    claims = {"sub": "0b5e-1", "cognito:username": "sam", "cognito:groups": "back_office", "token_use": "id"}
    actor = actor_from_claims(claims)
    assert (actor.id, actor.name, actor.kind, actor.roles) == ("0b5e-1", "sam", "staff", {"back_office"})


@pytest.mark.parametrize(
    "claims",
    [
        None,
        {},
        {"sub": "0b5e-1", "token_use": "id"},
        {"sub": "0b5e-1", "cognito:username": "sam", "token_use": "access"},
        {"sub": "has space", "cognito:username": "sam", "token_use": "id"},
    ],
)
def test_claims_without_a_usable_identity_are_not_signed_in(claims: dict[str, str] | None) -> None:
    with pytest.raises(NotSignedIn):
        actor_from_claims(claims)
