"""A person's review: the only way an article, or a generated draft, becomes ``reviewed``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

from medcodes.content.articles import (
    Article,
    ArticleError,
    CodeLookup,
    check_file,
    split_front_matter,
    write_atomic,
)


def mark_reviewed(path: Path, reviewer: str, lookup: CodeLookup | None,
                  when: date | None = None) -> Article:
    """Set ``status: reviewed``, ``reviewed_by`` and ``review_date`` in the article at
    ``path``, rewriting only its front matter, atomically.

    The article must pass the check first: a broken article cannot be reviewed.
    """
    reviewer = " ".join(reviewer.split())
    if not reviewer:
        raise ArticleError("the reviewer's name is empty")
    article, problems = check_file(path, lookup)
    if article is None or problems:
        raise ArticleError("the article has problems; fix them before review:\n"
                           + "\n".join(str(p) for p in problems))
    text = path.read_text(encoding="utf-8")
    split = split_front_matter(text)
    assert split is not None  # check_file found front matter
    _front, body, _line = split
    meta = dict(article.meta)
    meta.update(status="reviewed", reviewed_by=reviewer,
                review_date=(when or date.today()).isoformat())
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(path, f"---\n{front}---\n{body}")
    article.meta = meta
    return article
