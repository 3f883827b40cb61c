"""Walk a running Kanoon as each demo user, like a new user clicking around, and count what the
polish issue measures: axe-core serious/critical violations, the widest page at 375 px, Latin
digits in visible text, pages answering 4xx/5xx.

    python -m bench.walk http://127.0.0.1:8000 [max pages per user]

Follows same-site links breadth-first from the home page (GET only, no logout, no downloads),
at 375 px and 1366 px. axe-core is the copy vendored for the test suite
(tests/browser/vendor/axe.min.js). The numbers go in the issue notes as before/after figures.
"""

from __future__ import annotations

import os
import re
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import urldefrag, urlparse

CHROMIUM = os.environ.get("KANOON_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).resolve().parent.parent / "tests" / "browser" / "vendor" / "axe.min.js"
USERS = [None, "admin", "tehran", "isfahan", "facilitator", "secretary", "observer"]
SKIP = re.compile(
    r"/(logout|admin|api|media|static|files/\d+/download)|\.(xlsx|csv|json|pdf|png|jpg)|export|[?&]page="
)
LATIN = re.compile(r"[0-9]")

AXE_RUN = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a','wcag2aa','wcag21a','wcag21aa']},
                                     resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                     .map(v => [v.id, v.impact, v.nodes.length]);
}"""


def main() -> None:
    from playwright.sync_api import sync_playwright

    base = sys.argv[1].rstrip("/")
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    host = urlparse(base).netloc
    axe_source = AXE.read_text()
    totals = Counter()
    rules = Counter()
    widest = (0, "")
    bad_status = []
    latin_pages = Counter()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for user in USERS:
            ctx = browser.new_context(base_url=base, locale="fa-IR", bypass_csp=True)
            page = ctx.new_page()
            if user:
                page.goto("/accounts/login/")
                page.fill("#id_username", user)
                page.fill("#id_password", user)
                page.click("form button[type=submit]")
                page.wait_for_load_state()
            seen, queue, visited = set(), ["/"], 0
            while queue and visited < limit:
                path = queue.pop(0)
                if path in seen:
                    continue
                seen.add(path)
                for width in (375, 1366):
                    page.set_viewport_size({"width": width, "height": 800})
                    response = page.goto(path)
                    status = response.status if response else 0
                    if status >= 400:
                        bad_status.append((user, path, status))
                        break
                    page.add_script_tag(content=axe_source)
                    for rule, impact, nodes in page.evaluate(AXE_RUN):
                        totals[impact] += nodes
                        rules[rule] += nodes
                    if width == 375:
                        w = page.evaluate("document.documentElement.scrollWidth")
                        if w > widest[0]:
                            widest = (w, f"{user} {path}")
                        text = page.evaluate("document.body.innerText")
                        if LATIN.search(text):
                            latin_pages[path] += 1
                        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
                            url, _ = urldefrag(href)
                            parsed = urlparse(url)
                            if parsed.netloc == host and not SKIP.search(url):
                                link = parsed.path + (f"?{parsed.query}" if parsed.query else "")
                                if link not in seen:
                                    queue.append(link)
                visited += 1
            totals["pages"] += visited
            ctx.close()
        browser.close()
    print(f"pages visited (users × pages, each at 375 and 1366 px): {totals['pages']}")
    print(f"axe serious: {totals['serious']}  critical: {totals['critical']}")
    print("  by rule:", ", ".join(f"{r}={n}" for r, n in rules.most_common()))
    print(f"widest page at 375 px: {widest[0]} px ({widest[1]})")
    print(f"pages with Latin digits in visible text: {len(latin_pages)}")
    for path in list(latin_pages)[:15]:
        print("   ", path)
    print(f"pages answering 4xx/5xx from a link: {len(bad_status)}")
    for row in bad_status[:15]:
        print("   ", *row)


if __name__ == "__main__":
    main()
