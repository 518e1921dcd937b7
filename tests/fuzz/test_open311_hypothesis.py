"""Property tests of the Open311 handler: whatever arrives, no 500, errors in the spec's body, and a
refused POST writes nothing.

The real ``lambda_handler`` is called in-process with API Gateway proxy events (``tests/fuzz/wsgi.py``),
on one moto account per module (``aws_module`` in ``tests/fuzz/conftest.py``).

Run: ``.venv/bin/pytest tests/fuzz/test_open311_hypothesis.py -q``.
"""

from __future__ import annotations

import json
import os
import string
import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, Phase, assume, example, given, settings
from hypothesis import strategies as st

from local.gateway import HttpAnswer
from tests.fuzz.conftest import (
    ALLOWED_STATUSES,
    Counter,
    Seeded,
    assert_error_body,
    assert_format,
    count_cases_table_items,
    expected_format,
)
from tests.fuzz.wsgi import HandlerApp
from tests.integration.conftest import API_KEY, pothole

PREFIX = "/open311/v2"
FORM = "application/x-www-form-urlencoded"
SINGLE_FIELDS = (
    "api_key", "jurisdiction_id", "service_code", "lat", "long", "address_string", "address_id", "email",
    "device_id", "account_id", "first_name", "last_name", "phone", "description", "media_url",
)  # fmt: skip
CATALOGUE_CODES = (
    "pothole",
    "fly_tipping",
    "graffiti",
    "missed_bin",
    "bulky_waste",
    "telecare",
    "library_enquiry",
)

# Shrinking a failure can take minutes: off by default so a failing run stays fast (the failing
# example is still printed, and reproducible: derandomize). FUZZ_SHRINK=1 shrinks it to a minimal one.
PHASES = [Phase.explicit, Phase.generate, Phase.target] + (
    [Phase.shrink] if os.environ.get("FUZZ_SHRINK") else []
)
PROPERTY_SETTINGS = settings(
    max_examples=60,
    phases=PHASES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.filter_too_much,
        # Deliberate: the moto account is per test function, shared by its examples.
        HealthCheck.function_scoped_fixture,
    ],
)

NON_FINITE = ("nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309")

# --- strategies ----------------------------------------------------------------------------------------
formats = st.sampled_from(["json", "xml", "json", "xml", "html", "JSON", "txt", "json.json", "xml "])


def texts(**kwargs: Any) -> st.SearchStrategy[str]:
    """Any text a client could send (UTF-8 has no lone surrogates)."""
    return st.text(st.characters(codec="utf-8"), **kwargs)


anything = texts(max_size=40)
html = st.sampled_from(
    ["<b>bold</b>", "<script>alert(1)</script>", "&amp;", "&#60;", "<!-- x -->", "a < b > c", "<img src=x>"]
)
# C0 controls, unassigned code points (U+FFFE, U+FFFF...) and private use: fine in JSON, not all in XML.
control = st.characters(codec="utf-8", categories=["Cc", "Cn", "Co"])
awkward_text = st.one_of(
    anything,
    html,
    texts(max_size=200),
    st.builds(lambda a, b, c: a + b + c, anything, control, anything),
    st.integers(min_value=3990, max_value=70_000).map(lambda n: "x" * n),
)
coordinates = st.one_of(
    st.sampled_from(
        ["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309", "", " ", "abc", "1_0", "١٢"]
    ),
    st.sampled_from(["52.6369", "-1.1398", "90", "-90", "180", "-180", "90.0000001", "0", "-0"]),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats(min_value=-200, max_value=200).map(str),
    anything,
)
bad_keys = st.one_of(
    st.just(""),
    texts(max_size=300).filter(lambda key: key != API_KEY),
    st.just(API_KEY + " "),
    st.just(API_KEY.upper()),
    st.just("x" * 257),
)
field_names = st.one_of(
    st.sampled_from(SINGLE_FIELDS),
    st.sampled_from(["attribute[surface]", "attribute[size]", "attribute[depth_cm]", "attribute[x][]"]),
    st.sampled_from(["attribute", "attribute[]", "attribute[[a]]", "attribute[a][b]", "attributes[a]"]),
    st.builds("attribute[{}]".format, anything),
    st.builds("attribute[{}][]".format, anything),
    anything,
)
random_forms = st.lists(st.tuples(field_names, awkward_text), max_size=12)

