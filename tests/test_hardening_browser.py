"""XSS in a real headless Chromium: hostile queries typed into the box and put in URLs fire no
alert, add no element, and our own pages trip no Content-Security-Policy violation.

Uses the server and browser helpers of ``test_web_browser.py``. A script added through the
DevTools protocol before each page loads records CSP violations (such scripts are outside the
page's policy); an injected inline handler that escaped the templates would be blocked by the
CSP *and* show up there, so the check does not depend on the CSP hiding a failure.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from test_web_browser import WAIT, _browser, base_url, shot

pytestmark = pytest.mark.browser
__all__ = ["base_url"]  # the module-scoped server fixture, shared with test_web_browser

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
]
WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline'));
});
"""
INJECTED = "img[src='x'], svg[onload], [onerror], iframe, script:not([src])"


@pytest.fixture
def watched() -> Iterator[WebDriver]:
    driver, profile = _browser(1280, 900)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH})
    yield driver
    driver.quit()
    import shutil

    shutil.rmtree(profile, ignore_errors=True)


def assert_clean(d: WebDriver, where: str) -> None:
    try:
        text = d.switch_to.alert.text
    except NoAlertPresentException:
        text = None
    assert text is None, f"{where}: an alert fired ({text!r})"
    assert d.execute_script(f"return document.querySelectorAll({INJECTED!r}).length") == 0, where
    assert d.execute_script("return window.__csp") == [], where


@pytest.mark.parametrize("payload", PAYLOADS)
def test_hostile_urls_run_nothing(watched: WebDriver, base_url: str, payload: str) -> None:
    d = watched
    q = quote(payload, safe="")
    for path in (f"/search?q={q}", f"/search?q=asthma%20{q}&system={q}&chapter={q}",
                 f"/code/icd10cm/{q}", f"/code/{q}", f"/browse/icd10cm?code={q}"):
        d.get(base_url + path)
        assert_clean(d, path)
    d.get(base_url + f"/search?q={q}")
    assert d.find_element(By.ID, "q").get_attribute("value") == payload, "shown as typed"
    assert d.title.startswith(payload)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_markup_in_the_typeahead_runs_nothing(
    watched: WebDriver, base_url: str, payload: str
) -> None:
    d = watched
    d.get(base_url + "/")
    box = d.find_element(By.ID, "q")
    box.send_keys("heart " + payload)
    # Wait until the suggestion request for the full text has been answered and rendered.
    WebDriverWait(d, WAIT).until(lambda drv: drv.execute_script(
        "var want = arguments[0];"
        "return performance.getEntriesByType('resource').some(function (e) {"
        " return e.name.indexOf('/api/v1/suggest') >= 0"
        " && decodeURIComponent(e.name.replace(/[+]/g, ' ')).indexOf(want) >= 0; })",
        payload[-6:]))
    WebDriverWait(d, WAIT).until(
        lambda drv: drv.find_element(By.ID, "q-status").get_attribute("textContent"))
    assert_clean(d, "typeahead")
    for option in d.find_elements(By.CSS_SELECTOR, '#q-listbox [role="option"] .suggest__title'):
        html = option.get_attribute("innerHTML") or ""
        assert "<" not in html.replace("<mark>", "").replace("</mark>", "")
    shot(d, "xss-typeahead")


def test_our_pages_keep_working_under_the_csp(watched: WebDriver, base_url: str) -> None:
    """No violation from our own markup, and the lineage indents without inline styles."""
    d = watched
    for path in ("/", "/search?q=fracture%20of%20femur", "/browse/icd10cm", "/about", "/docs"):
        d.get(base_url + path)
        assert_clean(d, path)
    d.get(base_url + "/code/icd10cm/S72.001A")
    assert_clean(d, "code page")
    pads = d.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.lineage li'),"
        " function (li) { return parseFloat(getComputedStyle(li).paddingLeft); })")
    assert len(pads) >= 3 and pads == sorted(pads) and pads[-1] > pads[0]
    assert d.execute_script("return document.querySelector('button[data-copy]').hidden") is False
