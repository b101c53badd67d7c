"""Property-based check of the API against its own OpenAPI schema
(schemathesis, in-process over ASGI): for valid and invalid generated
requests, no 5xx, and every response conforms to the schema (status code,
content type, headers, body), invalid data is refused. A bounded number of
examples per operation keeps it quick; ``bench/api_conformance.py`` runs the
same checks with more and lists every failure."""

from __future__ import annotations

import contextlib
from datetime import datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import checks
from schemathesis.generation import GenerationMode
from starlette.testclient import TestClient

from newsgraph.api.app import create_app
from newsgraph.config import load_settings
from tests.surfaces import build_demo_store

CONFORMANCE = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


@pytest.fixture(scope="module")
def app(tmp_path_factory, extractor):  # type: ignore[no-untyped-def]
    url = build_demo_store(tmp_path_factory.mktemp("schema"), extractor)
    app = create_app(load_settings(database_url=url))
    app.state.writer._extractor = extractor  # the session's pipeline: no second load
    return app


# Hypothesis drives each operation of the schema in turn (schemathesis's own
# pytest fixture loader does not support this pytest), with bounded examples.
@settings(
    max_examples=15,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def check_operation(operation, mode, data) -> None:  # type: ignore[no-untyped-def]
    case = data.draw(operation.as_strategy(generation_mode=mode))
    case.call_and_validate(checks=CONFORMANCE)


def test_responses_conform_to_the_schema(app):  # type: ignore[no-untyped-def]
    operations = [result.ok() for result in schemathesis.openapi.from_asgi("/openapi.json", app).get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        check_operation(operation, GenerationMode.POSITIVE)
        with contextlib.suppress(Unsatisfiable):  # no parameters and no body: no invalid request
            check_operation(operation, GenerationMode.NEGATIVE)


def test_dates_must_be_written_as_dates(app):  # type: ignore[no-untyped-def]
    client = TestClient(app)
    for query in ("until=0", "since=1700000000", "reported_until=0", "reported_since=20260105"):
        response = client.get(f"/api/events?{query}")
        assert response.status_code == 422, query
    assert client.get("/api/events?until=2026-01-05").status_code == 200


def test_deeply_nested_json_is_refused_not_a_server_error(app):  # type: ignore[no-untyped-def]
    client = TestClient(app, raise_server_exceptions=False)
    nested = "[" * 100_000 + "]" * 100_000
    for path in ("/api/articles", "/api/code"):
        response = client.post(path, content=nested, headers={"content-type": "application/json"})
        assert 400 <= response.status_code < 500, path
        assert "detail" in response.json()


def test_times_are_given_with_their_time_zone(app):  # type: ignore[no-untyped-def]
    client = TestClient(app)
    response = client.post("/api/articles", json={"published": "2026-01-05", "text": ""})
    assert response.status_code == 422
    (rejection,) = client.get("/api/rejected").json()[-1:]
    assert datetime.fromisoformat(rejection["rejected_at"]).utcoffset() is not None
