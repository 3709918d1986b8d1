"""The static embedding model behind search by meaning: one vector per WordPiece token.

A text's vector is the mean of its tokens' vectors, L2-normalised (model2vec-style). The
vectors were distilled once from all-MiniLM-L6-v2 by ``scripts/distill_static_model.py`` and
ship in ``medcodes/data/static_model/`` (see its MODEL.md), so embedding needs numpy and
``tokenizers`` only: no torch, nothing downloaded, microseconds per query.
"""

from __future__ import annotations

import threading
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from medcodes.search.text import tokens, tokens_of_all

if TYPE_CHECKING:
    from tokenizers import Tokenizer

MODEL_DIR = Path(__file__).resolve().parent.parent / "data" / "static_model"
_SENTINEL = "0medcodes0end0"  # separates the texts of a batch (no text has this word)
# Words with no meaning of their own, and the pieces contractions leave ("can't" -> can, t).
# They are dropped before tokenising: a static model cannot tell the word "my" from the first
# piece of "myocardial" (both are the WordPiece "my"), so it must not see the word at all.
STOPWORDS = frozenset(
    """
    a an and are as at be by for from has have i in into is it its my of on or our the their
    this to was were what which who will me she he her his your you they them do does did got
    get having am been being can cannot could would should t s d ll re ve m don didn doesn isn
    aren wasn weren won couldn shouldn wouldn hasn haven hadn so very really just also there
    that these those when while whenever after before then than some any all about
    """.split()
)

_lock = threading.Lock()
_models: dict[Path, StaticModel] = {}
# Words whose WordPiece ids a model keeps (``StaticModel.query_ids``), emptied when full: a
# query's words recur far more than its texts do, and the tokenizer's cold call was most of a
# served query's embedding (about 90 us of 160).
CACHED_WORDS = 50_000


class ModelError(RuntimeError):
    """The model files are missing or unreadable (a broken install, not a user error)."""


class StaticModel:
    """Token vectors plus the WordPiece tokenizer that indexes them."""

    def __init__(self, path: Path = MODEL_DIR) -> None:
        self.path = path
        try:
            self.vectors = np.load(path / "vectors.npy").astype(np.float32)
        except OSError as exc:
            raise ModelError(f"static model missing at {path}: reinstall medcodes") from exc
        self.dims = int(self.vectors.shape[1])
        self._word_ids: dict[str, tuple[int, ...]] = {}

    @cached_property
    def tokenizer(self) -> Tokenizer:
        from tokenizers import Tokenizer

        tok = Tokenizer.from_file(str(self.path / "tokenizer.json"))
        tok.no_truncation()
        tok.no_padding()
        return tok

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        """WordPiece ids of each text's content words (no [CLS]/[SEP], no stopwords)."""
        prepared = [content_words(t) for t in texts]
        if len(prepared) == 1:  # a query: no batch, so no tokenizer thread pool
            return [self.tokenizer.encode(prepared[0], add_special_tokens=False).ids]
        return [e.ids for e in self.tokenizer.encode_batch(prepared, add_special_tokens=False)]

    def query_ids(self, text: str) -> list[int]:
        """``token_ids([text])[0]``, word by word: WordPiece splits each word on its own (the
        batch in ``encode`` relies on it too), so each word's ids are looked up once."""
        cache = self._word_ids
        out: list[int] = []
        for word in content_word_list(text):
            ids = cache.get(word)
            if ids is None:
                if len(cache) >= CACHED_WORDS:
                    cache.clear()
                ids = cache[word] = tuple(
                    self.tokenizer.encode(word, add_special_tokens=False).ids)
            out += ids
        return out

    def encode(self, texts: list[str]) -> np.ndarray:
        """One L2-normalised float32 row per text; a text with no known token gets zeros.

        A text's vector is the normalised sum of its tokens' vectors, and WordPiece splits
        each word on its own, so a batch is embedded word by word: each distinct word is
        tokenised and summed once, then each text sums its words. Catalog texts repeat their
        words (title, terms, short title), so this reads far fewer rows than token by token.
        """
        if len(texts) == 1:  # a query: no segment bookkeeping (a third of its embedding)
            query = self.query_ids(texts[0])
            out = np.zeros((1, self.dims), np.float32)
            if query:  # the same reduction as ``_segment_sums`` makes, so the same bits
                row = out[0]
                row[:] = np.add.reduceat(self.vectors[query], [0], axis=0)[0]
                # ``_normalise`` of one row, without np.linalg.norm's checks: the same
                # reduction and division, so the same bits.
                norm = np.sqrt(np.add.reduce(row * row))
                if norm > 0:
                    row /= norm
            return out
        # One regex pass over the whole batch; a sentinel word marks where each text ends.
        words = tokens_of_all(texts, sep=f" {_SENTINEL} ")
        table: dict[str, int] = {}
        ids = np.fromiter((table.setdefault(w, len(table)) for w in words), np.int64, len(words))
        ends = ids == table.get(_SENTINEL, -1)
        dropped = [i for w, i in table.items() if w in STOPWORDS or w == _SENTINEL]
        keep = ~np.isin(ids, dropped)
        owner = np.cumsum(ends)[keep]  # text number of each kept word
        lengths = np.bincount(owner, minlength=len(texts))
        word_sums = self._sums([e.ids for e in self.tokenizer.encode_batch(
            list(table), add_special_tokens=False)]) if table else self.vectors[:0]
        return _normalise(_segment_sums(word_sums, ids[keep], lengths))

    def pool(self, ids: list[list[int]]) -> np.ndarray:
        """Mean of each id list's token vectors, L2-normalised."""
        return _normalise(self._sums(ids))

    def _sums(self, ids: list[list[int]]) -> np.ndarray:
        lengths = np.fromiter((len(x) for x in ids), np.int64, len(ids))
        flat = np.fromiter((i for x in ids for i in x), np.int64, int(lengths.sum()))
        return _segment_sums(self.vectors, flat, lengths)


POOL_ROWS = 64  # texts per gather: their rows stay in cache (5x faster than 4,096 at a time)


def _segment_sums(rows: np.ndarray, flat: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Row ``j`` is the sum of ``rows[flat[k]]`` over text ``j``'s slice of ``flat``."""
    out = np.zeros((len(lengths), rows.shape[1]), np.float32)
    ends = np.cumsum(lengths)
    starts = ends - lengths
    for a in range(0, len(lengths), POOL_ROWS):
        b = min(len(lengths), a + POOL_ROWS)
        nonempty = np.flatnonzero(lengths[a:b]) + a
        if not len(nonempty):
            continue
        lo, hi = starts[a], ends[b - 1]
        out[nonempty] = np.add.reduceat(rows[flat[lo:hi]], starts[nonempty] - lo, axis=0)
    return out


def _normalise(out: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    np.divide(out, norms, out=out, where=norms > 0)
    return out


def content_word_list(text: str) -> list[str]:
    """The words of ``text`` that carry meaning, lower case, accents folded."""
    return [w for w in tokens(text) if w not in STOPWORDS]


def content_words(text: str) -> str:
    return " ".join(content_word_list(text))


def load(path: Path = MODEL_DIR) -> StaticModel:
    """The model at ``path``, loaded once per process (about 30 MB as float32)."""
    with _lock:
        model = _models.get(path)
        if model is None:
            model = _models[path] = StaticModel(path)
        return model
