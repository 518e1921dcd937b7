"""DynamoDB tables of the case store, as pynamodb models.

These classes are the one definition of the tables: the CDK data construct, the local runtime
and the tests all build tables from them (see docs/ARCHITECTURE.md, "Case store: table design").
Only this module and dynamo.py (the store) import pynamodb in the domain's layer.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    DiscriminatorAttribute,
    ListAttribute,
    MapAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.constants import PAY_PER_REQUEST_BILLING_MODE, STREAM_NEW_IMAGE
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model


def _index(name: str, hash_attr: str, range_attr: str) -> type[GlobalSecondaryIndex]:
    """A GSI projecting all attributes, keyed on two string attributes of the item."""
    meta = type("Meta", (), {"index_name": name, "projection": AllProjection()})
    attrs = {
        "Meta": meta,
        hash_attr: UnicodeAttribute(hash_key=True),
        range_attr: UnicodeAttribute(range_key=True),
    }
    return type(f"{name.title().replace('_', '')}Index", (GlobalSecondaryIndex,), attrs)


class CasesTable(Model):
    """Every item of a case: the case, its updates, its reporter, and Open311 tokens."""

    class Meta:
        table_name = "cases"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE
        # New images feed the notifier (frontdoor.notifications): residents hear of public updates.
        stream_view_type = STREAM_NEW_IMAGE

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    kind = DiscriminatorAttribute()


class CaseItem(CasesTable, discriminator="case"):
    reference = UnicodeAttribute()
    service_code = UnicodeAttribute()
    status = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    lat = NumberAttribute(null=True)
    long = NumberAttribute(null=True)
    address = UnicodeAttribute(null=True)
    address_id = UnicodeAttribute(null=True)
    ward_code = UnicodeAttribute(null=True)
    channel = UnicodeAttribute()
    answers = MapAttribute[str, object](default=dict)
    media_url = UnicodeAttribute(null=True)
    requested_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    expected_at = UTCDateTimeAttribute()
    duplicate_of = UnicodeAttribute(null=True)
    status_notes = UnicodeAttribute(null=True)
    # What staff set (the back office): the team it is assigned to (None: the service's own team),
    # the urgent flag, the cases linked to it, and a revision every staff change checks and bumps.
    team = UnicodeAttribute(null=True)
    urgent = BooleanAttribute(default=False)
    linked = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    revision = NumberAttribute(default=0)

    # Index keys: derived from the fields above by the repository, one per access pattern.
    requested_sort = UnicodeAttribute()
    month = UnicodeAttribute()
    service_month = UnicodeAttribute()
    status_month = UnicodeAttribute()
    ward_month = UnicodeAttribute(null=True)
    nearby_cell = UnicodeAttribute(null=True)  # present only while the case is open and has a point

    by_month = _index("by_month", "month", "requested_sort")()
    by_service = _index("by_service", "service_month", "requested_sort")()
    by_status = _index("by_status", "status_month", "requested_sort")()
    by_ward = _index("by_ward", "ward_month", "requested_sort")()
    open_nearby = _index("open_nearby", "nearby_cell", "requested_sort")()


class UpdateItem(CasesTable, discriminator="update"):
    """One entry of a case's history. Public ones (``public``: the status and ``description``, the
    public note) are what residents, Open311 and notifications see; the others carry staff's
    ``internal_note`` and are kept out of the ``updates_by_month`` index (its keys are unset)."""

    update_id = UnicodeAttribute()
    reference = UnicodeAttribute()
    status = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    updated_at = UTCDateTimeAttribute()
    public = BooleanAttribute(default=True)
    internal_note = UnicodeAttribute(null=True)
    update_month = UnicodeAttribute(null=True)  # public updates only
    updated_sort = UnicodeAttribute(null=True)

    updates_by_month = _index("updates_by_month", "update_month", "updated_sort")()


class ReporterItem(CasesTable, discriminator="reporter"):
    """Personal data: never logged, and gone after the retention period."""

    first_name = UnicodeAttribute(null=True)
    last_name = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    phone = UnicodeAttribute(null=True)
    device_id = UnicodeAttribute(null=True)
    account_id = UnicodeAttribute(null=True)
    address = UnicodeAttribute(null=True)
    address_id = UnicodeAttribute(null=True)
    description = UnicodeAttribute(null=True)
    answers = MapAttribute[str, object](null=True)
    # Updates by email or text only with the resident's consent, until they opt out.
    consent_to_updates = BooleanAttribute(default=False)
    opted_out_at = UTCDateTimeAttribute(null=True)
    # The secret of the resident's opt-out link, made when the first message is sent.
    opt_out_secret = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()


class TokenItem(CasesTable, discriminator="token"):
    reference = UnicodeAttribute()


class CallerCaseItem(CasesTable, discriminator="caller_case"):
    """A caller's link to a case they reported with their phone number ("tell us once").

    Keyed by the caller key (a salted hash of the number, never the number), sorted by the time of
    the case; written with the case and gone with the reporter's personal data.
    """

    reference = UnicodeAttribute()
    service_code = UnicodeAttribute()
    requested_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class EmailCaseItem(CasesTable, discriminator="email_case"):
    """A resident's link to a case they reported with their email address, for staff lookups.

    Keyed by an HMAC of the normalised address (never the address), sorted by the time of the case;
    written with the case and gone with the reporter's personal data.
    """

    reference = UnicodeAttribute()
    service_code = UnicodeAttribute()
    requested_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class CallerProfileItem(CasesTable, discriminator="caller_profile"):
    """What staff record about a caller: priority routing (vulnerable or high-risk), with a reason
    code from a fixed list, never free text. Under the caller key, beside the caller's cases."""

    priority = BooleanAttribute(default=False)
    priority_reason = UnicodeAttribute(null=True)
    updated_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute(null=True)