# Dates: well-formed, extreme, reversed, far apart, or not dates at all.
_zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=14)), timezone(timedelta(hours=-12)), timezone(timedelta(minutes=-1439))]
)
moments = st.one_of(
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59), timezones=_zones),
    st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1)),
    st.sampled_from([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59), datetime(1, 1, 1, tzinfo=UTC)]),
)
date_texts = st.one_of(
    moments.map(lambda m: m.isoformat()),
    moments.map(lambda m: m.strftime("%Y-%m-%dT%H:%M:%S") + "Z"),
    moments.map(lambda m: m.date().isoformat()),
    st.sampled_from(["", "now", "2026-13-01", "2026-02-30T00:00:00Z", "2026-01-01T25:00:00Z", "-1", "Z"]),
    anything,
)
statuses = st.one_of(
    st.sampled_from(["open", "closed", "open,closed", "OPEN", "fixed", "open,,", "", ","]), anything
)
id_lists = st.lists(st.one_of(st.from_regex(r"\A[0-9]{9}\Z"), anything), max_size=5).map(",".join)


# --- calling the handler ---------------------------------------------------------------------------------
def call(
    app: HandlerApp,
    method: str,
    path: str,
    *,
    body: bytes = b"",
    content_type: str | None = None,
    headers: dict[str, str] | None = None,
) -> HttpAnswer:
    all_headers = [("Host", "127.0.0.1"), ("User-Agent", "hypothesis")]
    if content_type is not None:
        all_headers.append(("Content-Type", content_type))
    all_headers.extend((headers or {}).items())
    return app.invoke(method, path, all_headers, body)


def content_type_of(answer: HttpAnswer) -> str:
    return next((value for name, value in answer.headers if name.lower() == "content-type"), "")


def assert_well_behaved(path: str, answer: HttpAnswer) -> None:
    """Never a 5xx or an undocumented status; an error is the spec's body in the path's format."""
    assert answer.status in ALLOWED_STATUSES, (answer.status, answer.body[:500])
    if answer.status >= 400:
        assert_error_body(expected_format(path), answer.status, content_type_of(answer), answer.body)
    else:
        assert_format(expected_format(path), content_type_of(answer), answer.body)


def fresh_key() -> dict[str, str]:
    """A new Idempotency-Key: each call files anew, so a replayed example behaves as the first run."""
    return {"Idempotency-Key": uuid.uuid4().hex}


def post_form_and_check(app: HandlerApp, count_items: Counter, fmt: str, form: Any) -> Any:
    """POST a form with a fresh Idempotency-Key: a spec answer, and nothing written unless 200."""
    path = f"{PREFIX}/requests.{quote(fmt)}"
    before = count_items()
    answer = call(app, "POST", path, body=urlencode(form).encode(), content_type=FORM, headers=fresh_key())
    assert_well_behaved(path, answer)
    if answer.status != 200:
        assert count_items() == before, "a refused POST wrote to the cases table"
    return answer


def q(**params: str | None) -> str:
    given_ = {name: value for name, value in params.items() if value is not None}
    return "?" + urlencode(given_) if given_ else ""


@pytest.fixture
def app(aws_account: Seeded) -> HandlerApp:
    """The handler on a fresh account for each test (its examples share it)."""
    return HandlerApp()


@pytest.fixture
def count_items(aws_account: Seeded) -> Counter:
    return count_cases_table_items


# --- POST requests ---------------------------------------------------------------------------------------
@PROPERTY_SETTINGS
@given(
    fmt=formats,
    content_type=st.one_of(
        st.sampled_from([FORM, FORM + "; charset=utf-8", "APPLICATION/X-WWW-FORM-URLENCODED"]),
        st.sampled_from(["application/json", "text/plain", "multipart/form-data; boundary=x", "text/xml"]),
        st.none(),
        anything,
    ),
    body=st.one_of(
        random_forms.map(lambda pairs: urlencode(pairs).encode()),
        st.binary(max_size=300),
        texts(max_size=300).map(str.encode),
        st.sampled_from([b"%", b"%zz", b"a=%FF", b"&&&", b"=", b"a=1&&b=2", b"\xff\xfe", b"a=1;b=2"]),
    ),
    idempotency_key=st.one_of(st.none(), st.text(alphabet=string.printable.strip(), max_size=300)),
)
def test_any_post_body_gets_an_answer_or_a_spec_error_and_a_refusal_writes_nothing(
    app: HandlerApp,
    count_items: Counter,
    fmt: str,
    content_type: str | None,
    body: bytes,
    idempotency_key: str | None,
) -> None:
    path = f"{PREFIX}/requests.{quote(fmt)}"
    headers = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    before = count_items()
    answer = call(app, "POST", path, body=body, content_type=content_type, headers=headers)
    assert_well_behaved(path, answer)
    if answer.status != 200:
        assert count_items() == before, "a refused POST wrote to the cases table"


