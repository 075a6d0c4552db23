"""Property-based tests of the whole API against its own OpenAPI schema, over real HTTP.

schemathesis reads /api/openapi.json from the live server, generates requests for each
operation (valid ones and deliberately broken ones) and checks every response: no server
error, a status code, content type and body that the schema documents, bad input rejected
with a 4xx.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from archive.api import api
from tests.conftest import SEED_38, SEED_41

pytestmark = pytest.mark.django_db(transaction=True)

# Enough to reach every parameter's edges on each operation while keeping CI short.
EXAMPLES_PER_OPERATION = 25

OPERATIONS = [
    (method.upper(), path)
    for path, methods in api.get_openapi_schema(path_prefix="/api")["paths"].items()
    for method in methods
]


@pytest.fixture
def live_schema(live_server, transactional_db):
    """The schema as the running server publishes it, with both seed meetings imported."""
    from archive.ingest.load import ImportStatus, meeting_import

    for path in (SEED_38, SEED_41):
        assert meeting_import(path=path).status is ImportStatus.CREATED
    return schemathesis.openapi.from_url(f"{live_server.url}/api/openapi.json")


def test_every_read_endpoint_is_tested():
    assert {path for _, path in OPERATIONS} >= {
        "/api/meetings",
        "/api/meetings/{meeting_id}",
        "/api/decisions/{decision_id}",
        "/api/departments",
        "/api/departments/{department_id}",
        "/api/departments/{department_id}/decisions",
        "/api/people",
        "/api/search",
    }
    assert {method for method, _ in OPERATIONS} == {"GET"}


@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_conforms_to_the_schema(live_schema, method, path, mode):
    operation = live_schema[path][method]

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def check(case):
        case.call_and_validate()

    check()
