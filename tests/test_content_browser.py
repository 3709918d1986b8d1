"""Code pages with their sections in a real headless Chromium; screenshots are saved to
``test-artifacts/code-<CODE>.png`` for people to look at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import app_in_thread, chromium

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="module")
def base_url(catalog_path: Path) -> Iterator[str]:
    """The real app on uvicorn, on loopback, in a thread."""
    from medcodes.web.app import create_app

    with app_in_thread(create_app(catalog_path)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    driver, profile = chromium(1280, 1000)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _screenshot(driver: object, name: str) -> Path:
    """A full-page PNG: the window is stretched to the page's height first."""
    height = driver.execute_script(  # type: ignore[attr-defined]
        "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)")
    driver.set_window_size(1280, min(int(height) + 40, 12000))  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    assert driver.save_screenshot(str(path))  # type: ignore[attr-defined]
    return path


def _section_texts(driver: object) -> dict[str, str]:
    from selenium.webdriver.common.by import By

    out = {}
    for el in driver.find_elements(By.CSS_SELECTOR, "section"):  # type: ignore[attr-defined]
        heads = el.find_elements(By.CSS_SELECTOR, "h2")
        if heads and el.is_displayed():
            out[heads[0].text.strip()] = el.text
    return out


def test_pcs_code_page_shows_derived_and_article_sections(
    base_url: str, browser: object
) -> None:
    browser.get(f"{base_url}/code/icd10pcs/0DTJ4ZZ")  # type: ignore[attr-defined]
    texts = _section_texts(browser)
    assert "Cutting out or off, without replacement, all of a body part" in texts[
        "Procedure description"]
    assert "resection of the appendix by a percutaneous endoscopic approach" in texts[
        "Summary"].lower()
    assert "Risks and complications" in texts and "Recovery" in texts
    path = _screenshot(browser, "code-0DTJ4ZZ.png")
    assert path.stat().st_size > 10_000


def test_icd10cm_code_page_shows_notes_guidance_and_article(
    base_url: str, browser: object
) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base_url}/code/icd10cm/E11.9")  # type: ignore[attr-defined]
    texts = _section_texts(browser)
    assert "Type 2 diabetes mellitus" in texts["Summary"]
    assert "draft, not reviewed" in texts["Clinical description"]
    # Excludes and coding notes, with the category they are inherited from, are on the page
    # (as sections or in the page's own notes panel).
    body = browser.find_element(By.TAG_NAME, "body").text  # type: ignore[attr-defined]
    assert "type 1 diabetes mellitus (E10.-)" in body and "E11" in body
    assert "insulin (Z79.4)" in body
    path = _screenshot(browser, "code-E11.9.png")
    assert path.stat().st_size > 10_000