@PROPERTY_SETTINGS
@given(
    fmt=formats,
    overrides=st.dictionaries(
        st.sampled_from([*SINGLE_FIELDS, "attribute[surface]", "attribute[size]", "attribute[depth_cm]"]),
        st.one_of(st.none(), awkward_text, coordinates),
        max_size=4,
    ),
    extra=st.lists(st.tuples(field_names, awkward_text), max_size=3),
)
def test_a_good_report_with_bad_fields_is_filed_or_refused_cleanly(
    app: HandlerApp, count_items: Counter, fmt: str, overrides: dict[str, Any], extra: list[tuple[str, str]]
) -> None:
    post_form_and_check(app, count_items, fmt, [*pothole(**overrides).items(), *extra])


@PROPERTY_SETTINGS
@given(fmt=formats, service_code=st.one_of(st.sampled_from(CATALOGUE_CODES), anything), lat=coordinates,
       long=coordinates)  # fmt: skip
def test_any_service_and_coordinates_are_filed_or_refused_cleanly(
    app: HandlerApp, count_items: Counter, fmt: str, service_code: str, lat: str, long: str
) -> None:
    answer = post_form_and_check(
        app, count_items, fmt, pothole(service_code=service_code, lat=lat, long=long)
    )
    if fmt in ("json", "xml") and lat.strip().lower() in (
        "nan",
        "inf",
        "-inf",
        "infinity",
        "1e309",
        "-1e309",
    ):
        assert answer.status == 400, answer.body


@PROPERTY_SETTINGS
@given(fmt=formats, api_key=st.one_of(st.none(), bad_keys))
def test_a_bad_api_key_is_403_and_writes_nothing(
    app: HandlerApp, count_items: Counter, fmt: str, api_key: str | None
) -> None:
    path = f"{PREFIX}/requests.{quote(fmt)}"
    before = count_items()
    answer = call(app, "POST", path, body=urlencode(pothole(api_key=api_key)).encode(), content_type=FORM)
    assert_well_behaved(path, answer)
    assert answer.status == (403 if fmt in ("json", "xml") else answer.status), answer.body
    assert answer.status in (403, 404), answer.body
    assert count_items() == before


@PROPERTY_SETTINGS
@given(fmt=formats, tag=st.integers(min_value=0, max_value=10**12))
@example(fmt="html", tag=1)  # found by this test: the case is filed, then the answer is a 404
def test_a_good_report_is_filed_only_when_it_is_answered_200(
    app: HandlerApp, count_items: Counter, fmt: str, tag: int
) -> None:
    """A report that would be filed, sent to a good or bad extension: filed if and only if 200."""
    form = pothole(description=f"Report {tag}", lat="52.6369", long="-1.1398")
    path = f"{PREFIX}/requests.{quote(fmt)}"
    before = count_items()
    answer = call(app, "POST", path, body=urlencode(form).encode(), content_type=FORM, headers=fresh_key())
    assert_well_behaved(path, answer)
    if answer.status == 200:
        assert count_items() > before, "a 200 that filed nothing"
    else:
        assert count_items() == before, f"POST {path} answered {answer.status} but wrote to the cases table"


@settings(PROPERTY_SETTINGS, max_examples=30)  # three calls an example
@given(description=st.one_of(anything, texts(max_size=100),
                             st.builds(lambda a, b, c: a + b + c, anything, control, anything)),
       address=st.one_of(st.none(), anything))  # fmt: skip
@example(description="Pothole\x01here", address=None)  # found by schemathesis: malformed XML
@example(description="Pothole", address="Bus stop \ufffe")
def test_whatever_is_filed_reads_back_in_both_formats(
    app: HandlerApp, description: str, address: str | None
) -> None:
    """Text the API accepted must come back as well-formed JSON and XML (XML 1.0 forbids most C0 controls)."""
    form = pothole(description=description, address_string=address)
    body = urlencode(form).encode()
    answer = call(app, "POST", f"{PREFIX}/requests.json", body=body, content_type=FORM, headers=fresh_key())
    assert_well_behaved(f"{PREFIX}/requests.json", answer)
    assume(answer.status == 200)
    reference = json.loads(answer.body)[0]["service_request_id"]
    for fmt in ("json", "xml"):
        path = f"{PREFIX}/requests/{reference}.{fmt}"
        read = call(app, "GET", path)
        assert read.status == 200, read.body
        parsed = assert_format(fmt, content_type_of(read), read.body)
        if fmt == "json":
            assert parsed[0]["description"] == description.strip()
        else:
            assert parsed.findtext("request/service_request_id") == reference


