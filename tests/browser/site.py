"""The built site as the browser sees it: which pages it has, and a local server for them.

The site is served on 127.0.0.1 under the path of ``site_url`` in ``mkdocs.yml`` (``/downhill/``), as
a static host would serve it: pages use relative links, but ``404.html`` uses absolute ones from
that path.
"""

from __future__ import annotations

import functools
import os
import re
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


def base_path() -> str:
    """The path part of ``site_url`` (``/downhill/``), where the site is served."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_url:\s*(\S+)", text, re.MULTILINE)
    path = urlsplit(match[1]).path if match else "/"
    return "/" + path.strip("/") + "/" if path.strip("/") else "/"


def expected_pages() -> list[str]:
    """The pages the site must have, from its sources: one per Markdown file and notebook, plus 404.

    Each is the page's path inside the built site: ``""`` for the home page,
    ``"lessons/05-learning-rates/"``, ``"404.html"``.
    """
    pages = []
    for md in sorted(DOCS.rglob("*.md")):
        rel = md.relative_to(DOCS)
        if any(part.startswith(".") for part in rel.parts):
            continue
        stem = rel.with_suffix("")
        if stem.name in ("index", "README"):
            pages.append("" if stem.parent == Path(".") else stem.parent.as_posix() + "/")
        else:
            pages.append(stem.as_posix() + "/")
    pages += [f"notebooks/{nb.stem}/" for nb in sorted((DOCS / "notebooks").glob("*.py"))]
    return pages + ["404.html"]


def built_pages(site_dir: Path) -> list[str]:
    """Every HTML page of a built site, in the same form as :func:`expected_pages`."""
    pages = []
    for html in sorted(site_dir.rglob("*.html")):
        rel = html.relative_to(site_dir).as_posix()
        if rel.startswith("assets/"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def page_file(site_dir: Path, path: str) -> Path | None:
    """The file a URL path inside the site (no base path, no query) is served from, or None."""
    path = unquote(path).lstrip("/")
    target = Path(os.path.normpath(site_dir / path))
    if target != site_dir and site_dir not in target.parents:
        return None  # a path with ../ that leaves the site
    if path == "" or path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (name == "name" and tag == "a"):
                self.ids.add(value)


@functools.lru_cache(maxsize=None)
def ids_in(file: Path) -> frozenset:
    """The ids (and ``<a name>``s) of an HTML file: the anchors a link may point at."""
    parser = _Ids()
    parser.feed(file.read_text(encoding="utf-8", errors="replace"))
    return frozenset(parser.ids)


class _QuietHandler(SimpleHTTPRequestHandler):
    base = "/"

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def translate_path(self, path):
        # Serve the site under its base path, as the static host does; anything else is not found.
        split = urlsplit(path).path
        if not split.startswith(self.base):
            return str(Path(self.directory) / "__outside_the_site__")
        return super().translate_path("/" + split[len(self.base):])


class SiteServer:
    """A static server for ``directory`` on 127.0.0.1 (a free port), in a background thread."""

    def __init__(self, directory: Path, base: str | None = None):
        self.base = base or base_path()
        handler = type("Handler", (_QuietHandler,), {"base": self.base})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
        self.httpd.daemon_threads = True
        self.host, self.port = self.httpd.server_address[:2]
        self.origin = f"http://{self.host}:{self.port}"
        self.url = self.origin + self.base
        self.directory = Path(directory)
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="site-server", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def is_local(self, url: str) -> bool:
        """True for a URL this server answers (same scheme, host and port)."""
        parts = urlsplit(url)
        return parts.scheme == "http" and parts.hostname == self.host and parts.port == self.port

    def site_path(self, url: str) -> str | None:
        """The path of a local URL inside the site (without the base path), or None."""
        parts = urlsplit(url)
        if not self.is_local(url) or not parts.path.startswith(self.base):
            return None
        return parts.path[len(self.base):]
