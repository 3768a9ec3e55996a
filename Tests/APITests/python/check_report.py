#!/usr/bin/env python3
"""Opens a `stepwise load --report` page in headless Chromium (Debian's chromium and
chromium-driver, driven by Selenium) and checks what a reader would: the started count shown,
every plot drawn (an SVG with at least one line of two or more points and a visible size), and
no request leaving the page (it must be self-contained). Saves a screenshot.

Usage: check_report.py REPORT.html SCREENSHOT.png STARTED
Exit 0 when every check holds; otherwise prints what failed and exits 1."""
import pathlib
import sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By


def main():
    report, screenshot, started = pathlib.Path(sys.argv[1]).resolve(), sys.argv[2], sys.argv[3]
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,2200"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    problems = []
    try:
        driver.get(report.as_uri())
        shown = driver.find_element(By.ID, "started").text
        if shown != started:
            problems.append(f"the page shows {shown!r} started, the run started {started}")
        plots = driver.find_elements(By.CSS_SELECTOR, "svg.plot")
        if len(plots) != 5:
            problems.append(f"{len(plots)} plots, expected 5 (the bucket's too, from Stepwise)")
        for plot in plots:
            title = plot.get_attribute("aria-label")
            lines = [l for l in plot.find_elements(By.CSS_SELECTOR, "polyline.series")
                     if len((l.get_attribute("points") or "").split()) >= 2]
            if not lines:
                problems.append(f"plot {title!r} has no line of two or more points")
            size = plot.size
            if size["width"] < 200 or size["height"] < 80:
                problems.append(f"plot {title!r} is {size}, not visible")
            box = driver.execute_script(
                "const l = arguments[0].querySelector('polyline.series'); if (!l) return null;"
                "const b = l.getBBox(); return [b.width, b.height];", plot)
            if not box or box[0] <= 0:
                problems.append(f"plot {title!r}: its line has no drawn extent ({box})")
        requests = [e for e in driver.get_log("performance") if '"Network.requestWillBeSent"' in e["message"]
                    and report.as_uri() not in e["message"]]
        if requests:
            problems.append(f"the page made {len(requests)} requests beyond itself")
        driver.save_screenshot(screenshot)
    finally:
        driver.quit()
    for p in problems:
        print("check_report:", p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
