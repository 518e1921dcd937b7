"""The back office: staff find, read and change cases, and every change or read of personal data
is audited.

Each method takes the Actor first and checks the role matrix before touching anything. Changes
are planned on the case as read and committed with their audit records in one transaction that
checks the case's revision; if another change got there first, the plan is made again on the case
as it now is (so the rules are always checked against the current state).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from ..cases.dates import utc_now
from ..cases.errors import CaseChanged
from ..cases.model import Case, CaseChange, CaseQuery, Channel, FiledCase, NewReport, Reporter, Status, Update
from ..cases.reference import is_valid, sortable_id
from ..cases.service import CaseService
from .audit import AuditRecord, audit_record
from .errors import InvalidChange, Unavailable
from .ports import StaffStore
from .roles import Actor
from .transitions import (
    MAX_INTERNAL_NOTE,
    MAX_PUBLIC_NOTE,
    PLAIN_STATUS_NOTES,
    check_link,
    check_merge,
    checked_note,
    status_change,
)

# The channels staff log cases for: a resident who phoned, emailed, wrote, called in or messaged.
ASSISTED_CHANNELS: tuple[Channel, ...] = ("phone", "email", "post", "face_to_face", "social_media")
MAX_LOOKUP = 50
MAX_AUDIT = 200
ATTEMPTS = 3  # a change that crosses another is planned again on the case as it now is


@dataclass(frozen=True)
class StatusUpdate:
    """What staff ask of a case: a new status and/or a public note and/or an internal note."""

    status: Status | None = None
    public_note: str | None = None
    internal_note: str | None = None


@dataclass(frozen=True)
class CaseView:
    """A case as staff see it: every history entry, internal notes included, oldest first."""

    case: Case
    history: list[Update]
    team: str  # the team working it: the one assigned, else the service's own


# A plan for one attempt: the changes to commit with their audit records, or None for "no change".
Plan = tuple[list[CaseChange], list[AuditRecord]] | None


@dataclass
class BackOffice:
    cases: CaseService
    store: StaffStore
    clock: Callable[[], datetime] = utc_now

    # --- reads --------------------------------------------------------------------------------
    def find(self, actor: Actor, query: CaseQuery) -> list[Case]:
        actor.check("find_cases")
        return self.cases.find(query)

    def get(self, actor: Actor, reference: str) -> Case:
        """One case by its reference (no history): finding, not reading personal data."""
        actor.check("find_cases")
        return self.cases.get(reference)

    def view(self, actor: Actor, reference: str) -> CaseView:
        """The case and its whole history; internal notes may say anything, so this is audited."""
        actor.check("view_case")
        case = self.cases.get(reference)
        history = self.cases.staff_history(reference)
        self.store.record([audit_record(actor, "view_case", self.clock(), reference, ("history",))])
        return CaseView(case, history, self.team_of(case))

    def reporter(self, actor: Actor, reference: str) -> Reporter | None:
        """The resident's personal data (None once it has expired); the read is audited first."""
        actor.check("view_reporter")
        self.cases.get(reference)
        reporter = self.cases.reporter(reference)
        shown = tuple(name for name, value in vars(reporter).items() if value) if reporter else ()
        self.store.record([audit_record(actor, "view_reporter", self.clock(), reference, shown)])
        return reporter

    def lookup(self, actor: Actor, *, phone: str | None = None, email: str | None = None) -> list[Case]:
        """A resident's cases by the phone number or email address they gave, newest first.

        Audited per case found (or once when none is), naming the kind of lookup, never its value.
        """
        actor.check("lookup_resident")
        if (phone is None) == (email is None):
            raise InvalidChange("Look up by phone or by email: give exactly one.", "phone")
        if self.cases.caller_keys is None:
            raise Unavailable("Lookups by phone or email are not configured on this stage.")
        by = "phone" if phone is not None else "email"
        if phone is not None:
            references = self.cases.references_for_phone(phone, MAX_LOOKUP)
        else:
            references = self.cases.references_for_email(email, MAX_LOOKUP)
        found = sorted(
            self.cases.get_many(references), key=lambda c: (c.requested_at, c.reference), reverse=True
        )
        now = self.clock()
        records = [audit_record(actor, "lookup_resident", now, c.reference, (by,), by=by) for c in found]
        self.store.record(
            records or [audit_record(actor, "lookup_resident", now, None, (by,), by=by, found="0")]
        )
        return found

    def audit_for_case(self, actor: Actor, reference: str, limit: int = MAX_AUDIT) -> list[AuditRecord]:
        actor.check("read_audit")
        if not is_valid(reference):
            raise InvalidChange("That is not a case reference.", "reference")
        return self.store.audit_for_case(reference, _bounded(limit))

    def audit_for_actor(self, actor: Actor, actor_id: str, limit: int = MAX_AUDIT) -> list[AuditRecord]:
        actor.check("read_audit")
        if not actor_id or len(actor_id) > 256:
            raise InvalidChange("Name the staff member by their id (Cognito sub) or IAM identity.", "staff")
        return self.store.audit_for_actor(actor_id, _bounded(limit))

    def team_of(self, case: Case) -> str:
        if case.team:
            return case.team
        service = self.cases.catalogue.get(case.service_code)
        return service.team if service else ""

    # --- changes ------------------------------------------------------------------------------
    def update(self, actor: Actor, reference: str, change: StatusUpdate) -> Case:
        """Change the status and/or add notes; the transition rules say which role it takes."""
        actor.check("add_note")  # the least any update needs: refuse early, before any read
        public = checked_note(change.public_note, "public_note", MAX_PUBLIC_NOTE)
        internal = checked_note(change.internal_note, "internal_note", MAX_INTERNAL_NOTE)

        def plan(case: Case, now: datetime) -> Plan:
            action = status_change(case, change.status, public, internal)
            actor.check(action)
            target = change.status or case.status
            updates = []
            if target != case.status or public:
                updates.append(_public(case, target, public or PLAIN_STATUS_NOTES.get(target, ""), now))
            if internal:
                updates.append(_internal(case, target, internal, now))
            after = replace(case, status=target, updated_at=now, revision=case.revision + 1)
            if target != case.status or public:
                after = replace(after, status_notes=updates[0].description)
            fields = tuple(
                name
                for name, given in (
                    ("status", target != case.status),
                    ("public_note", public),
                    ("internal_note", internal),
                )
                if given
            )
            detail = {"status": target, "from_status": case.status} if target != case.status else {}
            record = audit_record(actor, action, now, case.reference, fields, **detail)
            return [CaseChange(case, after, tuple(updates))], [record]

        return self._apply([reference], lambda cases, now: plan(cases[0], now))[0]

    def assign(self, actor: Actor, reference: str, team_id: str) -> Case:
        actor.check("assign_team")
        team = self.cases.catalogue.team(team_id)
        if team is None:
            raise InvalidChange("That is not one of the council's teams.", "team")

        def plan(cases: list[Case], now: datetime) -> Plan:
            case = cases[0]
            before = self.team_of(case)
            if before == team.id:
                return None
            after = replace(case, team=team.id, updated_at=now, revision=case.revision + 1)
            note = _internal(case, case.status, f"Assigned to {team.name}.", now)
            record = audit_record(
                actor, "assign_team", now, case.reference, ("team",), team=team.id, from_team=before
            )
            return [CaseChange(case, after, (note,))], [record]

        return self._apply([reference], plan)[0]

    def mark_urgent(self, actor: Actor, reference: str, urgent: bool) -> Case:
        actor.check("mark_urgent")

        def plan(cases: list[Case], now: datetime) -> Plan:
            case = cases[0]
            if case.urgent == urgent:
                return None
            after = replace(case, urgent=urgent, updated_at=now, revision=case.revision + 1)
            note = _internal(case, case.status, "Marked urgent." if urgent else "No longer urgent.", now)
            record = audit_record(
                actor, "mark_urgent", now, case.reference, ("urgent",), urgent=str(urgent).lower()
            )
            return [CaseChange(case, after, (note,))], [record]

        return self._apply([reference], plan)[0]

    def link(self, actor: Actor, reference: str, other: str) -> Case:
        """Link two related cases both ways (neither changes status)."""
        actor.check("link_cases")

        def plan(cases: list[Case], now: datetime) -> Plan:
            case, linked = cases
            check_link(case, linked)
            if linked.reference in case.linked and case.reference in linked.linked:
                return None
            changes, records = [], []
            for one, two in ((case, linked), (linked, case)):
                after = replace(
                    one, linked=_with(one.linked, two.reference), updated_at=now, revision=one.revision + 1
                )
                note = _internal(one, one.status, f"Linked to case {two.reference}.", now)
                changes.append(CaseChange(one, after, (note,)))
                records.append(
                    audit_record(actor, "link_cases", now, one.reference, ("linked",), other=two.reference)
                )
            return changes, records

        return self._apply([reference, other], plan)[0]

    def merge(self, actor: Actor, reference: str, into: str, public_note: str | None = None) -> Case:
        """Close ``reference`` as a duplicate of ``into``: its reporter is told which case to
        follow, and the two are linked both ways."""
        actor.check("merge_cases")
        extra = checked_note(public_note, "public_note", MAX_PUBLIC_NOTE - 200)

        def plan(cases: list[Case], now: datetime) -> Plan:
            duplicate, kept = cases
            check_merge(duplicate, kept)
            told = f"This has already been reported as case {kept.reference}: follow that case for updates."
            told = f"{told} {extra}" if extra else told
            closed = replace(
                duplicate,
                status="duplicate",
                duplicate_of=kept.reference,
                linked=_with(duplicate.linked, kept.reference),
                status_notes=told,
                updated_at=now,
                revision=duplicate.revision + 1,
            )
            followed = replace(
                kept,
                linked=_with(kept.linked, duplicate.reference),
                updated_at=now,
                revision=kept.revision + 1,
            )
            fields = ("status", "duplicate_of", "linked", "public_note")
            return (
                [
                    CaseChange(duplicate, closed, (_public(duplicate, "duplicate", told, now),)),
                    CaseChange(
                        kept,
                        followed,
                        (
                            _internal(
                                kept,
                                kept.status,
                                f"Case {duplicate.reference} was merged into this case.",
                                now,
                            ),
                        ),
                    ),
                ],
                [
                    audit_record(
                        actor,
                        "merge_cases",
                        now,
                        duplicate.reference,
                        fields,
                        into=kept.reference,
                        from_status=duplicate.status,
                    ),
                    audit_record(
                        actor, "merge_cases", now, kept.reference, ("linked",), merged=duplicate.reference
                    ),
                ],
            )

        return self._apply([reference, into], plan)[0]

    def log_case(self, actor: Actor, report: NewReport) -> FiledCase:
        """File a case for a resident through the same rules as every channel, counted under the
        channel it came through; the audit names the fields given, never their values."""
        actor.check("log_case")
        if report.channel not in ASSISTED_CHANNELS:
            raise InvalidChange(f"channel must be one of {', '.join(ASSISTED_CHANNELS)}.", "channel")
        given = [name for name, value in vars(report.reporter).items() if value]
        given += [name for name in ("description", "media_url") if getattr(report, name)]
        given += ["location"] if not report.location.is_empty else []
        given += ["answers"] if report.answers else []

        def logged_by(reference: str, at: datetime) -> list[AuditRecord]:
            fields = ("service_code", "channel", *given)
            detail = {"channel": report.channel, "service_code": report.service_code}
            return [audit_record(actor, "log_case", at, reference, fields, **detail)]

        return self.cases.file(report, audit=logged_by)  # the case and its audit, or neither

    def _apply(self, references: Sequence[str], plan: Callable[[list[Case], datetime], Plan]) -> list[Case]:
        """Read the cases, plan the change and commit it with its audit; again if it crossed another."""
        for attempt in range(ATTEMPTS):
            cases = [self.cases.get(reference) for reference in references]
            planned = plan(cases, self.clock())
            if planned is None:
                return cases
            changes, records = planned
            try:
                self.store.commit(changes, records)
            except CaseChanged:
                if attempt == ATTEMPTS - 1:
                    raise
                continue
            after = {change.after.reference: change.after for change in changes}
            return [after.get(case.reference, case) for case in cases]
        raise CaseChanged("The case kept changing; try again.")  # not reached: the loop raises first


def _public(case: Case, status: Status, note: str, now: datetime) -> Update:
    return Update(sortable_id(), case.reference, status, note, now)


def _internal(case: Case, status: Status, note: str, now: datetime) -> Update:
    return Update(sortable_id(), case.reference, status, "", now, public=False, internal_note=note)


def _with(references: tuple[str, ...], reference: str) -> tuple[str, ...]:
    return references if reference in references else (*references, reference)


def _bounded(limit: int) -> int:
    return max(1, min(limit, MAX_AUDIT))
