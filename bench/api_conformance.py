"""How far the API's responses conform to its own OpenAPI schema.

Builds a store from the demo corpus, then has schemathesis (in-process over
ASGI) generate valid and invalid requests for every operation and check each
response: no server error, status code, content type and headers documented,
body valid against the response schema, invalid data rejected. Prints each
distinct failure (operation, check, status) and their count.

    python bench/api_conformance.py --examples 25
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections import Counter
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis import checks
from schemathesis.generation import GenerationMode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CONFORMANCE = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
    checks.negative_data_rejection,
]


def failures_in(error: BaseException) -> list[BaseException]:
    """The distinct failures a check raised (one, or a group)."""
    nested = getattr(error, "exceptions", None)
    if nested:
        return [failure for inner in nested for failure in failures_in(inner)]
    return [error]


def title_of(failure: BaseException) -> str:
    return getattr(failure, "title", None) or type(failure).__name__


EXAMPLES: dict[tuple[str, str, str], str] = {}  # the first message of each distinct failure


def check_schema(api_schema, examples: int) -> Counter[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    """Distinct failures (operation, generation mode, failure) and how many
    generated cases showed each."""
    failures: Counter[tuple[str, str, str]] = Counter()
    examples_of = EXAMPLES

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run(operation, mode, data) -> None:  # type: ignore[no-untyped-def]
        case = data.draw(operation.as_strategy(generation_mode=mode))
        try:
            case.call_and_validate(checks=CONFORMANCE)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # a FailureGroup is a BaseExceptionGroup: count each, stop none
            for failure in failures_in(error):
                key = (operation.label, mode.value, title_of(failure))
                failures[key] += 1
                examples_of.setdefault(key, f"{getattr(failure, 'message', failure)}".strip()[:300])

    for result in api_schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            try:
                run(operation, mode)
            except Unsatisfiable:  # nothing to make invalid (no parameters, no body)
                continue
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", action="store_true", help="print the first message of each failure")
    parser.add_argument("--examples", type=int, default=25, help="generated cases per operation and mode")
    args = parser.parse_args()
    from tests.surfaces import build_demo_store

    from newsgraph.api.app import create_app
    from newsgraph.config import load_settings
    from newsgraph.extract.extractor import Extractor

    extractor = Extractor("en_core_web_sm", batch_size=8)
    with tempfile.TemporaryDirectory() as folder:
        url = build_demo_store(Path(folder), extractor)
        app = create_app(load_settings(database_url=url))
        app.state.writer._extractor = extractor
        failures = check_schema(schemathesis.openapi.from_asgi("/openapi.json", app), args.examples)
    for (operation, mode, title), cases in sorted(failures.items()):
        print(f"{operation:45} {mode:8} {cases:4} case(s)  {title}")
        if args.show:
            print("    " + EXAMPLES[(operation, mode, title)].replace("\n", "\n    "))
    print(f"{len(failures)} distinct failure(s)")


if __name__ == "__main__":
    main()
