"""Property-based check of the API against its own OpenAPI schema
(schemathesis, in-process over ASGI): no generated request gets a 5xx."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error

from newsgraph.api.app import create_app
from newsgraph.config import load_settings
from tests.surfaces import build_demo_store


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory, extractor):
    url = build_demo_store(tmp_path_factory.mktemp("schema"), extractor)
    app = create_app(load_settings(database_url=url))
    app.state.writer._extractor = extractor  # the session's pipeline: no second load
    return schemathesis.openapi.from_asgi("/openapi.json", app)


# Hypothesis drives each operation of the schema in turn (schemathesis's own
# pytest fixture loader does not support this pytest), with bounded examples.
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(data=st.data())
def check_operation(operation, data) -> None:  # type: ignore[no-untyped-def]
    case = data.draw(operation.as_strategy())
    case.call_and_validate(checks=[not_a_server_error])


def test_no_server_errors(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 15
    for operation in operations:
        check_operation(operation)
