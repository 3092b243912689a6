"""A model's drafts go through the same gate as built ones, with prompts that ask for the
forms and rules the gate checks (a scripted engine stands in for the model here; the real
GPT4All model is exercised in test_drafting_with_model.py)."""

from __future__ import annotations

from models.drafting.pipeline import Draft, DraftRequest, DraftStats, run_drafting
from models.engine import GenerationSettings, ModelInfo
from storage.domain import Difficulty, QuestionType, Slide

SLIDES = [
    Slide(1, 1, "Quantization\nLinear quantization fits a linear range to the weights.\n"
                "Nonlinear quantization computes a grid of percentiles or centroids."),
    Slide(1, 2, "Pruning\nMagnitude pruning drops the smallest weights every 1000 steps.\n"
                "Structured pruning removes entire neurons or attention heads."),
]  # fmt: skip

SLIDE_TALK = """Question: Which method, as presented on the slides, computes a grid of percentiles?
A) Nonlinear quantization
B) Linear quantization
C) Magnitude pruning
D) Structured pruning
Answer: A"""
GOOD = """Question: Which quantization method computes a grid of percentiles or centroids?
A) Nonlinear quantization
B) Linear quantization
C) Product quantization
D) Vector quantization
Answer: A"""


class Scripted:
    """An engine that answers with the given replies in turn and keeps the prompts."""

    def __init__(self, replies: list[str]) -> None:
        self.replies = list(replies)
        self.prompts: list[str] = []
        self.info = ModelInfo("scripted", "/models/other.gguf", "llama", 4096, "", "gpt4all")

    def generate(self, system: str, user: str, settings: GenerationSettings, on_text=None) -> str:
        self.prompts.append(user)
        return self.replies.pop(0) if self.replies else ""

    def count_tokens(self, text: str) -> int:
        return len(text.split())


def test_a_models_slide_talk_is_refused_and_the_prompt_asks_for_what_the_gate_checks() -> None:
    engine = Scripted([SLIDE_TALK, GOOD])
    stats = DraftStats()
    request = DraftRequest({QuestionType.MCQ: 1}, Difficulty.MEDIUM, strategy="model")
    drafts = [d for d in run_drafting(SLIDES, request, engine, stats=stats) if isinstance(d, Draft)]
    assert [d.question.stem for d in drafts] == [GOOD.splitlines()[0].removeprefix("Question: ")]
    assert sum(n for why, n in stats.rejected.items() if "slide" in why) == 1, stats.rejected
    prompt = engine.prompts[0]
    assert 'never mention "the slides"' in prompt
    assert "same kind of thing" in prompt
    assert "used for" in prompt  # medium asks for purpose / cause / example forms
