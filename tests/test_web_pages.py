"""The HTML pages, checked by template name and context (parsing HTML only where it must),
through the ASGI test client over the session's real catalog."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.exceptions import StarletteDeprecationWarning

from medcodes.catalog.browse import roots
from medcodes.catalog.reader import Catalog
from medcodes.content.record import code_record
from medcodes.web.app import create_app
from medcodes.web.render import FLAG_HELP

with warnings.catch_warnings():
    warnings.simplefilter("ignore", StarletteDeprecationWarning)
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(catalog_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(catalog_path)) as test_client:
        yield test_client


def rendered(response: Any, template: str, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text[:500]
    assert response.template.name == template
    context: dict[str, Any] = response.context
    return context


# -- search -----------------------------------------------------------------------------------
def test_home_page_is_the_search_box_with_system_chips(client: TestClient, cat: Catalog) -> None:
    r = client.get("/")
    ctx = rendered(r, "search.html")
    assert ctx["response"] is None
    assert [s.id for s in ctx["all_systems"]] == [s.id for s in cat.systems() if s.is_default]
    assert 'role="combobox"' in r.text and 'aria-controls="q-listbox"' in r.text
    assert r.text.count('name="system"') == len(ctx["all_systems"])


def test_search_results_with_highlights_and_facets(client: TestClient) -> None:
    r = client.get("/search", params={"q": "heart failure"})
    ctx = rendered(r, "search.html")
    response = ctx["response"]
    assert response.hits and response.total >= len(response.hits)
    assert set(response.facets) >= {"system", "billable"}
    assert "<mark>" in r.text  # the snippet is rendered as HTML
    first = response.hits[0]
    assert f'href="/code/{first.system}/{first.code}"' in r.text


def test_user_text_is_escaped(client: TestClient) -> None:
    r = client.get("/search", params={"q": '<script>alert("x")</script> asthma'})
    assert r.status_code == 200
    assert "<script>alert" not in r.text
    assert "&lt;script&gt;" in r.text


def test_search_shows_corrections(client: TestClient) -> None:
    r = client.get("/search", params={"q": "pnuemonia"})
    ctx = rendered(r, "search.html")
    corrected = ctx["response"].corrected_query
    assert corrected and corrected != "pnuemonia"
    assert "Showing results for" in r.text and corrected in r.text


def test_system_filter_and_pagination(client: TestClient) -> None:
    r = client.get("/search", params=[("q", "diabetes"), ("system", "icd9cm"), ("page", "2")])
    ctx = rendered(r, "search.html")
    assert ctx["selected"] == ["icd9cm"] and ctx["page"] == 2
    assert ctx["response"].offset == 20
    assert {h.system for h in ctx["response"].hits} == {"icd9cm"}
    assert 'rel="prev"' in r.text
    assert ctx["page_url"](3).endswith("page=3")
    toggled = ctx["toggle_url"]("system", "icd9cm")
    assert "system=" not in toggled and "page" not in toggled


def test_facet_links_filter_the_results(client: TestClient) -> None:
    first = rendered(client.get("/search", params={"q": "fracture"}), "search.html")
    url = first["toggle_url"]("billable", "1")
    ctx = rendered(client.get(url), "search.html")
    assert ctx["billable"] == "1" and all(h.billable for h in ctx["response"].hits)


@pytest.mark.parametrize("query", ["I21.9", "i219", "icd10cm:I21.9", " I21.9 "])
def test_a_query_that_is_one_code_goes_to_its_page(client: TestClient, query: str) -> None:
    r = client.get("/search", params={"q": query}, follow_redirects=False)
    assert r.status_code == 303
    assert r.headers["location"] == "/code/icd10cm/I21.9"


def test_a_code_prefix_lists_codes(client: TestClient) -> None:
    ctx = rendered(client.get("/search", params={"q": "I21*"}), "search.html")
    assert ctx["response"].interpreted_as in ("code", "prefix") and ctx["response"].total > 1


@pytest.mark.parametrize("params", [{"q": "asthma", "page": "0"}, {"q": "asthma", "page": "x"}])
def test_bad_page_numbers_get_a_friendly_page(client: TestClient, params: dict[str, str]) -> None:
    ctx = rendered(client.get("/search", params=params), "error.html", status=422)
    assert "page" in ctx["message"]


def test_bad_search_options_get_a_friendly_page(client: TestClient) -> None:
    ctx = rendered(client.get("/search", params={"q": "x" * 600}), "error.html", status=400)
    assert "longer" in ctx["message"]


# -- code pages -------------------------------------------------------------------------------
def test_code_page_renders_the_code_record(client: TestClient, cat: Catalog) -> None:
    concept = cat.get("icd10cm", "S72.001A")
    assert concept is not None
    r = client.get("/code/icd10cm/S72.001A")
    ctx = rendered(r, "code.html")
    assert ctx["record"] == code_record(cat, concept)
    assert ctx["permalink"].endswith("/code/icd10cm/S72.001A")
    assert "Billable" in r.text and 'data-copy="S72.001A"' in r.text
    for ancestor in ctx["record"]["path"]:
        assert f'href="/code/icd10cm/{ancestor["code"]}"' in r.text  # breadcrumb


def test_code_page_shows_inherited_notes_and_seventh_characters(client: TestClient) -> None:
    r = client.get("/code/icd10cm/S72.001A")
    record = rendered(r, "code.html")["record"]
    inherited = [n for g in record["notes"] for n in g["items"] if n["from"]]
    assert inherited and f'from {inherited[0]["from"]}' in r.text
    seventh = record["seventh_characters"]
    assert seventh and "7th characters" in r.text
    for meaning in seventh["values"].values():
        assert meaning in r.text


def test_code_page_shows_pcs_axes(client: TestClient) -> None:
    r = client.get("/code/icd10pcs/0DTJ4ZZ")
    axes = rendered(r, "code.html")["record"]["axes"]
    assert axes and len(axes) == 7
    assert "What each character means" in r.text
    assert all(a["name"] in r.text for a in axes)


def test_heading_code_lists_its_billable_descendants(client: TestClient) -> None:
    r = client.get("/code/icd10cm/I21")
    record = rendered(r, "code.html")["record"]
    assert not record["billable"] and record["billable_descendants"]
    assert "Not billable" in r.text
    for d in record["billable_descendants"]:
        assert f'href="/code/icd10cm/{d["code"]}"' in r.text


def test_crosswalk_flags_are_explained_in_words(client: TestClient, cat: Catalog) -> None:
    r = client.get("/code/icd9cm/410.71")
    ctx = rendered(r, "code.html")
    groups = ctx["crosswalk_groups"]
    assert {g["direction"] for g in groups} == {"to", "from"}
    assert sum(len(g["rows"]) for g in groups if g["direction"] == "to") == len(
        cat.crosswalk("icd9cm", "410.71"))
    flags = {f for g in groups for f in g["flags"]}
    assert flags and all(FLAG_HELP[f] in r.text for f in flags)


def test_content_sections_and_similar_codes_show_when_present(client: TestClient) -> None:
    ctx = rendered(client.get("/code/icd10pcs/0DTJ4ZZ"), "code.html")
    assert all(s.get("html") or s.get("text") for s in ctx["sections"])
    assert ctx["similar"] and all("label" in g for g in ctx["similar"])
    shown = {s.get("id") for s in ctx["sections"]}
    assert "crosswalks" not in shown or not ctx["crosswalk_groups"]  # not said twice


def test_code_in_another_form_redirects_to_the_canonical_page(client: TestClient) -> None:
    r = client.get("/code/icd10cm/i219", follow_redirects=False)
    assert r.status_code == 301 and r.headers["location"] == "/code/icd10cm/I21.9"


def test_short_code_url_redirects_or_lists_candidates(client: TestClient, cat: Catalog) -> None:
    r = client.get("/code/I21.9", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/code/icd10cm/I21.9"
    # Undotted, "0010" is both ICD-9-CM 001.0 and ICD-9 procedure 00.10; dotted, it is one.
    ambiguous = "0010"
    ctx = rendered(client.get(f"/code/{ambiguous}"), "candidates.html")
    assert [(c["system"], c["code"]) for c in ctx["candidates"]] == [
        (c.system, c.code) for c in cat.find(ambiguous)]
    assert len(ctx["candidates"]) == 2
    r = client.get("/code/001.0", follow_redirects=False)
    assert r.status_code == 302 and r.headers["location"] == "/code/icd9cm/001.0"


@pytest.mark.parametrize("path", ["/code/icd10cm/Q99.999", "/code/nosuch/I21.9", "/code/QQQQQ",
                                  "/browse/nosuch", "/browse/icd10cm?code=Q99.999", "/nowhere"])
def test_unknown_things_get_a_friendly_404_page(client: TestClient, path: str) -> None:
    ctx = rendered(client.get(path), "error.html", status=404)
    assert ctx["status"] == 404 and ctx["message"]


# -- browse and about -------------------------------------------------------------------------
def test_browse_lists_systems(client: TestClient, cat: Catalog) -> None:
    ctx = rendered(client.get("/browse"), "browse.html")
    assert ctx["system"] is None and ctx["all_systems"]


def test_browse_system_starts_at_its_roots_with_counts(client: TestClient, cat: Catalog) -> None:
    ctx = rendered(client.get("/browse/icd10cm"), "browse.html")
    assert [i["code"] for i in ctx["items"]] == [c.code for c in roots(cat, "icd10cm")]
    assert all(i["children"] > 0 and i["billable_below"] for i in ctx["items"])


def test_browse_drills_down_to_children(client: TestClient, cat: Catalog) -> None:
    r = client.get("/browse/icd10cm", params={"code": "I20-I25"})
    ctx = rendered(r, "browse.html")
    children = cat.children("icd10cm", "I20-I25")
    assert [i["code"] for i in ctx["items"]] == [c.code for c in children]
    for item, child in zip(ctx["items"], children, strict=True):
        assert item["children"] == len(cat.children("icd10cm", child.code))
    assert ctx["node"]["code"] == "I20-I25" and ctx["path"][0]["code"] == "I00-I99"
    assert 'href="/browse/icd10cm?code=I21"' in r.text


def test_about_page_lists_systems_sources_and_licences(client: TestClient, cat: Catalog) -> None:
    r = client.get("/about")
    ctx = rendered(r, "about.html")
    assert [s.id for s in ctx["systems"]] == [s.id for s in cat.systems()]
    for s in cat.systems():
        assert s.licence in r.text and s.release_date in r.text


# -- look and assets --------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/", "/search?q=asthma", "/code/icd10cm/I21.9", "/browse/icd10cm",
                                  "/about", "/docs", "/nowhere"])
def test_pages_load_nothing_from_other_hosts(client: TestClient, path: str) -> None:
    html = client.get(path).text
    # Links out to sources are fine; scripts, styles, images and frames must be local.
    assert not re.search(r'<(?:script|img|iframe|source)\b[^>]*\ssrc="(?:https?:)?//', html)
    assert not re.search(r'<link\b[^>]*\shref="(?:https?:)?//', html)
    assert '<meta name="viewport"' in html


def test_static_assets_are_served_with_long_caching(client: TestClient) -> None:
    css = client.get("/static/app.css")
    assert css.status_code == 200 and "prefers-color-scheme: dark" in css.text
    assert "max-age=86400" in css.headers["cache-control"]
    js = client.get("/static/app.js")
    assert js.status_code == 200 and "aria-activedescendant" in js.text


def test_code_page_credits_each_part_of_a_merged_section_below_it(client: TestClient) -> None:
    """An example article writes E11.9's Coding guidance and the tabular list's facts follow
    it: the article's draft label follows the article's text, before the official facts, and
    the tabular list's label follows those facts (captions read as labels of what is above)."""
    page = client.get("/code/icd10cm/E11.9").text
    coding = next(part for part in page.split("<section")[1:] if ">Coding guidance</h2>" in part)
    article = coding.index("draft, not reviewed")
    derived = coding.index('class="derived-facts"')
    tabular = coding.index("Derived from the official ICD-10-CM tabular list")
    assert article < derived < tabular
    assert coding.count('class="source"') == 2, "each part's line once, none repeated below"


