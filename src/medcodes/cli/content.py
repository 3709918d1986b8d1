"""``medcodes content``: check, import, draft and review the articles shown on code pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from medcodes.catalog.paths import default_db_path
from medcodes.cli.common import console, db_option, err_console, fail, open_or_build
from medcodes.content.articles import (
    ArticleError,
    CatalogLookup,
    Problem,
    check_file,
    check_folder,
    content_dir,
    import_articles,
)


def _print_problems(problems: list[Problem]) -> None:
    # Plain, unwrapped lines: editors and CI jump to file:line.
    for p in problems:
        click.echo(str(p), err=True)
    files = len({p.path for p in problems})
    click.echo(f"{len(problems)} problem(s) in {files} file(s)", err=True)


@click.group()
def content() -> None:
    """Curated articles and generated drafts shown on code pages.

    An article is a Markdown file with YAML front matter (system, code, title, sources,
    author, status, and reviewed_by / review_date once reviewed) whose `## Heading`s name
    sections of the code page.
    """


@content.command()
@click.argument("folder", type=click.Path(path_type=Path))
@db_option
def check(folder: Path, db: Path | None) -> None:
    """Check every article in FOLDER (or one file) and name each problem with file:line."""
    cat = open_or_build(db)
    good, problems = check_folder(folder, CatalogLookup(cat))
    if problems:
        _print_problems(problems)
        raise SystemExit(1)
    console.print(f"{len(good)} article(s) OK", highlight=False)


@content.command("import")
@click.argument("folder", type=click.Path(path_type=Path))
@click.option("--no-rebuild", is_flag=True,
              help="Only copy the articles; the next `medcodes build` makes them searchable.")
@db_option
def import_(folder: Path, no_rebuild: bool, db: Path | None) -> None:
    """Check the articles in FOLDER and copy them into the content store, then rebuild.

    Nothing is written when any file has a problem. The store is
    $MEDCODES_CONTENT_DIR or the user data folder's `content/`.
    """
    cat = open_or_build(db)
    good, problems = check_folder(folder, CatalogLookup(cat))
    if problems:
        _print_problems(problems)
        fail("nothing was imported")
    cat.close()
    written = import_articles(good)
    console.print(f"Imported {len(written)} article(s) into {content_dir()}", highlight=False)
    if no_rebuild:
        console.print("Run `medcodes build` to show them on code pages and in search.")
        return
    from medcodes.cli.build import run_build

    run_build(default_db_path(db))


@content.command()
@click.option("--system", "-s", required=True, help="System id of the codes (icd10pcs, icd10cm, ...).")
@click.option("--code", "-c", "codes", multiple=True, required=True,
              help="A code to draft; repeat for several.")
@click.option("--endpoint", required=True,
              help="OpenAI-compatible API base URL (e.g. http://localhost:8080/v1) or its "
                   "full /chat/completions URL. Key, if any: $MEDCODES_LLM_API_KEY.")
@click.option("--model", required=True, help="Model name sent to the endpoint.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the drafts (default: the content store).")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=120.0, show_default=True,
              help="Seconds to wait for each answer.")
@click.option("--retries", type=click.IntRange(min=0, max=10), default=2, show_default=True,
              help="Retries after a timeout, connection error or 5xx, with exponential backoff.")
@db_option
def draft(system: str, codes: tuple[str, ...], endpoint: str, model: str, out: Path | None,
          timeout: float, retries: int, db: Path | None) -> None:
    """Ask a chat-completions endpoint for draft sections of each code.

    Each draft is written as `status: draft, generated: true` for a person to review
    (`medcodes content review`); a failure writes nothing for that code and stops.
    """
    from medcodes.content.drafts import DraftError, Endpoint, generate

    cat = open_or_build(db)
    if cat.system(system) is None:
        fail(f"unknown system {system!r}; the catalog has "
             f"{', '.join(sorted(s.id for s in cat.systems()))}")
    concepts = []
    for code in codes:
        concept = cat.get(system, code)
        if concept is None:
            fail(f"no {system} code {code!r} in the catalog")
        else:
            concepts.append(concept)
    target = Endpoint(endpoint, model, timeout=timeout, retries=retries)
    folder = out or content_dir()
    for concept in concepts:
        err_console.print(f"Drafting {system} {concept.code} with {model} ...", highlight=False)
        try:
            path = generate(cat, concept, target, folder)
        except DraftError as exc:
            fail(f"{system} {concept.code}: {exc}")
        else:
            console.print(f"Wrote {path} (draft, not reviewed)", highlight=False)
    console.print("Review each draft, then `medcodes content review FILE --reviewer NAME`.")


@content.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--reviewer", required=True, help="Name of the person who reviewed the article.")
@click.option("--date", "when", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Review date, YYYY-MM-DD (default: today).")
@db_option
def review(file: Path, reviewer: str, when: object, db: Path | None) -> None:
    """Mark the article FILE reviewed by a person: status, reviewed_by and review_date.

    This is the only way an article becomes reviewed. Publish it afterwards with
    `medcodes content import` (or `medcodes build` when it is already in the store).
    """
    from datetime import datetime

    from medcodes.content.review import mark_reviewed

    cat = open_or_build(db)
    lookup = CatalogLookup(cat)
    _article, problems = check_file(file, lookup)
    if problems:
        _print_problems(problems)
        fail("fix the problems before review; the file is unchanged")
    day: date | None = when.date() if isinstance(when, datetime) else None
    try:
        article = mark_reviewed(file, reviewer, lookup, day)
    except ArticleError as exc:
        fail(str(exc))
    else:
        console.print(
            f"{file}: reviewed by {article.meta['reviewed_by']} on {article.meta['review_date']}",
            highlight=False,
        )
