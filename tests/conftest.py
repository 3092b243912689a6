"""Shared fixtures. Tests never touch the user's real data folder."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from storage.bank import QuestionBank
from storage.database import Bank, open_bank
from storage.domain import (
    Choice,
    Difficulty,
    Question,
    QuestionType,
    Status,
)

FIXTURES = Path(__file__).parent / "fixtures"


def make_deck(bank: Bank, pages: int = 3, name: str = "lecture.pdf") -> int:
    """A deck stored directly (no PDF), for tests about what refers to slides."""
    from storage.decks import DeckContent
    from storage.slide_store import SlideLibrary

    texts = tuple(f"Slide {i}: attention, tokens and {name}" for i in range(1, pages + 1))
    content = DeckContent(
        title=name,
        source_path=f"/lectures/{name}",
        sha256=hashlib.sha256(f"{name}:{pages}".encode()).hexdigest(),
        raw_pages=texts,
        pages=texts,
        flags=((),) * pages,
    )
    return SlideLibrary(bank).import_deck(content, as_new=True).deck.id


@pytest.fixture(autouse=True)
def _private_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("QUIZWRIGHT_HOME", str(home))
    return home


@pytest.fixture
def backend(request: pytest.FixtureRequest) -> str:
    """Where `bank` lives: "sqlite" unless the module sets BOTH_BACKENDS (then both)."""
    return str(getattr(request, "param", "sqlite"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if getattr(metafunc.module, "BOTH_BACKENDS", False) and "backend" in metafunc.fixturenames:
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def bank(tmp_path: Path, backend: str, request: pytest.FixtureRequest) -> Iterator[Bank]:
    if backend == "sqlite":
        target = str(tmp_path / "bank.sqlite")
    else:
        target = request.getfixturevalue("pg_url")
    with open_bank(target) as b:
        yield b


@pytest.fixture
def service(bank: Bank) -> QuestionBank:
    return QuestionBank(bank)


def mcq(stem: str, right: str, *wrong: str, **kw: object) -> Question:
    choices = (Choice(right, 1.0), *(Choice(w) for w in wrong or ("other", "neither")))
    return Question(QuestionType.MCQ, stem, choices, **kw)  # type: ignore[arg-type]


def true_false(stem: str, answer: bool, **kw: object) -> Question:
    return Question(
        QuestionType.TRUE_FALSE,
        stem,
        (Choice("true", 1.0 if answer else 0.0), Choice("false", 0.0 if answer else 1.0)),
        **kw,  # type: ignore[arg-type]
    )


SAMPLE = [
    mcq(
        "Which weights does LoRA update during fine-tuning?",
        "Low-rank adapter matrices added beside the frozen weights",
        "All weights of the pre-trained model",
        "Only the token embeddings",
        tags=("lora", "peft"),
        category="LLM/Fine-tuning",
        difficulty=Difficulty.MEDIUM,
    ),
    true_false(
        "Byte-level BPE can encode any string without an unknown token.",
        True,
        tags=("tokenization",),
        category="LLM/Tokenization",
        difficulty=Difficulty.EASY,
        status=Status.ACCEPTED,
    ),
    Question(
        QuestionType.SHORT,
        "Name the algorithm that repeatedly merges the most frequent pair of adjacent symbols.",
        (Choice("BPE", 1.0), Choice("byte pair encoding", 1.0)),
        tags=("tokenization", "bpe"),
        category="LLM/Tokenization/Subwords",
        difficulty=Difficulty.MEDIUM,
    ),
    Question(
        QuestionType.NUMERICAL,
        "How many bits does INT8 quantization use per weight?",
        (Choice("8", 1.0, tolerance=0.0),),
        unit="bits",
        tags=("quantization",),
        category="LLM/Efficiency",
        difficulty=Difficulty.EASY,
    ),
    Question(
        QuestionType.ESSAY,
        "Implement Word2Vec (CBOW and skip-gram) in PyTorch and compare the embeddings.",
        grader_info="Rubric: correctness 40%, experiments 40%, report 20%.",
        points=10,
        tags=("word2vec", "assignment"),
        category="NLP/Embeddings",
        difficulty=Difficulty.HARD,
    ),
]


@pytest.fixture(scope="session")
def embedding_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the real embedding model, converted once per test run."""
    from models.embeddings import ensure_embedding_model

    folder = tmp_path_factory.mktemp("embedding-model")
    ensure_embedding_model(folder)
    return folder


@pytest.fixture(scope="session")
def embedder(embedding_model_dir: Path) -> Iterator[object]:
    """The real embedding model, loaded once per test run."""
    from models.embeddings import Embedder, ensure_embedding_model

    model = Embedder(ensure_embedding_model(embedding_model_dir))
    yield model
    model.close()


# ----- PostgreSQL: one throw-away server per test run, one database per test ---------------
# Without the server programs the PostgreSQL tests FAIL with the reason (never skip
# silently); every other test runs as before.


@pytest.fixture(scope="session")
def pg_server() -> Iterator[object]:
    from tests.pg_server import PgServer, ServerUnavailable

    try:
        server = PgServer.start()
    except ServerUnavailable as exc:
        pytest.fail(str(exc), pytrace=False)
    old = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(server.passfile)
    yield server
    if old is None:
        os.environ.pop("PGPASSFILE", None)
    else:
        os.environ["PGPASSFILE"] = old
    server.stop()


_pg_databases = iter(range(1, 1_000_000))


@pytest.fixture
def pg_url(pg_server: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The URL of a fresh, empty database on the test server (no password in it)."""
    from tests.pg_server import PgServer

    assert isinstance(pg_server, PgServer)
    monkeypatch.setenv("PGPASSFILE", str(pg_server.passfile))
    name = f"qw_test_{os.getpid()}_{next(_pg_databases)}"
    url = pg_server.create_database(name)
    yield url
    pg_server.drop_database(name)
