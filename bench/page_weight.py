"""Page weight, cold: bytes over the wire for a page and everything it loads, nothing cached.

    python -m bench.page_weight http://127.0.0.1:8000 [username password]

Loads each page in a fresh Chromium context (no cache), at 1366 px and at 375 px, and prints the
transferred bytes (compressed sizes where the server compresses), the request count and the
page's widest element at 375 px. Used for the polish and performance notes (before/after).
"""

from __future__ import annotations

import os
import sys

PAGES = [
    ("home (anonymous)", "/", None),
    ("login", "/accounts/login/", None),
    ("center finder", "/c/", None),
    ("home", "/", "user"),
    ("centers dashboard, country", "/centers/dashboard/", "user"),
    ("monitoring", "/monitoring/", "user"),
    ("people", "/people/", "user"),
    ("centers", "/centers/", "user"),
]

CHROMIUM = os.environ.get("KANOON_CHROMIUM", "/usr/bin/chromium")


def main() -> None:
    from playwright.sync_api import sync_playwright

    base = sys.argv[1].rstrip("/")
    username, password = (sys.argv[2], sys.argv[3]) if len(sys.argv) > 3 else ("admin", "admin")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        storage = None
        ctx = browser.new_context(base_url=base)
        page = ctx.new_page()
        page.goto("/accounts/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("form button[type=submit]")
        page.wait_for_load_state()
        storage = ctx.storage_state()
        ctx.close()
        print(f"{'page':32} {'KB cold':>8} {'requests':>8} {'widest@375':>10}")
        for label, path, who in PAGES:
            sizes = {}
            for width in (1366, 375):
                ctx = browser.new_context(
                    base_url=base,
                    viewport={"width": width, "height": 800},
                    storage_state=storage if who else None,
                )
                page = ctx.new_page()
                cdp = ctx.new_cdp_session(page)
                cdp.send("Network.enable")
                cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                total = {"bytes": 0, "n": 0}

                def done(event, total=total):
                    total["bytes"] += event.get("encodedDataLength", 0)
                    total["n"] += 1

                cdp.on("Network.loadingFinished", done)
                page.goto(path, wait_until="networkidle")
                widest = page.evaluate("document.documentElement.scrollWidth")
                sizes[width] = (total["bytes"], total["n"], widest)
                ctx.close()
            b, n, _ = sizes[1366]
            print(f"{label:32} {b / 1024:8.0f} {n:8d} {sizes[375][2]:10d}")
        browser.close()


if __name__ == "__main__":
    main()
