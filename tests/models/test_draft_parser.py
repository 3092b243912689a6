"""The parser on outputs really produced by a model (recorded in tests/fixtures/model_outputs).

Each record names the model, the prompt and the settings it was made with.
"""

from __future__ import annotations

import json

import pytest

from models.drafting.model_output import parse
from storage.domain import QuestionType
from tests.conftest import FIXTURES

OUTPUTS = FIXTURES / "model_outputs"
KINDS = {"mcq": QuestionType.MCQ, "truefalse": QuestionType.TRUE_FALSE, "short": QuestionType.SHORT}


def _records(name: str) -> list[dict]:
    return json.loads((OUTPUTS / name).read_text(encoding="utf-8"))


def test_records_name_their_model() -> None:
    for name in (
        "smollm2-135m-free-form.json",
        "smollm2-135m-prefilled.json",
        "smollm2-135m-few-shot.json",
    ):
        for record in _records(name):
            assert "SmolLM2-135M" in record["model"] and record["prompt"] and record["output"]


def test_well_formed_output_is_read() -> None:
    for record in _records("smollm2-135m-few-shot.json"):
        parsed = parse(record["output"], QuestionType.MCQ)
        assert parsed is not None
        assert parsed.stem == "What does dropout do during training?"
        assert len(parsed.options) == 4 and parsed.answer == "A"
        assert parsed.answer_index == 0
        assert parsed.options[0].startswith("It sets random activations to zero")


@pytest.mark.parametrize("name", ["smollm2-135m-free-form.json", "smollm2-135m-prefilled.json"])
def test_chatter_yields_no_usable_question(name: str) -> None:
    """What the 135M model writes free-form: nothing here is a question with a key."""
    for record in _records(name):
        parsed = parse(record["output"], KINDS[record["kind"]])
        if parsed is None:
            continue
        if parsed.type is QuestionType.MCQ:
            assert parsed.answer_index is None or len(parsed.options) < 3
        elif parsed.type is QuestionType.SHORT:
            assert parsed.stem  # read, but validation and grounding must judge it


def test_prefilled_true_false_reads_the_statement_and_key() -> None:
    record = next(
        r
        for r in _records("smollm2-135m-prefilled.json")
        if r["kind"] == "truefalse" and "Answer: True" in r["output"]
    )
    parsed = parse(record["output"], QuestionType.TRUE_FALSE)
    assert parsed is not None and parsed.answer == "true"
    assert parsed.stem.startswith('"The 19th century')
