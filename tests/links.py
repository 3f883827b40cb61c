"""Follow every link on a page as the same user: no link may lead to a 404, a 403 or an error.

    from tests.links import assert_links_open
    assert_links_open(web(secretary), f"/assemblies/problems/{problem.pk}/")

Links leaving the site, anchors, `mailto:`/`tel:`, static and media files and the API's docs are
not followed. A link that redirects is followed to its end (the end must answer 200).
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

SKIPPED_PREFIXES = ("/static/", "/media/", "/api/v1/docs", "/api/v1/schema", "/admin/")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def page_links(html: str, base: str = "/") -> list[str]:
    """The page's internal links (path + query), in order, without repeats."""
    parser = _Links()
    parser.feed(html)
    seen: list[str] = []
    for href in parser.hrefs:
        href, _ = urldefrag(href)
        if not href or href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        if href.startswith("?"):
            href = urlsplit(base).path + href
        elif not href.startswith("/"):
            continue
        if href.startswith(SKIPPED_PREFIXES) or href in seen:
            continue
        seen.append(href)
    return seen


def assert_links_open(client, url: str, *, status: int = 200) -> list[str]:  # type: ignore[no-untyped-def]
    """GET `url` as the client's user, then every internal link on it; fail listing each link
    that does not answer 200 (after redirects). Returns the links followed."""
    response = client.get(url)
    assert response.status_code == status, f"{url} answered {response.status_code}"
    links = page_links(response.content.decode(), url)
    broken = []
    for href in links:
        answer = client.get(href, follow=True)
        if answer.status_code != 200:
            broken.append(f"{href} → {answer.status_code}")
    assert not broken, f"dead links on {url}: " + "; ".join(broken)
    return links