def test_chapter_facets_name_their_code_range(client: TestClient) -> None:
    """ICD-9-CM and ICD-10-CM both have a 'Diseases of the circulatory system': each chapter
    facet says its range, so the two read apart (the label is cut short in the sidebar)."""
    page = client.get("/search", params={"q": "heart attack"}).text
    labels = re.findall(r'<span class="facet__label">(.*?)</span> <span class="count">', page)
    chapters = [label for label in labels if "facet__code" in label]
    assert any(">I00-I99</span> Diseases of the circulatory system" in c for c in chapters)
    assert any(">390-459</span> Diseases of the circulatory system" in c for c in chapters)


def test_a_code_no_gem_maps_says_why_and_lists_mapped_codes_beside_it(client: TestClient) -> None:
    """I21.9 (added in FY2018, after the last diagnosis GEMs) has no GEM row either way: its
    page says so and lists the codes under I21 that the GEMs map, with their ICD-9-CM codes."""
    page = client.get("/code/icd10cm/I21.9").text
    xwalk = page.split('id="h-xwalk"', 1)[1].split("</section>", 1)[0]
    assert "No General Equivalence Mapping in this catalog names I21.9" in xwalk
    assert 'href="/code/icd10cm/I21.3"' in xwalk and 'href="/code/icd9cm/410.' in xwalk
    assert "CMS GEM pre-FY2017" in xwalk
    # A mapped code shows its table, not the note.
    mapped = client.get("/code/icd10cm/E11.9").text
    assert "No General Equivalence Mapping" not in mapped and 'id="h-xwalk"' in mapped