class SurveyItem(CasesTable, discriminator="survey"):
    """A post-contact survey answer, against the Connect contact (no personal data)."""

    contact_id = UnicodeAttribute()
    question = UnicodeAttribute()
    score = NumberAttribute()
    channel = UnicodeAttribute()
    answered_at = UTCDateTimeAttribute()
    # Index keys: satisfaction by month (and, by the sort key's prefix, by channel within it).
    survey_month = UnicodeAttribute()
    survey_sort = UnicodeAttribute()

    surveys_by_month = _index("surveys_by_month", "survey_month", "survey_sort")()


class DemandItem(CasesTable, discriminator="demand"):
    """How many reports of one service were filed on one day (the council's day), on every channel.

    All counters share pk ``DEMAND`` and sort by ``<yyyy-mm-dd>#<service_code>``, so the home page's
    most-requested tasks are one Query between two dates. Written with an atomic ADD per report.
    """

    service_code = UnicodeAttribute()
    day = UnicodeAttribute()
    requests = NumberAttribute(default=0)


class FormSessionItem(CasesTable, discriminator="form_session"):
    """A resident's answers between the steps of a web form, and the form's CSRF token.

    Keyed ``FORM#<random id>`` (the id is the ``fd_session`` cookie); it may hold personal data
    (contact details typed into a form), so it expires an hour after its last write and reads treat
    an expired item as gone.
    """

    csrf_token = UnicodeAttribute()
    data = UnicodeAttribute(default="{}")  # the answers so far, as JSON
    updated_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class IdempotencyTable(Model):
    """The record store of powertools Idempotency (its default attribute names)."""

    class Meta:
        table_name = "idempotency"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    id = UnicodeAttribute(hash_key=True)
    expiration = TTLAttribute()


class AuditTable(Model):
    """What staff did and which personal data they read: append-only, and no TTL.

    One item per staff action per case: ``pk`` ``CASE#<reference>`` (or ``NOCASE#<YYYY-MM>`` for an
    action about no case, such as a lookup that found nothing), ``sk`` ``<at>#<event id>``; the
    ``by_staff`` index lists one staff member's records by time. Records name cases, actions and the
    fields changed, never the values of personal data, so they outlive it without copying it.
    """

    class Meta:
        table_name = "audit"
        billing_mode = PAY_PER_REQUEST_BILLING_MODE

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    event_id = UnicodeAttribute()
    at = UTCDateTimeAttribute()
    actor_id = UnicodeAttribute()
    actor_name = UnicodeAttribute()
    actor_kind = UnicodeAttribute()
    action = UnicodeAttribute()
    reference = UnicodeAttribute(null=True)
    fields = ListAttribute[str](of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    detail = MapAttribute[str, object](default=dict)
    staff = UnicodeAttribute()  # STAFF#<actor id>
    staff_sort = UnicodeAttribute()

    by_staff = _index("by_staff", "staff", "staff_sort")()


ALL_MODELS: tuple[type[Model], ...] = (CasesTable, IdempotencyTable, AuditTable)


def model_family(model: type[Model]) -> list[type[Model]]:
    """The table's model and every item type sharing its table through the discriminator."""
    family: list[type[Model]] = [model]
    discriminator = model._get_discriminator_attribute()
    if discriminator is not None:
        family.extend(discriminator.get_registered_subclasses(Model))
    return family


def ttl_attribute_name(model: type[Model]) -> str | None:
    """The table's TTL attribute, wherever in the family it is declared.

    pynamodb's create_table only sees a TTL attribute declared on the table's own class, but here it
    lives on one item type (the reporter), so the stack and the local runtime both ask this function.
    """
    names = {
        attribute.attr_name
        for member in model_family(model)
        for attribute in member.get_attributes().values()
        if isinstance(attribute, TTLAttribute)
    }
    if len(names) > 1:
        raise ValueError(f"{model.__name__}: a DynamoDB table has one TTL attribute, found {sorted(names)}")
    return names.pop() if names else None


def forget_connections() -> None:
    """Drop pynamodb's cached connections (each item class keeps its own), e.g. for a new endpoint."""
    for model in ALL_MODELS:
        for member in model_family(model):
            member._connection = None


def limit_calls(connect_timeout_s: float, read_timeout_s: float, max_attempts: int) -> None:
    """Bound every DynamoDB call of the models: botocore's timeouts, and attempts in its standard
    retry mode. Connections made from now on use them, so call it before ``bind_table_names``."""
    for model in ALL_MODELS:
        # pynamodb annotates the timeouts as int; botocore takes (and sub-second budgets need) floats.
        model.Meta.connect_timeout_seconds = connect_timeout_s  # type: ignore[assignment]
        model.Meta.read_timeout_seconds = read_timeout_s  # type: ignore[assignment]
        model.Meta.max_retry_attempts = max_attempts - 1  # pynamodb counts the retries after the first
    forget_connections()


def bind_table_names(cases: str, idempotency: str, audit: str | None = None) -> None:
    """Point the models at this stage's physical tables (names come from the environment)."""
    CasesTable.Meta.table_name = cases
    IdempotencyTable.Meta.table_name = idempotency
    if audit is not None:
        AuditTable.Meta.table_name = audit
    forget_connections()  # a cached connection holds the old name
    # pynamodb gives each item class its own connection, botocore session and client (tens of ms
    # of cold start each); the item types of one table share one instead.
    shared = CasesTable._get_connection()
    for member in model_family(CasesTable):
        member._connection = shared
