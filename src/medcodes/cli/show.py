"""``medcodes show CODE``: one code's record, hierarchy, notes, children and crosswalks."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from medcodes.cli.common import console, db_option, fail, open_or_build, print_json
from medcodes.content.record import code_record


@click.command()
@click.argument("code")
@click.option("--system", "-s", default=None, help="System id (icd10cm, icd10pcs, icd9cm, ...).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@db_option
def show(code: str, system: str | None, as_json: bool, db: Path | None) -> None:
    """Show a code: I21.9, i219, icd10cm:I21.9, 0DTJ4ZZ, 410.71 ..."""
    cat = open_or_build(db)
    text = f"{system}:{code}" if system else code
    matches = cat.find(text)
    if not matches:
        fail(f"no code {code.strip()!r} in the catalog" + (f" system {system}" if system else ""))
    if len(matches) > 1:
        lines = "\n".join(f"  {c.system}:{c.code}  {c.title}" for c in matches)
        fail(f"{code.strip()!r} names codes in several systems; qualify it:\n{lines}")
    record = code_record(cat, matches[0])
    if as_json:
        print_json(record)
        return
    _print(record)


def _print(rec: dict[str, object]) -> None:
    c = rec
    badge = "[green]billable[/]" if c["billable"] else "[yellow]not billable[/]"
    console.print(f"[bold]{escape(str(c['code']))}[/]  {escape(str(c['title']))}")
    console.print(f"{c['system_name']} {c['version']} · {c['kind']} · {badge}")
    path = c["path"]
    assert isinstance(path, list)
    if path:
        console.print(
            "Path: " + " › ".join(escape(f"{p['code']} {p['title']}") for p in path), style="dim"
        )
    notes = c["notes"]
    assert isinstance(notes, list)
    for group in notes:
        console.print(f"\n[bold]{group['label']}[/]")
        for n in group["items"]:
            origin = f" [dim](from {n['from']})[/]" if n.get("from") else ""
            console.print(f"  • {escape(n['text'])}{origin}")
    seventh = c.get("seventh_characters")
    if isinstance(seventh, dict) and seventh.get("values"):
        console.print(f"\n[bold]7th characters[/] [dim](from {seventh['from']})[/]")
        for k, v in seventh["values"].items():
            console.print(f"  {k}  {escape(v)}")
    axes = c.get("axes")
    if isinstance(axes, list) and axes:
        console.print("\n[bold]Axes[/]")
        for a in axes:
            console.print(f"  {a['position']} {a['axis']}: {a['value']} {escape(str(a['name']))}")
    children = c["children"]
    assert isinstance(children, list)
    if children:
        console.print(f"\n[bold]Children[/] ({len(children)})")
        for ch in children[:50]:
            mark = "•" if ch["billable"] else "›"
            console.print(f"  {mark} {ch['code']}  {escape(ch['title'])}")
        if len(children) > 50:
            console.print(f"  … {len(children) - 50} more")
    links = c["crosswalk"]
    assert isinstance(links, list)
    if links:
        console.print("\n[bold]Crosswalk[/]")
        for ln in links:
            target = ln["target_code"] or "no map"
            console.print(
                f"  → {ln['target_system']}:{target}  {escape(ln.get('target_title') or '')}"
                f" [dim]{', '.join(ln['flag_names'])}[/]"
            )
