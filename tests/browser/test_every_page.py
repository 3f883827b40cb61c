"""Every page type, as every role, on a phone (375 px) and a laptop (1366 px).

One instance of each URL pattern (tests/browser/pages.py builds the records and says how to fill
each pattern; a pattern it does not know fails `test_every_url_pattern_is_catalogued`) is opened
by each role — pages the role may not open too: they must answer with the clean 403/404 page,
which is then checked like any other (axe and the screenshot once per run for each of the two
error templates). Each page fails on:

- a server error, or a status other than 200/403/404 (redirects are followed); a page that is not
  one of ours (html lang="fa" dir="rtl" with a <main>), e.g. a bare error page;
- horizontal overflow (the document wider than the viewport asked for; the elements sticking out
  are named);
- a serious or critical axe-core violation (WCAG 2.0/2.1 A and AA rules; axe-core is vendored in
  tests/browser/vendor, never fetched);
- a console error or an uncaught exception, or a resource of the page that failed (4xx/5xx);
- a request to another host (nothing is blocked, everything is recorded);
- Latin digits in visible text, input values or options, outside the allow-list below;
- (at 1366 px) a link on the page that leads to a 404, a 403 or a server error for that role.

Files, exports and POST-only endpoints are requested once per role (at 1366 px): they must not
answer with a server error. A full-page screenshot of every page goes to
$KANOON_TEST_ARTIFACTS/every-page/<role>-<width>/, and the problems found to
every-page/<role>-<width>.json beside them.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.conf import settings as django_settings
from django.shortcuts import resolve_url
from django.test import Client

from tests.browser import pages

pytestmark = pytest.mark.browser

WIDTHS = [375, 1366]
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_IMPACTS = {"serious", "critical"}

# Latin digits are allowed only in content that is legitimately not Persian text, and only when
# the markup says so:
# - inside <code>, <kbd> or <samp> (codes, keys, sample input);
# - inside an element marked left-to-right with dir="ltr" or class "ltr" — how national codes,
#   mobile numbers, usernames, legal IDs and other codes are shown;
# - input values of type email, url, tel or password, or of an input marked dir="ltr";
# - URLs and e-mail addresses written out in text.
# Everything else (numbers, dates, counts, page numbers, input values, options) is Persian.
ALLOWED_CONTAINERS = "code, kbd, samp, [dir=ltr], .ltr"
# (checkbox and radio values are not shown)
ALLOWED_INPUT_TYPES = ["email", "url", "tel", "password", "hidden", "file", "color", "checkbox", "radio"]
# URLs, e-mail addresses, and two proper names written in Latin letters: DHIS2 (the health
# information system the data is exchanged with) and UTF-8 (the encoding of the open-data files)
ALLOWED_TOKENS = re.compile(r"https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(\.[\w-]+)+|\bDHIS2\b|\bUTF-8\b")

OK_PAGE_STATUSES = {200, 403, 404}
BACKEND = "kanoon.accounts.backends.UsernameOrMobileBackend"

# the checks that run in the page; returns what it found
PAGE_CHECKS_JS = """
([allowedContainers, allowedInputTypes, allowedTokens, width]) => {
  const describe = (el) => {
    if (!el || el.nodeType !== 1) return '';
    let s = el.tagName.toLowerCase();
    if (el.id) s += '#' + el.id;
    const cls = (el.getAttribute('class') || '').trim().split(/\\s+/).filter(Boolean).slice(0, 2);
    if (cls.length) s += '.' + cls.join('.');
    const parent = el.parentElement;
    return parent && parent !== document.body ? describe(parent).split(' > ').slice(-1)[0] + ' > ' + s : s;
  };
  const visible = (el) => {
    if (!el || !el.getClientRects().length) return false;
    const style = getComputedStyle(el);
    return style.visibility !== 'hidden' && style.display !== 'none' && style.opacity !== '0';
  };
  // horizontal overflow: the document and the elements sticking out of the window. `width` is the
  // viewport asked for: a phone zooms out to fit a page that overflows, and then innerWidth grows.
  const docWidth = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
  const sticking = [];
  if (docWidth > width) {
    // a phone lays out an overflowing page wider than its screen: hold the root to the asked
    // width, then name the deepest elements that stick out of it or whose content spills out of
    // them (not inside a scrolling box)
    const root = document.documentElement, before = root.style.maxWidth;
    root.style.maxWidth = width + 'px';
    const rr = root.getBoundingClientRect();
    const clipped = (el) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide = (el) => {
      const r = el.getBoundingClientRect();
      if (!r.width) return false;
      const sticks = r.left < rr.left - 1 || r.right > rr.right + 1;
      const spills = el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
        && getComputedStyle(el).overflowX === 'visible';
      return (sticks || spills) && !clipped(el);
    };
    const found = new Set([...document.body.querySelectorAll('*')].filter(wide));
    for (const el of found) {
      if ([...el.children].some((c) => found.has(c))) continue;
      sticking.push(describe(el) + ' (' + Math.max(Math.round(el.getBoundingClientRect().width), el.scrollWidth) + 'px)');
      if (sticking.length >= 5) break;
    }
    root.style.maxWidth = before;
  }
  // Latin digits in what a person sees
  const digits = [];
  const tokens = new RegExp(allowedTokens, 'g');
  const latin = (text) => /[0-9]/.test((text || '').replace(tokens, ''));
  const add = (el, text, where) => {
    if (digits.length < 12) digits.push({where: where + ' ' + describe(el), text: text.trim().slice(0, 100)});
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!latin(node.nodeValue)) continue;
    if (!el || el.closest('script, style, template, noscript, ' + allowedContainers)) continue;
    if (el.closest('option')) continue;  // options are checked with their select
    if (!visible(el)) continue;
    add(el, node.nodeValue, 'text');
  }
  for (const el of document.querySelectorAll('input, textarea')) {
    if (allowedInputTypes.includes((el.type || '').toLowerCase())) continue;
    if (el.closest(allowedContainers) || !visible(el)) continue;
    if (latin(el.value)) add(el, el.value, 'value');
    if (latin(el.placeholder)) add(el, el.placeholder, 'placeholder');
  }
  for (const el of document.querySelectorAll('select')) {
    if (el.closest(allowedContainers) || !visible(el)) continue;
    for (const option of el.options) {
      if (latin(option.text)) { add(el, option.text, 'option'); break; }
    }
  }
  // links (same origin, GET-able)
  const links = new Set();
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.getAttribute('href'), location.href);
    if (url.origin !== location.origin) continue;
    url.hash = '';
    if (url.href !== location.href.split('#')[0]) links.add(url.href);
  }
  const html = document.documentElement;
  return {width, docWidth, sticking, digits, links: [...links], lang: html.lang, dir: html.dir, main: !!document.querySelector('main')};
}
"""

AXE_RUN_JS = """
async ([tags]) => {
  const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
  }));
}
"""


class Inspector:
    """A browser page that records, for the page being visited, console errors, uncaught
    exceptions, failed resources and requests to other hosts (nothing is blocked), and checks
    what the page shows."""

    def __init__(self, page, host: str, width: int):
        self.page, self.host, self.width = page, host, width
        self.axe_source = AXE.read_text(encoding="utf-8")
        self.reset()
        page.on("request", self._request)
        page.on("requestfinished", self._done)
        page.on("requestfailed", self._done)
        page.on("response", self._response)
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.console.append(f"uncaught: {exc}"[:300]))

    def reset(self) -> None:
        self.console: list[str] = []
        self.foreign: list[str] = []
        self.failed: list[str] = []
        self.inflight = 0

    def _request(self, request) -> None:
        self.inflight += 1
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != self.host:
            self.foreign.append(request.url)

    def _done(self, request) -> None:
        self.inflight = max(0, self.inflight - 1)

    def _response(self, response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.failed.append(f"{response.status} {response.url}")

    def _console(self, message) -> None:
        if message.type != "error":
            return
        # the browser logs the error status of the document itself; that status is checked apart
        location = message.location.get("url", "").split("#")[0]
        if message.text.startswith("Failed to load resource") and location == self.page.url:
            return
        self.console.append(message.text[:300])

    def visit(self, url: str) -> int:
        self.reset()
        response = self.page.goto(url, wait_until="load")
        for _ in range(40):  # let the requests htmx makes on load finish
            if self.inflight == 0:
                break
            self.page.wait_for_timeout(50)
        return response.status if response else 0

    def look(self) -> dict:
        """Overflow, Latin digits and links, measured in the page."""
        return self.page.evaluate(
            PAGE_CHECKS_JS, [ALLOWED_CONTAINERS, ALLOWED_INPUT_TYPES, ALLOWED_TOKENS.pattern, self.width]
        )

    def axe(self) -> list[dict]:
        """The serious and critical axe-core violations of the page."""
        if not self.page.evaluate("() => typeof axe !== 'undefined'"):
            self.page.evaluate(self.axe_source)
        return [v for v in self.page.evaluate(AXE_RUN_JS, [AXE_TAGS]) if v["impact"] in AXE_IMPACTS]

    def problems(self, found: dict, violations: list[dict]) -> list[tuple[str, object]]:
        out: list[tuple[str, object]] = []
        if found["docWidth"] > self.width:
            out.append(("overflow", {"width": found["docWidth"], "sticking_out": found["sticking"]}))
        if found["digits"]:
            out.append(("latin-digits", found["digits"]))
        if (found["lang"], found["dir"], found["main"]) != ("fa", "rtl", True):
            out.append(("not-a-kanoon-page", {k: found[k] for k in ("lang", "dir", "main")}))
        if violations:
            out.append(("axe", violations))
        if self.console:
            out.append(("console", list(self.console)))
        if self.failed:
            out.append(("failed-resource", list(self.failed)))
        if self.foreign:
            out.append(("foreign-request", sorted(set(self.foreign))))
        return out


def _lap(stats: dict, phase: str, since: float) -> float:
    now = time.monotonic()
    stats.setdefault("phases", {})[phase] = round(stats.get("phases", {}).get(phase, 0) + now - since, 2)
    return now


@pytest.fixture
def world(territory, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.KANOON_PRIVATE_ROOT = str(tmp_path / "private")
    return pages.build_world(territory, settings.KANOON_PRIVATE_ROOT)


def test_every_url_pattern_is_catalogued():
    """A new page must be added to tests/browser/pages.py (PAGES, FILES, ACTIONS or SKIPPED)."""
    assert pages.unknown_patterns() == set(), "URL patterns test_every_page does not know how to fill"
    stale = (set(pages.PAGES) | set(pages.FILES) | set(pages.ACTIONS) | set(pages.SKIPPED)) - pages.patterns()
    assert stale == set(), "catalogued patterns that no longer exist"


SELF_TEST_PAGE = """<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>آزمون</title></head><body><main>
<h1>صفحهٔ آزمون</h1>
<p id="bad-digits">سطر 2 از ۸</p>
<p>کد ملی <span dir="ltr">0012345678</span>، تلفن <bdi class="ltr">09121234567</bdi>، دوره <code>1403Q2</code>،
نشانی https://example.org/a1 و info2@example.org و DHIS2 و UTF-8</p>
<p style="color:#bbb;background:#fff">متن کم‌رنگ</p>
<input id="unlabelled" value="۱۲">
<label>تعداد <input id="typed" value="15"></label>
<label>تلفن <input type="tel" value="09121234567"></label>
<label>سال <select><option>1403</option></select></label>
<div style="white-space:nowrap">{wide}</div>
<img src="http://cdn.example.invalid/logo.png" alt="نشان">
<script>console.error("boom")</script>
</main></body></html>"""


def test_the_checks_catch_what_they_look_for(browser):
    """The checks fail on what they should (and not on the allow-list): a page with one of each."""
    context = browser.new_context(viewport={"width": 375, "height": 900}, is_mobile=True, has_touch=True)
    page = context.new_page()
    html = SELF_TEST_PAGE.replace("{wide}", "کلمه " * 120)
    page.route("http://kanoon.test/", lambda route: route.fulfill(body=html, content_type="text/html"))
    page.route("http://cdn.example.invalid/**", lambda route: route.abort())
    inspector = Inspector(page, "kanoon.test", 375)
    assert inspector.visit("http://kanoon.test/") == 200
    found = inspector.look()
    problems = dict(inspector.problems(found, inspector.axe()))
    context.close()

    assert problems["overflow"]["width"] > 375 and problems["overflow"]["sticking_out"]
    assert {d["text"] for d in problems["latin-digits"]} == {"سطر 2 از ۸", "15", "1403"}
    assert {v["id"] for v in problems["axe"]} >= {"color-contrast", "label"}
    assert "boom" in problems["console"]  # (beside the aborted image's "Failed to load resource")
    assert problems["foreign-request"] == ["http://cdn.example.invalid/logo.png"]


def _session_cookie(user, live_server_url: str) -> list[dict]:
    client = Client()
    client.force_login(user, backend=BACKEND)
    value = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    return [{"name": django_settings.SESSION_COOKIE_NAME, "value": value, "url": live_server_url}]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("role", pages.ROLES)
def test_every_page(
    role, width, browser, live_server, transactional_db, django_db_serialized_rollback, world, artifacts_dir
):
    assert pages.unknown_patterns() == set(), "see test_every_url_pattern_is_catalogued"
    started = time.monotonic()
    run = f"{role}-{width}"
    shots = Path(artifacts_dir) / "every-page" / run
    shots.mkdir(parents=True, exist_ok=True)

    context = browser.new_context(
        locale="fa-IR",
        timezone_id="Asia/Tehran",
        viewport={"width": width, "height": 900},
        base_url=live_server.url,
        is_mobile=width < 500,
        has_touch=width < 500,
    )
    context.set_default_timeout(20000)
    if role != "anonymous":
        context.add_cookies(_session_cookie(world.users[role], live_server.url))
    inspector = Inspector(context.new_page(), urlsplit(live_server.url).netloc, width)
    # the same role through Django's test client, for the plain requests
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role], backend=BACKEND)

    problems: list[dict] = []
    stats: dict = {"pages": 0, "axe_runs": 0, "axe": {}, "widest": (0, "")}

    def problem(kind: str, detail, name: str, url: str) -> None:
        problems.append(
            {"role": role, "width": width, "page": name, "url": url, "kind": kind, "detail": detail}
        )

    page_urls = pages.urls(pages.PAGES, world)
    seen_paths: set[str] = set()
    seen_statuses: set[int] = set()
    visited: dict[str, int] = {}  # url -> status
    links: dict[str, str] = {}  # link -> the page it was found on
    login = resolve_url(django_settings.LOGIN_URL)

    for name, url in page_urls.items():
        if role == "anonymous":
            # sent to the login page (itself one of the pages) from every page that needs one
            answer = client.get(url)
            if answer.status_code == 302 and answer["Location"].startswith(login):
                continue
        tick = time.monotonic()
        status = visited[url] = inspector.visit(url)
        tick = _lap(stats, "load", tick)
        final = urlsplit(inspector.page.url).path
        if status not in OK_PAGE_STATUSES:
            problem("status", f"{status} at {final}", name, url)
        if final in seen_paths:  # a redirect to a page already checked in this run
            continue
        seen_paths.add(final)
        # the 403 and 404 pages are one template each: axe and a screenshot once per run
        first_of_kind = status == 200 or status not in seen_statuses
        seen_statuses.add(status)
        stats["pages"] += 1
        found = inspector.look()
        stats["widest"] = max(stats["widest"], (found["docWidth"], name), key=lambda w: w[0])
        tick = _lap(stats, "checks", tick)
        violations = []
        if first_of_kind:
            violations = inspector.axe()
            stats["axe_runs"] += 1
            for v in violations:
                stats["axe"][v["impact"]] = stats["axe"].get(v["impact"], 0) + v["count"]
        tick = _lap(stats, "axe", tick)
        for kind, detail in inspector.problems(found, violations):
            problem(kind, detail, name, url)
        if status == 200:
            for link in found["links"]:
                links.setdefault(link, name)
        if first_of_kind:
            inspector.page.screenshot(
                path=str(shots / f"{name.replace(':', '-')}.jpg"), full_page=True, type="jpeg", quality=60
            )
        tick = _lap(stats, "screenshot", tick)

    tick = time.monotonic()
    if width == max(WIDTHS):
        # the links met on the pages, the files and the form endpoints: plain requests, as the role
        actions = set(pages.urls(pages.ACTIONS, world).values())
        stats["links"] = len(links)
        for link, found_on in sorted(links.items()):
            parts = urlsplit(link)
            if parts.path in actions or parts.path.startswith(("/static/", "/media/")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            status = visited.get(target)
            if status is None:
                query = dict(parse_qsl(parts.query))
                status = client.get(parts.path, query_params=query, follow=True).status_code
            if status in (403, 404) or status >= 500:
                problem("dead-link", f"{status} {target}", found_on, page_urls[found_on])
        for table, kind in ((pages.FILES, "file"), (pages.ACTIONS, "action")):
            for name, url in pages.urls(table, world).items():
                status = client.get(url, follow=True).status_code
                if status >= 500:
                    problem(f"{kind}-status", str(status), name, url)
        _lap(stats, "links+files", tick)
    context.close()

    stats["seconds"] = round(time.monotonic() - started, 1)
    (Path(artifacts_dir) / "every-page" / f"{run}.json").write_text(
        json.dumps({"stats": stats, "problems": problems}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    assert not problems, f"{len(problems)} problems as {role} at {width}px:\n" + "\n".join(
        f"- {p['page']} ({p['url']}): {p['kind']}: {json.dumps(p['detail'], ensure_ascii=False)[:400]}"
        for p in problems
    )
