"""The stream records the notifier is invoked for, and the public update in each."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from frontdoor.notifications.stream import NOTIFY_FILTERS, MalformedRecord, public_update

IMAGE = {
    "pk": "CASE#482019371",
    "sk": "UPDATE#2026-03-03T10:15:00Z#u-1",
    "kind": "update",
    "update_id": "u-1",
    "reference": "482019371",
    "status": "fixed",
    "description": "Filled in today.",
    "updated_at": "2026-03-03T10:15:00.000000+0000",
    "public": True,
}


def test_the_filters_take_only_new_public_update_items():
    assert NOTIFY_FILTERS == (
        {
            "eventName": ["INSERT"],
            "dynamodb": {"NewImage": {"kind": {"S": ["update"]}, "public": {"BOOL": [True]}}},
        },
    )


def test_a_public_update_is_read_from_a_new_image():
    update = public_update(IMAGE)

    assert update is not None
    assert (update.update_id, update.reference, update.status) == ("u-1", "482019371", "fixed")
    assert update.description == "Filled in today."
    assert update.updated_at == datetime(2026, 3, 3, 10, 15, tzinfo=UTC)


def test_an_internal_note_never_leaves_the_image():
    update = public_update({**IMAGE, "internal_note": "Resident was abusive on the phone"})

    assert update is not None and update.internal_note is None


@pytest.mark.parametrize(
    "image",
    [
        {**IMAGE, "public": False},
        {key: value for key, value in IMAGE.items() if key != "public"},  # fail closed
        {**IMAGE, "kind": "case"},
        {**IMAGE, "kind": "reporter"},
        {},
    ],
    ids=["internal", "unmarked", "case", "reporter", "empty"],
)
def test_anything_but_an_explicitly_public_update_is_ignored(image):
    assert public_update(image) is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("status", "closed", "status is not a case status"),
        ("updated_at", "yesterday", "updated_at is not a stored time"),
        ("reference", None, "reference is missing"),
        ("update_id", "", "update_id is missing"),
    ],
)
def test_a_malformed_update_names_the_field_and_never_its_value(field, value, message):
    with pytest.raises(MalformedRecord) as raised:
        public_update({**IMAGE, field: value})

    assert str(raised.value) == message
