"""The documentation stays true to the code: every command, option, route, FHIR operation and
code system is documented, and the generated pages match what their generators produce now."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import click
import pytest
from starlette.routing import Mount

from medcodes.catalog.reader import Catalog
from medcodes.fhir.capability import RESOURCES
from medcodes.web.app import create_app

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def load_script(name: str) -> ModuleType:
    """A generator from scripts/ (not a package), imported by path."""
    path = ROOT / "scripts" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"docs_{name}", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


# -- the command line ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_docs() -> ModuleType:
    return load_script("gen_cli_docs")


def commands(cli_docs: ModuleType) -> list[tuple[click.Command, click.Context]]:
    root, ctx = cli_docs.root_context()
    return list(cli_docs.walk(root, ctx))


def own_options(command: click.Command, ctx: click.Context) -> list[click.Option]:
    help_option = command.get_help_option(ctx)
    return [
        p for p in command.get_params(ctx)
        if isinstance(p, click.Option) and p is not help_option
    ]


def test_every_command_and_option_has_help_text(cli_docs: ModuleType) -> None:
    missing = []
    for command, ctx in commands(cli_docs):
        if not (command.help or "").strip():
            missing.append(ctx.command_path)
        missing += [
            f"{ctx.command_path} {option.opts[0]}"
            for option in own_options(command, ctx) if not (option.help or "").strip()
        ]
    assert not missing, f"commands or options without help text: {missing}"


def section_of(text: str, command_path: str) -> str:
    """The part of cli.md under ``command_path``'s heading, up to the next heading."""
    match = re.search(rf"^#+ {re.escape(command_path)}\n(.*?)(?=^#+ |\Z)", text, re.S | re.M)
    assert match, f"docs/cli.md has no section for `{command_path}`"
    return match.group(1)


def test_every_command_and_option_is_in_the_cli_reference(cli_docs: ModuleType) -> None:
    text = page("cli.md")
    for command, ctx in commands(cli_docs):
        section = section_of(text, ctx.command_path)
        for option in own_options(command, ctx):
            for flag in [*option.opts, *option.secondary_opts]:
                assert f"`{flag}`" in section, f"`{ctx.command_path} {flag}` is not in docs/cli.md"


def test_cli_reference_is_generated_from_the_current_commands(cli_docs: ModuleType) -> None:
    assert page("cli.md") == cli_docs.render(), (
        "docs/cli.md is stale: run `python scripts/gen_cli_docs.py`"
    )


# -- the HTTP API and FHIR ---------------------------------------------------------------------

def route_paths(routes: Iterable[Any], prefix: str = "") -> Iterator[str]:
    """Every path the app serves, through included routers (old and new FastAPI layouts)."""
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            context = getattr(route, "include_context", None)
            yield from route_paths(inner.routes, prefix + getattr(context, "prefix", ""))
        elif isinstance(route, Mount):
            continue  # /static: files, not endpoints
        else:
            yield prefix + route.path


@pytest.fixture(scope="module")
def app_paths(catalog_path: Path) -> list[str]:
    paths = sorted(set(route_paths(create_app(catalog_path).routes)))
    assert "/api/v1/search" in paths and "/fhir/metadata" in paths, paths
    return paths


def test_every_web_route_is_in_the_api_page(app_paths: list[str]) -> None:
    text = page("api.md")
    missing = [p for p in app_paths if not p.startswith("/fhir") and f"`{p}" not in text]
    assert not missing, f"routes not mentioned in docs/api.md: {missing}"


def test_every_fhir_route_and_operation_is_in_the_fhir_page(app_paths: list[str]) -> None:
    text = page("fhir.md")
    routes = [p for p in app_paths if p.startswith("/fhir") and "{rest" not in p]
    missing = [p for p in routes if f"`{p}" not in text]
    operations = {op for _, _, ops in RESOURCES.values() for op in ops}
    missing += [f"${op}" for op in sorted(operations) if f"## ${op}" not in text]
    assert not missing, f"FHIR routes or operations not documented in docs/fhir.md: {missing}"


# -- data ------------------------------------------------------------------------------------

def test_every_system_in_the_catalog_is_in_the_data_page(cat: Catalog) -> None:
    text = page("data.md")
    missing = sorted({s.id for s in cat.systems() if f"`{s.id}`" not in text})
    assert not missing, f"code systems not in docs/data.md: {missing}"


def test_data_page_tables_are_generated_from_the_catalog(cat: Catalog) -> None:
    data_docs = load_script("gen_data_docs")
    current = data_docs.generated_block(page("data.md"))
    assert current, "docs/data.md lacks the generated-table markers"
    assert current == data_docs.render(cat), (
        "the tables in docs/data.md do not match the catalog: run "
        "`python scripts/gen_data_docs.py --db CATALOG`"
    )


# -- the README and the site -------------------------------------------------------------------

def test_readme_starts_with_the_two_commands() -> None:
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index("```bash")
    assert start <= 5, "the README's first block must be the two commands"
    end = lines.index("```", start + 1)
    block = [line for line in lines[start + 1 : end] if line and not line.startswith("#")]
    assert len(block) == 2, block
    serve, test = block
    assert "pip install -e ." in serve and serve.endswith("medcodes serve"), serve
    assert "'.[test]'" in test and test.endswith("pytest -q"), test
    assert test in (ROOT / ".ci" / "run").read_text(encoding="utf-8"), (
        ".ci/run must run the README's test command verbatim"
    )


def test_every_docs_page_is_in_the_site_navigation() -> None:
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\s+- [^:]+: (\S+\.md)$", config, re.M))
    pages = {p.name for p in DOCS.glob("*.md")}
    assert pages == listed, f"in docs/ but not in nav: {pages - listed}; in nav only: {listed - pages}"


def search_module_map() -> list[str]:
    """The modules the contributing guide's map of ``search/`` lists, one bullet each, in order."""
    guide = page("contributing.md")
    match = re.search(r"^### The search package, module by module\n(.*?)(?=^## |\Z)", guide,
                      re.S | re.M)
    assert match, "docs/contributing.md has no section 'The search package, module by module'"
    return re.findall(r"^- `(\w+\.py)` - \S", match.group(1), re.M)


def test_every_search_module_is_in_the_module_map_once() -> None:
    # A newcomer finds where a change goes from the module map (docs/contributing.md): every
    # module of search/ has its line there, once, and no line names a module that is gone.
    listed = search_module_map()
    search = ROOT / "src" / "medcodes" / "search"
    modules = {f.name for f in search.glob("*.py") if f.name != "__init__.py"}
    twice = sorted({name for name in listed if listed.count(name) > 1})
    assert not twice, f"listed more than once in the search module map: {twice}"
    missing = sorted(modules - set(listed))
    assert not missing, f"search modules not in the module map of docs/contributing.md: {missing}"
    gone = sorted(set(listed) - modules)
    assert not gone, f"the search module map lists modules not in src/medcodes/search: {gone}"