# --- GET endpoints ----------------------------------------------------------------------------------------
@PROPERTY_SETTINGS
@given(
    fmt=formats,
    start=st.one_of(st.none(), date_texts),
    end=st.one_of(st.none(), date_texts),
    status=st.one_of(st.none(), statuses),
    service_code=st.one_of(st.none(), st.sampled_from(CATALOGUE_CODES), anything),
    jurisdiction=st.one_of(st.none(), st.just("frontdoor.local"), anything),
)
@example(
    fmt="json", start=None, end="0001-01-01T00:00:00Z", status=None, service_code=None, jurisdiction=None
)
def test_any_request_search_gets_an_answer_or_a_spec_error(
    app: HandlerApp,
    fmt: str,
    start: str | None,
    end: str | None,
    status: str | None,
    service_code: str | None,
    jurisdiction: str | None,
) -> None:
    path = f"{PREFIX}/requests.{quote(fmt)}" + q(
        start_date=start, end_date=end, status=status, service_code=service_code, jurisdiction_id=jurisdiction
    )
    assert_well_behaved(path, call(app, "GET", path))


@PROPERTY_SETTINGS
@given(fmt=formats, start=st.one_of(st.none(), date_texts), end=st.one_of(st.none(), date_texts))
@example(fmt="xml", start=None, end="0001-02-03T00:00:00Z")  # found by the search test: same code
def test_any_update_window_gets_an_answer_or_a_spec_error(
    app: HandlerApp, fmt: str, start: str | None, end: str | None
) -> None:
    path = f"{PREFIX}/servicerequestupdates.{quote(fmt)}" + q(start_date=start, end_date=end)
    answer = call(app, "GET", path)
    assert_well_behaved(path, answer)


@PROPERTY_SETTINGS
@given(fmt=formats, days=st.integers(min_value=-400, max_value=400), shift=st.integers(-3650, 3650))
def test_windows_over_90_days_or_reversed_are_400(app: HandlerApp, fmt: str, days: int, shift: int) -> None:
    start = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(days=shift)
    end = start + timedelta(days=days)
    for endpoint in ("requests", "servicerequestupdates"):
        path = f"{PREFIX}/{endpoint}.{quote(fmt)}" + q(
            start_date=start.strftime("%Y-%m-%dT%H:%M:%SZ"), end_date=end.strftime("%Y-%m-%dT%H:%M:%SZ")
        )
        answer = call(app, "GET", path)
        assert_well_behaved(path, answer)
        if fmt in ("json", "xml"):
            assert answer.status == (400 if days < 0 or days > 90 else 200), (path, answer.body)


@PROPERTY_SETTINGS
@given(fmt=formats, ids=id_lists, other=st.one_of(st.none(), date_texts))
def test_any_service_request_ids_get_an_answer(
    app: HandlerApp, fmt: str, ids: str, other: str | None
) -> None:
    path = f"{PREFIX}/requests.{quote(fmt)}" + q(service_request_id=ids, start_date=other)
    assert_well_behaved(path, call(app, "GET", path))


@PROPERTY_SETTINGS
@given(
    fmt=formats,
    endpoint=st.sampled_from(["requests", "tokens", "services"]),
    identifier=st.one_of(st.from_regex(r"\A[0-9]{9}\Z"), texts(min_size=1, max_size=60), html),
    jurisdiction=st.one_of(st.none(), anything),
)
def test_unknown_ids_tokens_and_services_are_404(
    app: HandlerApp, aws_account: Seeded, fmt: str, endpoint: str, identifier: str, jurisdiction: str | None
) -> None:
    assume(identifier not in (aws_account.reference, aws_account.token, *CATALOGUE_CODES, "pothole"))
    path = f"{PREFIX}/{endpoint}/{quote(identifier, safe='')}.{quote(fmt)}" + q(jurisdiction_id=jurisdiction)
    answer = call(app, "GET", path)
    assert_well_behaved(path, answer)
    assert answer.status == 404, (path, answer.body)


@PROPERTY_SETTINGS
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]),
    tail=st.one_of(
        st.sampled_from(["discovery", "services", "requests", "tokens", "servicerequestupdates", "", "x"]),
        st.text(alphabet=string.ascii_letters + string.digits + "/._-%", max_size=40),
    ),
    fmt=formats,
)
def test_any_method_and_path_gets_an_answer_or_a_spec_error(
    app: HandlerApp, count_items: Counter, method: str, tail: str, fmt: str
) -> None:
    path = f"{PREFIX}/{tail}.{quote(fmt)}"
    before = count_items()
    answer = call(app, method, path, body=urlencode(pothole()).encode() if method != "GET" else b"",
                  content_type=FORM if method != "GET" else None)  # fmt: skip
    assert_well_behaved(path, answer)
    if answer.status != 200:
        assert count_items() == before
