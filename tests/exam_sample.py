"""Questions for the exam tests and screenshots: every type, a 10-point essay with
a 100-point rubric, a short answer with a diacritic, and pairs that cue each other."""

from __future__ import annotations

from dataclasses import replace

from storage.domain import Choice, Question, QuestionType, Status
from tests.conftest import mcq, true_false

RUBRIC = (
    "Rubric (100 points):\n"
    "- Explanations match the slides (40): each term defined in the student's own words.\n"
    "- Comparison (25): differences and use cases argued, not listed.\n"
    "- Example or experiment (25): worked through; results interpreted.\n"
    "- Clarity and citations (10)."
)

ESSAY = Question(
    QuestionType.ESSAY,
    "Compare byte-pair encoding with WordPiece: what each is for and when you would "
    "choose one over the other.",
    grader_info=RUBRIC,
    points=10,
)
NAIVE = Question(
    QuestionType.SHORT,
    "Which Bayes classifier assumes that features are independent given the class?",
    (Choice("Naïve", 1.0),),
)
NUMERICAL = Question(
    QuestionType.NUMERICAL,
    "How many bits does INT8 quantization use per weight?",
    (Choice("8", 1.0, tolerance=0.0),),
    unit="bits",
)
# written with the key first, as drafted questions often are
MCQ_SUBWORDS = mcq(
    "Which tokenizer splits rare words into frequent subword units?",
    "Byte-pair encoding",
    "Whitespace splitting",
    "Character n-grams",
    "Sentence splitting",
)
MCQ_STEMMING = mcq(
    "Which step cuts suffixes off words with fixed rules?",
    "Stemming",
    "Byte-level BPE",
    "Part-of-speech tagging",
    "Named-entity recognition",
)
TF_PLAIN = true_false("Attention weights in a softmax layer sum to one.", True)
# cueing: 1 and 2 share options, 3 states the answer to 1, 4's answer is an option in 2
MCQ_NORMALISE = mcq(
    "Which step maps each word form to its dictionary form?",
    "Lemmatization",
    "Stemming",
    "Character n-grams",
    "Sentence splitting",
)
TF_GIVEAWAY = true_false("Byte-pair encoding splits rare words into subword units.", True)
SHORT_OPTION = Question(
    QuestionType.SHORT,
    "What do we call cutting suffixes off words with fixed rules?",
    (Choice("stemming", 1.0),),
)

# in a mixed order, essay in the middle: the exam puts it last
MIXED = [MCQ_SUBWORDS, ESSAY, TF_PLAIN, NAIVE, MCQ_STEMMING, NUMERICAL]
CUEING = [MCQ_SUBWORDS, MCQ_NORMALISE, TF_GIVEAWAY, SHORT_OPTION]


def accepted(questions: list[Question]) -> list[Question]:
    return [replace(q, status=Status.ACCEPTED) for q in questions]
