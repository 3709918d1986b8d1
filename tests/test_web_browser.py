"""The pages with behaviour, in a real headless Chromium (Debian ``chromium`` +
``chromium-driver``) against the app served by uvicorn on a free loopback port.

Screenshots go to test-artifacts/. Without chromium the tests skip, unless
MEDCODES_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from medcodes.web.app import create_app
from support import app_in_thread, chromium

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
WAIT = 15.0


@pytest.fixture(scope="module")
def base_url(catalog_path: Path) -> Iterator[str]:
    """The app on uvicorn in a background thread, stopped at the end of the module."""
    with app_in_thread(create_app(catalog_path)) as url:
        yield url


def _browser(width: int, height: int, phone: bool = False) -> tuple[WebDriver, str]:
    driver, profile = chromium(width, height, phone)
    return driver, profile


@pytest.fixture
def desktop() -> Iterator[WebDriver]:
    driver, profile = _browser(1280, 900)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def phone() -> Iterator[WebDriver]:
    driver, profile = _browser(390, 844, phone=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def shot(driver: WebDriver, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def test_typeahead_keyboard_choice_lands_on_the_code_page(desktop: WebDriver, base_url: str) -> None:
    d = desktop
    d.get(base_url + "/")
    box = d.find_element(By.ID, "q")
    box.send_keys("myocardial infarc")
    wait = WebDriverWait(d, WAIT)
    listbox = wait.until(ec.visibility_of_element_located((By.ID, "q-listbox")))
    options = wait.until(
        lambda drv: drv.find_elements(By.CSS_SELECTOR, '#q-listbox [role="option"]'))
    assert 0 < len(options) <= 10
    assert box.get_attribute("aria-expanded") == "true"
    assert listbox.find_elements(By.TAG_NAME, "mark"), "suggestions highlight the typed words"
    shot(d, "typeahead-suggestions")

    box.send_keys(Keys.ARROW_DOWN)
    box.send_keys(Keys.ARROW_DOWN)
    active = box.get_attribute("aria-activedescendant")
    chosen = d.find_element(By.ID, active)
    assert chosen.get_attribute("aria-selected") == "true"
    assert chosen == options[1]
    code = chosen.find_element(By.CLASS_NAME, "code").text
    href = chosen.get_attribute("data-href")
    box.send_keys(Keys.ENTER)

    wait.until(ec.url_contains("/code/"))
    assert href and d.current_url.endswith(href)
    heading = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "h1 #the-code")))
    assert heading.text == code
    shot(d, "code-page-desktop")


def test_escape_closes_suggestions_and_enter_searches(desktop: WebDriver, base_url: str) -> None:
    d = desktop
    d.get(base_url + "/")
    box = d.find_element(By.ID, "q")
    box.send_keys("asthma")
    wait = WebDriverWait(d, WAIT)
    wait.until(ec.visibility_of_element_located((By.ID, "q-listbox")))
    box.send_keys(Keys.ESCAPE)
    wait.until(ec.invisibility_of_element_located((By.ID, "q-listbox")))
    assert box.get_attribute("aria-expanded") == "false"
    box.send_keys(Keys.ENTER)  # no option chosen: the form submits the words
    wait.until(ec.url_contains("/search?"))
    hits = d.find_elements(By.CSS_SELECTOR, ".hit")
    assert hits
    shot(d, "search-results-desktop")


def test_copy_button_appears_with_script(desktop: WebDriver, base_url: str) -> None:
    d = desktop
    d.get(base_url + "/code/icd10cm/S72.001A")
    button = d.find_element(By.CSS_SELECTOR, "button[data-copy]")
    assert button.is_displayed()
    button.click()
    WebDriverWait(d, WAIT).until(lambda _: button.text == "Copied")


@pytest.mark.parametrize("path", ["/", "/search?q=fracture%20of%20femur", "/code/icd10cm/S72.001A",
                                  "/code/icd10pcs/0DTJ4ZZ", "/browse/icd10cm"])
def test_pages_fit_a_phone_screen(phone: WebDriver, base_url: str, path: str) -> None:
    d = phone
    d.get(base_url + path)
    overflow = d.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    name = "phone-" + (path.strip("/").replace("/", "-").split("?")[0] or "home")
    shot(d, name)
    assert overflow <= 1, f"{path} scrolls sideways by {overflow}px on a phone"
