"""Who may do what in the back office: the one role matrix, and who is acting.

Staff sign in with Amazon Cognito; their groups are their roles. System integrations (and the
command-line tool) act through IAM instead: AWS has already decided they may call, so they may do
every action, and each is still audited under its IAM identity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from .errors import NotAllowed, NotSignedIn

Role = Literal["advisor", "back_office", "supervisor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
ActorKind = Literal["staff", "system"]

Action = Literal[
    "find_cases",  # search by reference, service, status, date, ward
    "view_case",  # a case with its whole history, internal notes included (audited)
    "lookup_resident",  # the cases of a phone number or an email address (audited)
    "view_reporter",  # the resident's contact details and own words (audited)
    "log_case",  # file a case for a resident who phoned, wrote, emailed or called in
    "add_note",  # a public and/or internal note, the status unchanged
    "mark_urgent",
    "change_status",  # between open statuses, or closing with a public note
    "reopen_case",  # a closed case back to an open status
    "assign_team",
    "link_cases",
    "merge_cases",  # close one as a duplicate of another
    "read_audit",  # who did what, per case or per staff member
]
ACTIONS: tuple[Action, ...] = get_args(Action)

_EVERYONE: frozenset[Role] = frozenset(ROLES)
_CASEWORK: frozenset[Role] = frozenset({"advisor", "back_office", "supervisor"})
_BACK_OFFICE: frozenset[Role] = frozenset({"back_office", "supervisor"})
_SUPERVISORS: frozenset[Role] = frozenset({"supervisor"})

# The role matrix. Advisors take contacts: they find cases, read and note them, log new ones and
# flag urgency. The back office works cases to resolution. Supervisors also reopen closed cases
# and read the audit. Admins run the service (accounts, audit) and see no resident's personal data.
ROLE_MATRIX: Mapping[Action, frozenset[Role]] = {
    "find_cases": _EVERYONE,
    "view_case": _CASEWORK,
    "lookup_resident": _CASEWORK,
    "view_reporter": _CASEWORK,
    "log_case": _CASEWORK,
    "add_note": _CASEWORK,
    "mark_urgent": _CASEWORK,
    "change_status": _BACK_OFFICE,
    "assign_team": _BACK_OFFICE,
    "link_cases": _BACK_OFFICE,
    "merge_cases": _BACK_OFFICE,
    "reopen_case": _SUPERVISORS,
    "read_audit": frozenset({"supervisor", "admin"}),
}

_DOING = {
    "find_cases": "find cases",
    "view_case": "view cases",
    "lookup_resident": "look up a resident's cases",
    "view_reporter": "see a resident's contact details",
    "log_case": "log cases",
    "add_note": "add notes",
    "mark_urgent": "mark cases urgent",
    "change_status": "change a case's status",
    "reopen_case": "reopen closed cases",
    "assign_team": "assign cases to teams",
    "link_cases": "link cases",
    "merge_cases": "merge duplicate cases",
    "read_audit": "read the audit",
}
_SEPARATORS = re.compile(r"[\s,]+")
_NAME = re.compile(r"^[\w.@+:/=,-]{1,256}$")


@dataclass(frozen=True)
class Actor:
    """Who is acting: a member of staff (Cognito ``sub`` and username) or a system (IAM identity)."""

    id: str
    name: str
    kind: ActorKind
    roles: frozenset[Role] = frozenset()

    def __post_init__(self) -> None:
        if not _NAME.match(self.id) or not _NAME.match(self.name):
            raise NotSignedIn("The identity of the caller is missing or malformed.")

    @classmethod
    def staff(cls, sub: str, username: str, groups: Iterable[str]) -> Actor:
        return cls(sub, username, "staff", roles_from_groups(groups))

    @classmethod
    def system(cls, identity: str, name: str | None = None) -> Actor:
        """An integration or operator authorised by IAM (``identity``: its ARN or principal id)."""
        return cls(identity, name or identity, "system")

    def may(self, action: Action) -> bool:
        return self.kind == "system" or bool(self.roles & ROLE_MATRIX[action])

    def check(self, action: Action) -> None:
        if not self.may(action):
            raise NotAllowed(f"Your role does not allow you to {_DOING[action]}.")

    @property
    def allowed(self) -> tuple[Action, ...]:
        return tuple(action for action in ACTIONS if self.may(action))


def roles_from_groups(groups: Iterable[str]) -> frozenset[Role]:
    """The roles among these Cognito groups (other groups give no role)."""
    return frozenset(cast(Role, group) for group in groups if group in ROLES)


def groups_from_claim(value: Any) -> list[str]:
    """``cognito:groups`` as API Gateway hands it over: a list, or one string ("advisor",
    "advisor,back_office" from a REST API authorizer, "[advisor back_office]" from an HTTP API)."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(group) for group in value]
    return [group for group in _SEPARATORS.split(str(value).strip().strip("[]")) if group]


def actor_from_claims(claims: Mapping[str, Any] | None) -> Actor:
    """A member of staff from the ID token's claims a Cognito authorizer verified."""
    claims = claims or {}
    sub, username = claims.get("sub"), claims.get("cognito:username")
    if not isinstance(sub, str) or not isinstance(username, str) or claims.get("token_use") != "id":
        raise NotSignedIn("Sign in with a staff account's ID token.")
    return Actor.staff(sub, username, groups_from_claim(claims.get("cognito:groups")))
