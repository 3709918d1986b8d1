"""Adapt the static model's token vectors so that everyday words mean their clinical words.

Why: the static model (``src/medcodes/data/static_model/``) was fitted so that a text's mean
token vector matches all-MiniLM-L6-v2 on *catalog* texts; a lay word no catalog text uses
("tummy", "sugar") keeps its distilled vector, scaled, and lands far from the clinical words
that say the same thing. The project's curated vocabulary holds thousands of pairs that say
one thing in lay and clinical words (``lay_terms.tsv``, ``drug_names.tsv``,
``abbreviations.tsv``, ...). A short contrastive fine-tune of the token vectors on those
pairs (in-batch negatives, the same stopword dropping, mean pooling and normalisation as
``medcodes.search.static_model``) teaches the words, not the phrases, so a phrasing no row
says also moves towards its clinical words. Three things keep the clinical structure:
ICD-10-CM pairs from the catalog (an inclusion or index term and its concept's title) in the
same batches, a penalty on how far the similarities among the clinical texts of a batch move
from the base model's (``--keep``), and a decoupled pull of every vector back towards the
base one each step (``--pull``, as AdamW's decay).

Training needs torch (CPU) in a separate environment; serving does not (the output is the
same float16 ``vectors.npy``):

    python3 -m venv /tmp/torchenv
    /tmp/torchenv/bin/pip install torch==2.13.0 numpy tokenizers
    git show cd699f6:src/medcodes/data/static_model/vectors.npy > /tmp/base-vectors.npy
    PYTHONPATH=src /tmp/torchenv/bin/python scripts/adapt_static_model.py \\
        --catalog <catalog.sqlite> --base /tmp/base-vectors.npy \\
        --out /tmp/adapted/vectors.npy [--holdout]

``--base`` is the vectors ``distill_static_model.py`` wrote (cd699f6 holds them); the script
writes ``--out`` and its figures under ``adapted`` in the ``config.json`` beside it (a copy
of the shipped model's when there is none; ``--out`` the shipped ``vectors.npy`` only to adopt
the result). Seeded, one torch thread: the same inputs give the same vectors (about a minute
on one core).
``--holdout`` trains without a tenth of the lay phrases and reports how well they find
their clinical words. Never train on ``tests/data`` or ``bench/queries``: they are the
judges.

Result (session 15, 2026-11-27; not adopted: the committed ``vectors.npy`` is still the
distilled-and-fitted one). With these defaults, a tenth of the lay phrases held out found
their clinical words at hit@10 0.665 -> 0.831, and "sore tummy" moved from "sore throat"
(0.32 against 0.20) to "abdominal pain" (0.61 against 0.37). In search (catalog rebuilt
with the adapted vectors, bench/relevance.py; the 13 everyday development lists of
tests/data, 1,247 queries):

    set                   meaning @10     hybrid @1       hybrid @10
    everyday (449)        0.833 -> 0.846  0.759 -> 0.744  0.857 -> 0.864
    everyday_blind (345)                  0.620 -> 0.641  0.861 -> 0.861
    everyday_blind2 (395)                 0.648 -> 0.656  0.863 -> 0.863
    development lists     0.829 -> 0.840  0.791 -> 0.783  0.922 -> 0.921
    icd9dx (1,492)        0.585 -> 0.613  0.418 -> 0.420  0.697 -> 0.708
    icd9pcs (1,494)                       0.331 -> 0.331  0.546 -> 0.553
    procedures (289)      0.789 -> 0.837  0.841 -> 0.841  0.934 -> 0.941

The meaning retriever alone gains; hybrid search, whose word side already reads the curated
rows, does not (held-out hit@10 unchanged), 200 queries of the bench sets rank worse and
260 better, and six tests of the search suite fail: a clinical query now reaches a lay phrase by
meaning ("malignant neoplasm of breast" passes ``lay_meaning.SIMILAR`` beside the row
"breast cancer"), and everyday words shared by unrelated titles move with their rows
("legs won't stay still at night" leads with night blindness, not restless legs). With
ICD-9 short titles among the catalog pairs (``--short-titles``, the ICD-9 systems) icd9dx
rose more (meaning 0.642, hybrid 0.718) but everyday queries led with ICD-9 codes (hybrid
hit@1 0.739). The projection of the optional MiniLM query reader refits less well to the
adapted space (held-out cosine 0.950 -> 0.932). Worth trying next: a higher
``lay_meaning.SIMILAR`` with adapted vectors, pairs of lay phrases with the catalog titles
their clinical words find (not the bare clinical words), and fewer steps.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "medcodes" / "data"
MODEL = DATA / "static_model"
SEED = 20261127


# -- pairs ------------------------------------------------------------------------------------
def read_tsv(name: str) -> list[tuple[str, str]]:
    """(first, second) rows of a curated two-column file, after comments and its header."""
    rows: list[tuple[str, str]] = []
    header = True
    with (DATA / name).open(encoding="utf-8") as f:
        for row in csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            if not row or not row[0].strip() or row[0].startswith("#"):
                continue
            if header:
                header = False
                continue
            if len(row) >= 2 and row[1].strip():
                rows.append((row[0].strip(), row[1].strip()))
    return rows


def lay_pairs() -> list[tuple[str, str]]:
    """Everyday or typed words -> the clinical words of the titles, from the curated files."""
    pairs: list[tuple[str, str]] = []
    for name in ("lay_terms.tsv", "drug_names.tsv", "abbreviations.tsv", "same_words.tsv",
                 "body_parts.tsv", "finding_words.tsv", "pcs_devices.tsv",
                 "spelling_variants.tsv"):
        pairs += read_tsv(name)
    for part, itis in read_tsv("inflammation.tsv"):
        pairs += [(f"inflamed {part}", itis), (f"inflammation of {part}", itis)]
    seen: set[tuple[str, str]] = set()
    out = []
    for a, b in pairs:
        key = (a.casefold(), b.casefold())
        if key[0] != key[1] and key not in seen:
            seen.add(key)
            out.append((a, b))
    return out


def catalog_pairs(db: Path, size: int, rng: random.Random, systems: tuple[str, ...],
                  short_titles: bool) -> list[tuple[str, str]]:
    """A seeded sample of (inclusion or index term, title) pairs, and with ``short_titles``
    (short title, title), so the clinical texts keep saying what their concepts say. ICD-9
    short titles pulled everyday queries to ICD-9 codes in hybrid search; off by default."""
    conn = sqlite3.connect(f"file:{db.resolve().as_posix()}?mode=ro", uri=True)
    try:
        rows = conn.execute(
            "SELECT system, title, terms, short_title FROM concepts WHERE is_default = 1"
            f" AND system IN ({','.join('?' * len(systems))}) ORDER BY id", systems).fetchall()
    finally:
        conn.close()
    pairs: list[tuple[str, str]] = []
    for _system, title, terms, short in rows:
        if "encounter" in title or "sequela" in title:
            continue
        for term in json.loads(terms):
            text = term["text"]
            if term.get("kind") in ("inclusion", "index") and text.casefold() != title.casefold():
                pairs.append((text, title))
        if short_titles and short and short.casefold() != title.casefold():
            pairs.append((short, title))
    return rng.sample(pairs, min(size, len(pairs)))


# -- training ---------------------------------------------------------------------------------
def token_ids(texts: list[str]) -> list[list[int]]:
    """Ids as medcodes computes them at run time (content words, no [CLS]/[SEP]). The
    package's ``__init__`` is skipped: the training environment has torch, not the web
    stack."""
    if "medcodes" not in sys.modules:
        import types

        package = types.ModuleType("medcodes")
        package.__path__ = [str(ROOT / "src" / "medcodes")]
        sys.modules["medcodes"] = package
    from medcodes.search.static_model import StaticModel

    return StaticModel(MODEL).token_ids(texts)


def padded(ids: list[list[int]]) -> np.ndarray:
    width = max(1, max(len(x) for x in ids))
    out = np.zeros((len(ids), width), np.int64)  # id 0 ([PAD]) is a zero vector
    for i, x in enumerate(ids):
        out[i, : len(x)] = x
    return out


def train(base: np.ndarray, pairs: list[tuple[str, str]], lay_count: int, args: argparse.Namespace
          ) -> np.ndarray:
    """Contrastive fine-tune of the token vectors; returns the new vectors (float32)."""
    import torch

    torch.manual_seed(SEED)
    torch.set_num_threads(1)  # reproducible sums, and the machine is shared
    texts = sorted({t for p in pairs for t in p})
    index = {t: i for i, t in enumerate(texts)}
    ids = padded(token_ids(texts))
    print(f"texts {len(texts)}, width {ids.shape[1]}", file=sys.stderr)
    left = np.array([index[a] for a, _ in pairs])
    right = np.array([index[b] for _, b in pairs])
    lay = np.arange(len(pairs)) < lay_count
    v0 = torch.tensor(base, dtype=torch.float32)
    v = torch.nn.Parameter(v0.clone())
    tok = torch.tensor(ids)
    opt = torch.optim.Adam([v], lr=args.lr)
    rng = np.random.default_rng(SEED)

    def encode(table: torch.Tensor, rows: np.ndarray) -> torch.Tensor:
        x = table[tok[torch.as_tensor(rows)]].sum(1)
        return x / x.norm(dim=1, keepdim=True).clamp_min(1e-9)

    lay_idx, cat_idx = np.flatnonzero(lay), np.flatnonzero(~lay)
    half = args.batch // 2
    started = time.perf_counter()
    for step in range(args.steps):
        batch = np.concatenate([rng.choice(lay_idx, half, replace=False),
                                rng.choice(cat_idx, args.batch - half, replace=False)])
        a, b = left[batch], right[batch]
        ea, eb = encode(v, a), encode(v, b)
        logits = ea @ eb.T / args.temperature
        # Another row of the batch with the same left or right text is no negative.
        same = (a[:, None] == a[None, :]) | (b[:, None] == b[None, :])
        np.fill_diagonal(same, False)
        mask = torch.as_tensor(same)
        logits = logits.masked_fill(mask, -1e4)
        target = torch.arange(len(batch))
        loss_pair = (torch.nn.functional.cross_entropy(logits, target)
                     + torch.nn.functional.cross_entropy(logits.T, target)) / 2
        # Keep the similarities among catalog texts: the right-hand (title) side of catalog
        # pairs and the clinical side of lay pairs, against the current vectors.
        with torch.no_grad():
            old = encode(v0, b)
            s_old = old @ old.T
        s_new = eb @ eb.T
        loss_keep = ((s_new - s_old) ** 2).mean()
        loss = loss_pair + args.keep * loss_keep
        opt.zero_grad()
        loss.backward()
        opt.step()
        with torch.no_grad():  # decoupled pull towards the base vectors (as AdamW's decay)
            v -= args.pull * (v - v0)
            loss_l2 = ((v - v0) ** 2).sum(1).mean()
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step}: pair {loss_pair.item():.3f} keep {loss_keep.item():.5f} "
                  f"l2 {loss_l2.item():.5f} ({time.perf_counter() - started:.0f}s)",
                  file=sys.stderr)
    out = v.detach().numpy().astype(np.float32)
    out[np.abs(base).sum(1) == 0] = 0  # special and unused tokens stay zero
    return out


def retrieval(vectors: np.ndarray, pairs: list[tuple[str, str]]) -> tuple[float, float]:
    """hit@1 and hit@10 of each left text finding its right text among all right texts."""
    lefts = sorted({a for a, _ in pairs})
    rights = sorted({b for _, b in pairs})
    want: dict[str, set[int]] = {}
    rindex = {t: i for i, t in enumerate(rights)}
    for a, b in pairs:
        want.setdefault(a, set()).add(rindex[b])

    def enc(texts: list[str]) -> np.ndarray:
        ids = token_ids(texts)
        out = np.zeros((len(ids), vectors.shape[1]), np.float32)
        for j, x in enumerate(ids):
            if x:
                out[j] = vectors[x].sum(0)
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)

    sims = enc(lefts) @ enc(rights).T
    top = np.argsort(-sims, axis=1)[:, :10]
    h1 = np.mean([top[i, 0] in want[a] for i, a in enumerate(lefts)])
    h10 = np.mean([bool(set(top[i]) & want[a]) for i, a in enumerate(lefts)])
    return float(h1), float(h10)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    ap.add_argument("--catalog", type=Path, required=True, help="a built catalog")
    ap.add_argument("--base", type=Path, required=True,
                    help="the vectors to adapt: those distill_static_model.py wrote")
    ap.add_argument("--out", type=Path, required=True,
                    help="where to write the adapted vectors.npy (the shipped model's path only to adopt them); config.json beside it gets the figures")
    ap.add_argument("--catalog-pairs", type=int, default=60_000)
    ap.add_argument("--systems", default="icd10cm",
                    help="systems whose catalog pairs are drawn")
    ap.add_argument("--short-titles", action=argparse.BooleanOptionalAction, default=False,
                    help="also pair each short title with its title")
    ap.add_argument("--steps", type=int, default=200)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--temperature", type=float, default=0.05)
    ap.add_argument("--keep", type=float, default=10.0, help="weight of catalog similarities")
    ap.add_argument("--pull", type=float, default=0.005,
                    help="share of the distance to the base vectors taken back each step")
    ap.add_argument("--holdout", action="store_true",
                    help="train without a tenth of the lay phrases and report on them")
    ap.add_argument("--no-write", action="store_true")
    args = ap.parse_args(argv)

    rng = random.Random(SEED)
    base = np.load(args.base).astype(np.float32)
    lay = lay_pairs()
    held: list[tuple[str, str]] = []
    if args.holdout:  # by left text, so no held-out phrase is seen with another clinical side
        keys = sorted({a.casefold() for a, _ in lay})
        out = set(random.Random(SEED + 1).sample(keys, len(keys) // 10))
        held = [p for p in lay if p[0].casefold() in out]
        lay = [p for p in lay if p[0].casefold() not in out]
    cat = catalog_pairs(args.catalog, args.catalog_pairs, rng, tuple(args.systems.split(",")),
                        args.short_titles)
    print(f"pairs: {len(lay)} lay, {len(cat)} catalog, {len(held)} held out", file=sys.stderr)
    vectors = train(base, lay + cat, len(lay), args)
    figures: dict[str, object] = {}
    probe = rng.sample(cat, 3000)
    for name, vec in (("base", base), ("adapted", vectors)):
        for label, pairs in (("lay", lay), ("held_out_lay", held), ("catalog", probe)):
            if pairs:
                h1, h10 = retrieval(vec, pairs)
                figures[f"{label}_hit10_{name}"] = round(h10, 4)
                print(f"{name} {label}: hit@1 {h1:.3f} hit@10 {h10:.3f}", file=sys.stderr)
    if not args.no_write:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        np.save(args.out, vectors.astype(np.float16))
        config_path = args.out.parent / "config.json"
        if not config_path.exists():  # a folder of its own: start from the shipped model's
            config_path.write_bytes((MODEL / "config.json").read_bytes())
        config = json.loads(config_path.read_text(encoding="utf-8"))
        config["adapted"] = {
            "lay_pairs": len(lay), "catalog_pairs": len(cat), "steps": args.steps,
            "batch": args.batch, "lr": args.lr, "temperature": args.temperature,
            "keep": args.keep, "pull": args.pull, "seed": SEED, **figures}
        config_path.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
