"""Every page type, as every role, on a phone (375 px) and a laptop (1366 px).

One instance of each URL pattern (tests/browser/pages.py builds the records and says how to fill
each pattern; a pattern it does not know fails `test_every_url_pattern_is_catalogued`) is opened
by each role — pages the role may not open too: they must answer with the clean 403/404 page,
which is then checked like any other. Each page fails on:

- a server error, or a status other than 200/403/404 (redirects are followed);
- horizontal overflow (the document wider than the window);
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
LATIN_DIGIT = re.compile(r"[0-9]")

OK_PAGE_STATUSES = {200, 403, 404}
BACKEND = "kanoon.accounts.backends.UsernameOrMobileBackend"

# the checks that run in the page; returns what it found
PAGE_CHECKS_JS = """
([allowedContainers, allowedInputTypes, width]) => {
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
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width && (r.right > width + 1 || r.left < -1)) {
        const parent = el.parentElement;
        const pr = parent && parent.getBoundingClientRect();
        if (!pr || !(pr.right > width + 1 || pr.left < -1)) sticking.push(describe(el) + ' (' + Math.round(r.width) + 'px)');
      }
      if (sticking.length >= 5) break;
    }
  }
  // Latin digits in what a person sees
  const digits = [];
  const add = (el, text, where) => {
    if (digits.length < 12) digits.push({where: where + ' ' + describe(el), text: text.trim().slice(0, 80)});
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!/[0-9]/.test(node.nodeValue)) continue;
    if (!el || el.closest('script, style, template, noscript, ' + allowedContainers)) continue;
    if (el.closest('option')) continue;  // options are checked with their select
    if (!visible(el)) continue;
    add(el, node.nodeValue, 'text');
  }
  for (const el of document.querySelectorAll('input, textarea')) {
    if (allowedInputTypes.includes((el.type || '').toLowerCase())) continue;
    if (el.closest(allowedContainers) || !visible(el)) continue;
    if (/[0-9]/.test(el.value)) add(el, el.value, 'value');
    if (/[0-9]/.test(el.placeholder || '')) add(el, el.placeholder, 'placeholder');
  }
  for (const el of document.querySelectorAll('select')) {
    if (el.closest(allowedContainers) || !visible(el)) continue;
    for (const option of el.options) {
      if (/[0-9]/.test(option.text)) { add(el, option.text, 'option'); break; }
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
  return {width, docWidth, sticking, digits, links: [...links]};
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


def _lap(stats: dict, phase: str, since: float) -> float:
    now = time.monotonic()
    stats.setdefault("phases", {})[phase] = round(stats.get("phases", {}).get(phase, 0) + now - since, 2)
    return now


def _digit_problem(text: str) -> bool:
    return bool(LATIN_DIGIT.search(ALLOWED_TOKENS.sub("", text)))


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
    host = urlsplit(live_server.url).netloc

    context = browser.new_context(
        locale="fa-IR",
        timezone_id="Asia/Tehran",
        viewport={"width": width, "height": 900},
        base_url=live_server.url,
        is_mobile=width < 500,
        has_touch=width < 500,
        device_scale_factor=1,
    )
    context.set_default_timeout(20000)
    if role != "anonymous":
        context.add_cookies(_session_cookie(world.users[role], live_server.url))
    page = context.new_page()

    problems: list[dict] = []
    stats = {"pages": 0, "axe": {}, "widest": (0, ""), "seconds": 0.0}
    current: dict = {"name": "", "url": "", "console": [], "foreign": [], "failed": [], "inflight": 0}

    def problem(kind: str, detail, name: str | None = None, url: str | None = None) -> None:
        problems.append(
            {
                "role": role,
                "width": width,
                "page": name or current["name"],
                "url": url or current["url"],
                "kind": kind,
                "detail": detail,
            }
        )

    def on_request(request) -> None:
        current["inflight"] += 1
        parts = urlsplit(request.url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != host:
            current["foreign"].append(request.url)

    def on_done(request) -> None:
        current["inflight"] = max(0, current["inflight"] - 1)

    def on_response(response) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            current["failed"].append(f"{response.status} {response.url}")

    def on_console(message) -> None:
        if message.type != "error":
            return
        text = message.text
        # the browser logs the error status of the document itself; the status is checked apart
        if (
            text.startswith("Failed to load resource")
            and message.location.get("url", "").split("#")[0] == page.url
        ):
            return
        current["console"].append(text[:300])

    page.on("request", on_request)
    page.on("requestfinished", on_done)
    page.on("requestfailed", on_done)
    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda exc: current["console"].append(f"uncaught: {exc}"[:300]))

    axe_source = AXE.read_text(encoding="utf-8")
    seen: set[str] = set()
    seen_statuses: set[int] = set()
    links: dict[str, str] = {}  # url -> the page it was found on

    # an anonymous visitor is sent to the login page from every page that needs one: a plain
    # request tells which (the login page itself is one of the pages)
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role], backend=BACKEND)
    visited: dict[str, int] = {}

    for name, url in pages.urls(pages.PAGES, world).items():
        current.update(name=name, url=url, console=[], foreign=[], failed=[])
        if role == "anonymous":
            answer = client.get(url)
            if answer.status_code == 302 and answer["Location"].startswith(
                resolve_url(django_settings.LOGIN_URL)
            ):
                continue
        tick = time.monotonic()
        response = page.goto(url, wait_until="load")
        for _ in range(40):  # let htmx's loads finish
            if current["inflight"] == 0:
                break
            page.wait_for_timeout(50)
        tick = _lap(stats, "load", tick)
        status = response.status if response else 0
        visited[url] = status
        final = urlsplit(page.url).path
        if status >= 500 or status not in OK_PAGE_STATUSES:
            problem("status", f"{status} at {final}")
        if final in seen:  # a redirect to a page already checked in this run (e.g. the login page)
            continue
        seen.add(final)
        # the 403 and 404 pages are one template each: axe and a screenshot once per run
        first_of_kind = status == 200 or status not in seen_statuses
        seen_statuses.add(status)
        stats["pages"] += 1
        found = page.evaluate(PAGE_CHECKS_JS, [ALLOWED_CONTAINERS, ALLOWED_INPUT_TYPES, width])
        if found["docWidth"] > found["width"]:
            problem("overflow", {"width": found["docWidth"], "sticking_out": found["sticking"]})
        if found["docWidth"] > stats["widest"][0]:
            stats["widest"] = (found["docWidth"], name)
        tick = _lap(stats, "checks", tick)
        digits = [d for d in found["digits"] if _digit_problem(d["text"])]
        if digits:
            problem("latin-digits", digits)
        violations = []
        if first_of_kind:
            if not page.evaluate("() => typeof axe !== 'undefined'"):
                page.evaluate(axe_source)
            violations = [v for v in page.evaluate(AXE_RUN_JS, [AXE_TAGS]) if v["impact"] in AXE_IMPACTS]
            stats["axe_runs"] = stats.get("axe_runs", 0) + 1
        tick = _lap(stats, "axe", tick)
        for v in violations:
            stats["axe"][v["impact"]] = stats["axe"].get(v["impact"], 0) + v["count"]
        if violations:
            problem("axe", violations)
        if current["console"]:
            problem("console", current["console"])
        if current["failed"]:
            problem("failed-resource", current["failed"])
        if current["foreign"]:
            problem("foreign-request", sorted(set(current["foreign"])))
        if width == max(WIDTHS) and status == 200:
            for link in found["links"]:
                links.setdefault(link, name)
        if first_of_kind:
            page.screenshot(
                path=str(shots / f"{name.replace(':', '-')}.jpg"), full_page=True, type="jpeg", quality=60
            )
        tick = _lap(stats, "screenshot", tick)

    tick = time.monotonic()
    if width == max(WIDTHS):
        # links, files and form endpoints: plain requests through Django's test client, as the role
        actions = set(pages.urls(pages.ACTIONS, world).values())
        stats["links"] = len(links)
        for link, found_on in sorted(links.items()):
            parts = urlsplit(link)
            if parts.path in actions or parts.path.startswith(("/static/", "/media/")):
                continue
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            status = visited.get(target)
            if status is None:
                answer = client.get(parts.path, query_params=dict(parse_qsl(parts.query)), follow=True)
                status = answer.status_code
            if status in (403, 404) or status >= 500:
                problem("dead-link", f"{status} {target}", name=found_on)
        for table, kind in ((pages.FILES, "file"), (pages.ACTIONS, "action")):
            for name, url in pages.urls(table, world).items():
                answer = client.get(url, follow=True)
                if answer.status_code >= 500:
                    problem(f"{kind}-status", f"{answer.status_code}", name=name, url=url)
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
