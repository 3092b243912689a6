"""Sentence-embedding vectors of questions and slides: stored, kept current, searched.

The bank stores one vector per question stem, per question answer (the
correct answers joined) and per content slide, each with a hash of the exact
text it was made from. A question edited since, a new import, or a vector
from another model is "pending"; `embed_pending` makes what is pending, in
batches, and can run in the background (it yields progress and honours a
cancel callback). Nothing here knows which model makes the vectors: callers
pass an object with `model_id` and `embed(texts)` (models.embeddings.Embedder).
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from typing import Protocol

import numpy as np
import numpy.typing as npt
from sqlalchemy import func, select, text

from storage.database import Bank
from storage.schema import ChoiceRow, QuestionEmbeddingRow, QuestionRow, SlideRow

FloatArray = npt.NDArray[np.float32]
STEM = "stem"
ANSWER = "answer"
# Texts per embedding call: GPT4All is fastest on small batches of short texts.
DEFAULT_BATCH = 16

_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class TextEmbedder(Protocol):
    """What makes vectors: models.embeddings.Embedder, or a test double."""

    @property
    def model_id(self) -> str: ...

    def embed(
        self, texts: Sequence[str], cancel: Callable[[], bool] | None = None
    ) -> FloatArray: ...


def plain(text_: str) -> str:
    """Text as the embedding model should read it: no markup, single spaces."""
    return _SPACE.sub(" ", html.unescape(_TAG.sub(" ", text_))).strip()


def question_texts(stem: str, answers: Iterable[str]) -> tuple[str, str]:
    """The two texts embedded for a question: its stem and its correct answers."""
    return plain(stem), plain(" | ".join(sorted(a for a in answers if a.strip())))


def text_hash(text_: str) -> str:
    return hashlib.blake2b(text_.encode("utf-8"), digest_size=16).hexdigest()


def to_blob(vector: npt.NDArray[np.floating]) -> bytes:
    # float16 halves the file; cosine similarities move by ~1e-3 at most
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_blob(blob: bytes) -> FloatArray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


# ----- what is pending ---------------------------------------------------------------


@dataclass(frozen=True)
class EmbeddingStatus:
    """How much of a bank has current vectors from `model`."""

    model: str
    questions: int
    questions_current: int  # questions whose stem (and answer) vectors are current
    slides: int
    slides_current: int

    @property
    def complete(self) -> bool:
        return self.questions_current == self.questions and self.slides_current == self.slides

    def describe(self) -> str:
        return (
            f"{self.questions_current:,} of {self.questions:,} questions and "
            f"{self.slides_current:,} of {self.slides:,} slides have current embeddings"
        )


@dataclass(frozen=True)
class _Job:
    table: str  # "question" | "slide"
    key: int
    kind: str
    text: str
    digest: str


def _question_jobs(bank: Bank, model: str) -> tuple[list[_Job], int, int, list[tuple[int, str]]]:
    """(jobs, questions, current questions, vectors to drop because their text is gone)."""
    with bank.sessions() as s:
        rows = s.execute(
            select(QuestionRow.id, QuestionRow.stem, ChoiceRow.text)
            .outerjoin(
                ChoiceRow, (ChoiceRow.question_id == QuestionRow.id) & (ChoiceRow.fraction > 0)
            )
            .order_by(QuestionRow.id)
        ).all()
        stored = {
            (int(qid), str(kind)): (str(m), str(h))
            for qid, kind, m, h in s.execute(
                select(
                    QuestionEmbeddingRow.question_id,
                    QuestionEmbeddingRow.kind,
                    QuestionEmbeddingRow.model,
                    QuestionEmbeddingRow.text_hash,
                )
            )
        }
    jobs: list[_Job] = []
    drop: list[tuple[int, str]] = []
    total = current = 0
    for qid, group in groupby(rows, key=lambda r: int(r[0])):
        items = list(group)
        stem, answer = question_texts(items[0][1], [a for _, _, a in items if a is not None])
        total += 1
        fresh = True
        for kind, txt in ((STEM, stem), (ANSWER, answer)):
            if not txt:
                if (qid, kind) in stored:
                    drop.append((qid, kind))
                continue
            digest = text_hash(txt)
            if stored.get((qid, kind)) != (model, digest):
                jobs.append(_Job("question", qid, kind, txt, digest))
                fresh = False
        current += fresh
    return jobs, total, current, drop


def _slide_jobs(bank: Bank, model: str) -> tuple[list[_Job], int, int]:
    with bank.sessions() as s:
        slides = s.execute(
            select(SlideRow.id, SlideRow.clean_text).where(SlideRow.flags == "")
        ).all()
        stored = {
            int(sid): (str(m), str(h))
            for sid, m, h in s.execute(
                text("SELECT slide_id, model, text_hash FROM slide_embeddings")
            )
        }
    jobs = []
    total = current = 0
    for sid, clean in slides:
        txt = plain(clean)
        if not txt:
            continue
        total += 1
        digest = text_hash(txt)
        if stored.get(int(sid)) == (model, digest):
            current += 1
        else:
            jobs.append(_Job("slide", int(sid), "slide", txt, digest))
    return jobs, total, current


def embedding_status(bank: Bank, model: str) -> EmbeddingStatus:
    _, questions, q_current, _ = _question_jobs(bank, model)
    _, slides, s_current = _slide_jobs(bank, model)
    return EmbeddingStatus(model, questions, q_current, slides, s_current)


def stored_model(bank: Bank) -> str | None:
    """The model most stored question vectors come from (None when there are none)."""
    with bank.sessions() as s:
        row = s.execute(
            select(QuestionEmbeddingRow.model, func.count())
            .group_by(QuestionEmbeddingRow.model)
            .order_by(func.count().desc())
            .limit(1)
        ).first()
    return None if row is None else str(row[0])


@dataclass(frozen=True)
class EmbedProgress:
    done: int  # texts embedded so far in this run
    total: int  # texts that were pending when the run started
    questions: int  # questions and slides touched so far
    slides: int


def _write(bank: Bank, jobs: Sequence[_Job], vectors: FloatArray, model: str) -> None:
    with bank.sessions.begin() as s:
        seq = int(s.scalar(select(func.coalesce(func.max(QuestionEmbeddingRow.seq), 0))) or 0)
        q_rows = []
        slide_rows = []
        for job, vec in zip(jobs, vectors, strict=True):
            if job.table == "question":
                seq += 1
                q_rows.append(
                    {
                        "q": job.key,
                        "k": job.kind,
                        "m": model,
                        "h": job.digest,
                        "v": to_blob(vec),
                        "s": seq,
                    }
                )
            else:
                slide_rows.append({"id": job.key, "m": model, "h": job.digest, "v": to_blob(vec)})
        # the question or slide may have been deleted meanwhile: insert only if it exists
        if q_rows:
            s.execute(
                text(
                    # ON CONFLICT … DO UPDATE: the same statement on SQLite and PostgreSQL
                    "INSERT INTO question_embeddings "
                    "(question_id, kind, model, text_hash, vector, seq) "
                    "SELECT :q, :k, :m, :h, :v, :s WHERE EXISTS "
                    "(SELECT 1 FROM questions WHERE id = :q) "
                    "ON CONFLICT (question_id, kind) DO UPDATE SET model = excluded.model, "
                    "text_hash = excluded.text_hash, vector = excluded.vector, seq = excluded.seq"
                ),
                q_rows,
            )
        if slide_rows:
            s.execute(
                text(
                    "INSERT INTO slide_embeddings (slide_id, model, text_hash, vector) "
                    "SELECT :id, :m, :h, :v WHERE EXISTS (SELECT 1 FROM slides WHERE id = :id) "
                    "ON CONFLICT (slide_id) DO UPDATE SET model = excluded.model, "
                    "text_hash = excluded.text_hash, vector = excluded.vector"
                ),
                slide_rows,
            )


def embed_pending(
    bank: Bank,
    embedder: TextEmbedder,
    batch_size: int = DEFAULT_BATCH,
    cancel: Callable[[], bool] | None = None,
    slides: bool = True,
) -> Iterator[EmbedProgress]:
    """Embed every pending question stem, answer and slide; yields after each batch.

    Each batch is written in its own transaction, so a cancelled or crashed
    run keeps what it finished and the next run goes on from there. Safe to
    run on its own thread with its own `Bank`: it only inserts vectors, and a
    question edited meanwhile is simply pending again on the next run.
    """
    model = embedder.model_id
    jobs, _, _, drop = _question_jobs(bank, model)
    if drop:
        with bank.sessions.begin() as s:
            s.execute(
                text("DELETE FROM question_embeddings WHERE question_id = :q AND kind = :k"),
                [{"q": q, "k": k} for q, k in drop],
            )
    if slides:
        jobs += _slide_jobs(bank, model)[0]
    done = 0
    seen_q: set[int] = set()
    seen_s: set[int] = set()
    yield EmbedProgress(0, len(jobs), 0, 0)
    for start in range(0, len(jobs), batch_size):
        if cancel is not None and cancel():
            return
        batch = jobs[start : start + batch_size]
        vectors = embedder.embed([j.text for j in batch], cancel=cancel)
        _write(bank, batch, vectors, model)
        done += len(batch)
        for j in batch:
            (seen_q if j.table == "question" else seen_s).add(j.key)
        yield EmbedProgress(done, len(jobs), len(seen_q), len(seen_s))


def embed_question_now(
    bank: Bank, embedder: TextEmbedder, qid: int, stem: str, answers: Iterable[str]
) -> None:
    """Embed one stored question at once (a single add or edit, when a model is at hand)."""
    stem_text, answer_text = question_texts(stem, answers)
    jobs = [
        _Job("question", qid, kind, txt, text_hash(txt))
        for kind, txt in ((STEM, stem_text), (ANSWER, answer_text))
        if txt
    ]
    if jobs:
        _write(bank, jobs, embedder.embed([j.text for j in jobs]), embedder.model_id)
    if not answer_text:
        with bank.sessions.begin() as s:
            s.execute(
                text("DELETE FROM question_embeddings WHERE question_id = :q AND kind = :k"),
                {"q": qid, "k": ANSWER},
            )


def question_vectors(
    bank: Bank, model: str, after_seq: int = 0
) -> tuple[list[tuple[int, str, str, FloatArray]], int]:
    """Stored question vectors of `model` written after `after_seq`: (rows, newest seq).

    Rows are (question id, kind, text hash, vector); their staleness is for
    the caller to judge against the question's current text.
    """
    with bank.sessions() as s:
        rows = s.execute(
            select(
                QuestionEmbeddingRow.question_id,
                QuestionEmbeddingRow.kind,
                QuestionEmbeddingRow.text_hash,
                QuestionEmbeddingRow.vector,
                QuestionEmbeddingRow.seq,
            )
            .where(QuestionEmbeddingRow.model == model, QuestionEmbeddingRow.seq > after_seq)
            .order_by(QuestionEmbeddingRow.seq)
        ).all()
    newest = max((int(r[4]) for r in rows), default=after_seq)
    return [(int(q), str(k), str(h), from_blob(v)) for q, k, h, v, _ in rows], newest


def latest_seq(bank: Bank) -> int:
    with bank.sessions() as s:
        return int(s.scalar(select(func.coalesce(func.max(QuestionEmbeddingRow.seq), 0))) or 0)


def slide_vectors(bank: Bank, model: str) -> dict[int, tuple[str, FloatArray]]:
    """Stored slide vectors of `model`: slide id -> (text hash, vector)."""
    with bank.sessions() as s:
        rows = s.execute(
            text("SELECT slide_id, text_hash, vector FROM slide_embeddings WHERE model = :m"),
            {"m": model},
        ).all()
    return {int(i): (str(h), from_blob(v)) for i, h, v in rows}


# ----- searching ----------------------------------------------------------------------


# Above this many vectors, `VectorMatrix.top` ranks by 512-bit sign codes
# first (random hyperplanes: Hamming distance tracks the angle) and computes
# exact cosines on a short list only: a float32 pass over 100,000 x 384
# reads 150 MB per query (about 25 ms on 2 busy cores), the codes 6 MB.
EXACT_LIMIT = 20_000
CODE_BITS = 512
SHORTLIST = 300


def _hamming(codes: npt.NDArray[np.uint8], query: npt.NDArray[np.uint8]) -> npt.NDArray[np.uint16]:
    """Bits differing between each row of `codes` and `query`."""
    count = getattr(np, "bitwise_count", None)  # numpy >= 2.0
    if count is None:
        return np.asarray(_BYTE_BITS[codes ^ query].sum(axis=1, dtype=np.uint16))
    # as 64-bit words: eight times fewer elements to XOR and count
    words = np.ascontiguousarray(codes).view(np.uint64) ^ query.view(np.uint64)
    return np.asarray(count(words).sum(axis=1, dtype=np.uint16))


_BYTE_BITS = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


class VectorMatrix:
    """Unit vectors by id in one growable matrix, for cosine top-k by one product.

    Rows of removed ids are zeroed and reused; not thread-safe.
    """

    def __init__(self, dim: int, dtype: type[np.floating] = np.float32) -> None:
        self.dim = dim
        self._dtype = dtype
        self._vecs = np.zeros((0, dim), dtype=dtype)
        self._ids = np.zeros(0, dtype=np.int64)
        self._row: dict[int, int] = {}
        self._free: list[int] = []
        self._n = 0  # rows in use, including freed ones below it
        # sign codes for the short list, made in bulk when a search needs them
        self._planes = np.random.default_rng(0).normal(size=(dim, CODE_BITS)).astype(np.float32)
        self._codes = np.zeros((0, CODE_BITS // 8), dtype=np.uint8)
        self._stale_codes: list[int] = []

    def __len__(self) -> int:
        return len(self._row)

    def __contains__(self, key: int) -> bool:
        return key in self._row

    def set(self, key: int, vector: npt.NDArray[np.floating]) -> None:
        row = self._row.get(key)
        if row is None:
            if self._free:
                row = self._free.pop()
            else:
                if self._n == len(self._vecs):
                    grow = max(1024, len(self._vecs))
                    self._vecs = np.concatenate(
                        [self._vecs, np.zeros((grow, self.dim), self._dtype)]
                    )
                    self._ids = np.concatenate([self._ids, np.full(grow, -1, np.int64)])
                    self._codes = np.concatenate(
                        [self._codes, np.zeros((grow, CODE_BITS // 8), np.uint8)]
                    )
                row = self._n
                self._n += 1
            self._row[key] = row
            self._ids[row] = key
        self._vecs[row] = vector
        self._stale_codes.append(row)

    def remove(self, key: int) -> None:
        row = self._row.pop(key, None)
        if row is not None:
            self._vecs[row] = 0
            self._ids[row] = -1
            self._free.append(row)

    def get(self, key: int) -> FloatArray | None:
        row = self._row.get(key)
        return None if row is None else self._vecs[row].astype(np.float32)

    def _code(self, vectors: npt.NDArray[np.floating]) -> npt.NDArray[np.uint8]:
        return np.packbits(vectors.astype(np.float32) @ self._planes > 0, axis=-1)

    def top(
        self, query: FloatArray, k: int, exclude: int | None = None, min_cosine: float = -1.0
    ) -> list[tuple[int, float]]:
        """The `k` ids most similar to `query` (cosine, both unit length), best first."""
        return self.top_each([query], [k], exclude, min_cosine)[0]

    def top_each(
        self,
        queries: Sequence[FloatArray],
        ks: Sequence[int],
        exclude: int | None = None,
        min_cosine: float = -1.0,
    ) -> list[list[tuple[int, float]]]:
        """`top` for several queries (exact up to EXACT_LIMIT vectors, then short-listed)."""
        if not self._n:
            return [[] for _ in queries]
        dead = self._ids[: self._n] < 0
        if exclude is not None and exclude in self._row:
            dead = dead.copy()
            dead[self._row[exclude]] = True
        if self._n > EXACT_LIMIT and self._stale_codes:
            rows = np.unique(np.array(self._stale_codes))
            self._codes[rows] = self._code(self._vecs[rows])
            self._stale_codes = []
        found: list[list[tuple[int, float]]] = []
        for query, k in zip(queries, ks, strict=True):
            q = query.astype(np.float32)
            if self._n <= EXACT_LIMIT:
                rows = np.arange(self._n)
                sims = self._vecs[: self._n] @ q.astype(self._dtype)
            else:
                distance = _hamming(self._codes[: self._n], self._code(q))
                distance[dead] = np.iinfo(np.uint16).max
                m = min(self._n, max(SHORTLIST, 10 * k))
                rows = np.argpartition(distance, m - 1)[:m]
                sims = self._vecs[rows].astype(np.float32) @ q
            sims = np.where(dead[rows], -2.0, sims)
            k = min(k, len(rows))
            if k <= 0:
                found.append([])
                continue
            top = np.argpartition(-sims, k - 1)[:k]
            top = top[np.argsort(-sims[top], kind="stable")]
            found.append(
                [
                    (int(self._ids[rows[i]]), float(sims[i]))
                    for i in top
                    if sims[i] >= min_cosine and sims[i] > -2.0
                ]
            )
        return found

    def neighbours(
        self, k: int, seed: int = 0, probes: int = 8
    ) -> dict[int, list[tuple[int, float]]]:
        """For every id, its `k` most similar other ids (approximate in large sets).

        Up to 4,096 vectors: exact, by blocks of products. Beyond, an inverted
        file: the vectors are clustered (k-means on a sample, about sqrt(n)
        clusters) and each is compared only with the members of its `probes`
        nearest clusters, so a whole-bank scan costs about probes * n *
        sqrt(n) products instead of n^2.
        """
        live = np.flatnonzero(self._ids[: self._n] >= 0)
        n = len(live)
        if n < 2:
            return {}
        vecs = self._vecs[live].astype(np.float32)
        ids = self._ids[live]
        k = min(k, n - 1)
        best_sim = np.full((n, k), -2.0, dtype=np.float32)
        best_idx = np.full((n, k), -1, dtype=np.int64)

        def block(rows: npt.NDArray[np.intp], cands: npt.NDArray[np.intp]) -> None:
            sims = vecs[rows] @ vecs[cands].T
            sims[rows[:, None] == cands[None, :]] = -2.0  # not its own neighbour
            kk = min(k, len(cands))
            part = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
            all_sim = np.concatenate([best_sim[rows], np.take_along_axis(sims, part, 1)], 1)
            all_idx = np.concatenate([best_idx[rows], cands[part]], 1)
            keep = np.argsort(-all_sim, axis=1, kind="stable")[:, :k]
            best_sim[rows] = np.take_along_axis(all_sim, keep, 1)
            best_idx[rows] = np.take_along_axis(all_idx, keep, 1)

        if n <= 4096:
            everything = np.arange(n)
            for start in range(0, n, 512):
                block(everything[start : start + 512], everything)
        else:
            rng = np.random.default_rng(seed)
            n_cells = int(np.sqrt(n))
            sample = vecs[rng.choice(n, size=min(n, 30 * n_cells), replace=False)]
            centroids = sample[rng.choice(len(sample), size=n_cells, replace=False)].copy()
            for _ in range(8):
                assign = np.argmax(sample @ centroids.T, axis=1)
                for c in range(n_cells):
                    members = sample[assign == c]
                    if len(members):
                        mean = members.sum(axis=0)
                        centroids[c] = mean / max(float(np.linalg.norm(mean)), 1e-12)
            cell = np.empty(n, dtype=np.intp)
            probe = np.empty((n, probes), dtype=np.intp)
            for start in range(0, n, 8192):
                sims = vecs[start : start + 8192] @ centroids.T
                cell[start : start + 8192] = np.argmax(sims, axis=1)
                probe[start : start + 8192] = np.argpartition(-sims, probes - 1, axis=1)[:, :probes]
            members_of = [np.flatnonzero(cell == c) for c in range(n_cells)]
            order = np.argsort(probe.ravel(), kind="stable")
            bounds = np.searchsorted(probe.ravel()[order], np.arange(n_cells + 1))
            for c in range(n_cells):
                rows = order[bounds[c] : bounds[c + 1]] // probes
                if len(rows) and len(members_of[c]):
                    block(rows, members_of[c])
        return {
            int(ids[r]): [
                (int(ids[j]), float(sim))
                for j, sim in zip(best_idx[r], best_sim[r], strict=True)
                if j >= 0 and sim > -2.0
            ]
            for r in range(n)
        }
