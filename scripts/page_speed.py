"""How fast the site is for its readers and its authors.

Builds the site, serves it gzip-compressed on 127.0.0.1 (as a static host serves it), and measures per page,
in the Chromium the browser tests use (``/usr/bin/chromium``, driven by Playwright):

- **KiB at load**: bytes transferred until the page has loaded and gone quiet (compressed, headers
  included: what Lighthouse counts as the page's weight);
- **KiB read**: the same after scrolling to the bottom of the page, so every figure and font a reader of
  the whole page (in one palette) downloads is counted;
- **DOM**: the number of elements of the page;
- **TBT**: total blocking time with the CPU slowed down 4 times (the mobile audit's factor): the part
  over 50 ms of every main-thread task after the first contentful paint, until the page has been quiet
  for 2 s (median of ``--runs``).

With ``--lighthouse`` it also runs Lighthouse 12.2.3 (the standard mobile profile, simulated throttling)
on each page and reports the median performance score, blocking time, largest contentful paint, page
weight and the accessibility score. Lighthouse is installed on demand into ``.cache/lighthouse`` (from the
npm registry; it is not part of the normal set-up).

Then it measures what authors wait for, on a copy of the working tree (so no file of the tree is
touched): the first page of ``make serve`` (the command of the Makefile's ``serve`` target), the time from
saving an edit to a lesson until the browser shows it, and with ``--cold`` the same first page and a
``mkdocs build --strict`` from empty caches (figures drawn, notebooks executed), as on a fresh clone.

Usage::

    .venv/bin/python scripts/page_speed.py                      # build, measure every page, author timings
    .venv/bin/python scripts/page_speed.py --site /tmp/site     # measure a site built already
    .venv/bin/python scripts/page_speed.py --pages home,lessons/05-learning-rates --runs 5 --lighthouse
    .venv/bin/python scripts/page_speed.py --no-author          # readers only
    .venv/bin/python scripts/page_speed.py --author-only --cold # authors only, fresh-clone timings too

Timings move with the load of the machine: take several runs (``--runs``) and read medians.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
LIGHTHOUSE_VERSION = "12.2.3"
LIGHTHOUSE_DIR = ROOT / ".cache" / "lighthouse"
CPU_SLOWDOWN = 4
# What a reader sees first: a phone (the mobile audit's screen).
PHONE = {"viewport": {"width": 412, "height": 823}, "device_scale_factor": 1.75, "is_mobile": True, "has_touch": True}
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".py", ".md"}
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".json": "application/json",
         ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8", ".woff2": "font/woff2",
         ".png": "image/png", ".ico": "image/x-icon", ".py": "text/plain; charset=utf-8", ".map": "application/json",
         ".md": "text/plain; charset=utf-8"}


def base_path(root: Path = ROOT) -> str:
    """The path part of ``site_url`` in mkdocs.yml (``/downhill/``): where the site is served."""
    match = re.search(r"^site_url:\s*(\S+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.MULTILINE)
    path = urlsplit(match[1]).path.strip("/") if match else ""
    return f"/{path}/" if path else "/"


# ---------------------------------------------------------------------------------------------------
# A static server that compresses, as a static host does


class _GzipHandler(BaseHTTPRequestHandler):
    directory: Path
    base: str
    cache: dict

    def log_message(self, format, *args):  # noqa: A002 - the stdlib's name
        pass

    def _file(self) -> Path | None:
        path = unquote(urlsplit(self.path).path)
        if not path.startswith(self.base):
            return None
        target = (self.directory / path[len(self.base):]).resolve()
        if target != self.directory and self.directory not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def do_GET(self):  # noqa: N802 - the stdlib's name
        target, status = self._file(), 200
        if target is None:
            target, status = self.directory / "404.html", 404
        key = (target, target.stat().st_mtime_ns)
        body = target.read_bytes()
        headers = {"Content-Type": TYPES.get(target.suffix, "application/octet-stream"), "Cache-Control": "no-cache"}
        if target.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
            if key not in self.cache:
                self.cache[key] = gzip.compress(body, compresslevel=6, mtime=0)
            body = self.cache[key]
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class GzipServer:
    """Serve ``directory`` on 127.0.0.1 under ``base``, gzip-compressed, from a background thread."""

    def __init__(self, directory: Path, base: str = "/"):
        handler = type("Handler", (_GzipHandler,), {"directory": Path(directory).resolve(), "base": base, "cache": {}})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}{base}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


# ---------------------------------------------------------------------------------------------------
# Readers: one page in Chromium


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a path under its root: "" (home), "lessons/05-learning-rates/"..."""
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        if rel.startswith(("assets", "search")):
            continue
        pages.append("" if rel == "." else rel + "/")
    return pages


def page_name(path: str) -> str:
    return path.strip("/") or "home"


# Installed before any script of the page runs: keeps every long task and the first contentful paint.
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
}).observe({ type: "longtask", buffered: true });
"""

QUIET = """
() => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  return { now: performance.now(), fcp: fcp ? fcp.startTime : null, tasks: window.__longTasks || [],
           elements: document.getElementsByTagName("*").length };
}
"""


def measure_page(browser, url: str, *, scroll: bool = True, timeout: float = 30.0) -> dict:
    """One load of ``url`` on a phone-sized page with the CPU slowed down: bytes, elements, blocking time."""
    context = browser.new_context(**PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.add_init_script(LONG_TASKS)
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})
        sizes: dict[str, int] = {}
        cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], e["encodedDataLength"]))
        page.goto(url, wait_until="load", timeout=timeout * 1000)
        # Quiet: no new long task for 2 s (or the timeout).
        start, last_count, last_change = time.monotonic(), -1, time.monotonic()
        while time.monotonic() - start < timeout:
            state = page.evaluate(QUIET)
            if len(state["tasks"]) != last_count:
                last_count, last_change = len(state["tasks"]), time.monotonic()
            elif time.monotonic() - last_change > 2.0:
                break
            page.wait_for_timeout(250)
        fcp = state["fcp"] or 0.0
        tbt = sum(max(0.0, min(d, s + d - fcp) - 50.0) for s, d in state["tasks"] if s + d > fcp)
        longest = max((d for _, d in state["tasks"]), default=0.0)
        result = {"kib_load": sum(sizes.values()) / 1024, "requests_load": len(sizes), "elements": state["elements"],
                  "tbt_ms": tbt, "longest_task_ms": longest, "fcp_ms": fcp}
        if scroll:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": 1})
            height = page.evaluate("() => document.documentElement.scrollHeight")
            y = 0
            while y < height:
                y += 600
                page.evaluate(f"() => window.scrollTo(0, {y})")
                page.wait_for_timeout(40)
                height = page.evaluate("() => document.documentElement.scrollHeight")
            with contextlib.suppress(Exception):
                page.wait_for_load_state("networkidle", timeout=5000)
            page.wait_for_timeout(300)
            result["kib_read"] = sum(sizes.values()) / 1024
            result["requests_read"] = len(sizes)
        return result
    finally:
        context.close()


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=[
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-extensions"])


def measure_readers(site: Path, pages: list[str], runs: int, base: str) -> dict[str, dict]:
    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict]] = {p: [] for p in pages}
    with GzipServer(site, base) as server, sync_playwright() as pw:
        browser = launch_browser(pw)
        measure_page(browser, server.url, scroll=False)  # warm up the browser
        for run in range(runs):
            for path in pages:
                try:
                    results[path].append(measure_page(browser, server.url + path, scroll=run == 0))
                except Exception as err:  # noqa: BLE001 - a timeout on a loaded machine: that run is left out
                    print(f"  {page_name(path)} run {run + 1} failed: {str(err)[:300]}", file=sys.stderr, flush=True)
                    continue
                print(f"  {page_name(path):<40} run {run + 1}: TBT {results[path][-1]['tbt_ms']:.0f} ms",
                      file=sys.stderr, flush=True)
        browser.close()
    summary = {}
    for path, rows in results.items():
        if not rows:
            continue
        summary[path] = {key: statistics.median(r[key] for r in rows if key in r)
                         for key in rows[0] if any(key in r for r in rows)}
        summary[path]["tbt_runs"] = [round(r["tbt_ms"]) for r in rows]
    return summary


# ---------------------------------------------------------------------------------------------------
# Lighthouse (on demand)


def lighthouse_bin() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    installed = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    if not binary.exists() or json.loads(installed.read_text())["version"] != LIGHTHOUSE_VERSION:
        print(f"installing lighthouse@{LIGHTHOUSE_VERSION} into {LIGHTHOUSE_DIR.relative_to(ROOT)}", file=sys.stderr)
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(LIGHTHOUSE_DIR), "--no-audit", "--no-fund",
                        "--loglevel=error", "-E", f"lighthouse@{LIGHTHOUSE_VERSION}"], check=True)
    return binary


def lighthouse_once(binary: Path, url: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="lh-") as profile:
        proc = subprocess.run(
            [str(binary), url, "--output=json", "--output-path=stdout", "--quiet",
             "--only-categories=performance,accessibility", "--max-wait-for-load=60000",
             f"--chrome-flags=--headless=new --no-sandbox --disable-gpu --user-data-dir={profile}"],
            env={**os.environ, "CHROME_PATH": CHROMIUM}, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0:
        raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
    report = json.loads(proc.stdout)
    audits = report["audits"]
    return {
        "performance": round(100 * (report["categories"]["performance"]["score"] or 0)),
        "accessibility": round(100 * (report["categories"]["accessibility"]["score"] or 0)),
        "tbt_ms": audits["total-blocking-time"]["numericValue"],
        "lcp_ms": audits["largest-contentful-paint"]["numericValue"],
        "fcp_ms": audits["first-contentful-paint"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kib": audits["total-byte-weight"]["numericValue"] / 1024,
        "dom": audits["dom-size"].get("numericValue"),
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex", 0),
    }


def measure_lighthouse(site: Path, pages: list[str], runs: int, base: str) -> dict[str, dict]:
    binary = lighthouse_bin()
    results: dict[str, list[dict]] = {p: [] for p in pages}
    with GzipServer(site, base) as server:
        for run in range(runs):
            for path in pages:
                for attempt in range(2):
                    try:
                        results[path].append(lighthouse_once(binary, server.url + path))
                        break
                    except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError, KeyError) as err:
                        print(f"  lighthouse {page_name(path)} run {run + 1} failed (attempt {attempt + 1}): "
                              f"{str(err)[:300]}", file=sys.stderr, flush=True)
                else:
                    continue
                r = results[path][-1]
                print(f"  lighthouse {page_name(path):<30} run {run + 1}: {r['performance']} "
                      f"TBT {r['tbt_ms']:.0f} ms LCP {r['lcp_ms'] / 1000:.1f} s", file=sys.stderr, flush=True)
    summary = {}
    for path, rows in results.items():
        if not rows:
            continue
        summary[path] = {key: statistics.median(r[key] for r in rows) for key in rows[0]}
        summary[path]["accessibility"] = min(r["accessibility"] for r in rows)
        summary[path]["performance_runs"] = [r["performance"] for r in rows]
    return summary


# ---------------------------------------------------------------------------------------------------
# Authors: build, serve, edit


SKIP = {".git", ".venv", ".cache", "site", "test-artifacts", ".hypothesis", ".pytest_cache", "__pycache__",
        "node_modules", ".ipynb_checkpoints"}


def copy_tree(source: Path, target: Path, *, caches: bool) -> None:
    """A working copy of ``source`` in ``target``: the sources, the installed vendor files, the venv linked."""
    def ignore(folder, names):
        return {n for n in names if n in SKIP or n.endswith(".egg-info")}

    shutil.copytree(source, target, ignore=ignore, symlinks=True, dirs_exist_ok=True)
    (target / ".venv").symlink_to(source / ".venv")
    modules = source / "scripts" / "vendor" / "node_modules"
    if modules.is_dir():
        (target / "scripts" / "vendor" / "node_modules").symlink_to(modules)
    if caches and (source / ".cache").is_dir():
        shutil.copytree(source / ".cache", target / ".cache", symlinks=True,
                        ignore=lambda folder, names: {"lighthouse"} & set(names))


def serve_command(root: Path, port: int) -> list[str]:
    """The ``mkdocs serve`` command of the Makefile's serve target, on ``port``."""
    recipe = re.search(r"^serve:.*?\n((?:\t.*\n?)+)", (root / "Makefile").read_text(), re.MULTILINE)
    line = next(l for l in recipe[1].splitlines() if "mkdocs serve" in l).strip()
    words = line.split()
    words = [w for w in words if not w.startswith("@")]
    if "--dev-addr" in words:
        i = words.index("--dev-addr")
        del words[i:i + 2]
    words = [w.replace("$(PYTHON)", sys.executable) for w in words]
    exe = words.index(next(w for w in words if w.endswith("mkdocs")))
    return [sys.executable, "-m", "mkdocs", *words[exe + 1:], "--dev-addr", f"127.0.0.1:{port}"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc, timeout: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited with {proc.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return time.monotonic() - start
        time.sleep(0.05)
    raise TimeoutError(f"{url} not served after {timeout:.0f} s")


@contextlib.contextmanager
def serving(root: Path, log: Path):
    port = free_port()
    command = serve_command(root, port)
    with open(log, "w") as out:
        proc = subprocess.Popen(command, cwd=root, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
        try:
            yield proc, f"http://127.0.0.1:{port}{base_path(root)}"
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def measure_authors(runs: int, cold: bool, lesson: str) -> dict:
    from playwright.sync_api import sync_playwright

    result: dict = {}
    with tempfile.TemporaryDirectory(prefix="downhill-author-") as tmp:
        tmp = Path(tmp)
        if cold:
            fresh = tmp / "fresh"
            cold_times = []
            for i in range(runs):
                copy_tree(ROOT, fresh, caches=False)
                start = time.monotonic()
                proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "out")],
                                      cwd=fresh, capture_output=True, text=True,
                                      env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
                cold_times.append(time.monotonic() - start)
                print(f"  cold build {i + 1}: {cold_times[-1]:.1f} s", file=sys.stderr, flush=True)
                result["cold_build_ok"] = result.get("cold_build_ok", True) and proc.returncode == 0
                if proc.returncode:
                    print(proc.stdout[-3000:], proc.stderr[-3000:], file=sys.stderr)
                shutil.rmtree(fresh)
            result["cold_build_s"] = statistics.median(cold_times)
            result["cold_build_runs"] = cold_times
            copy_tree(ROOT, fresh, caches=False)
            with serving(fresh, tmp / "serve-cold.log") as (proc, url):
                result["cold_first_page_s"] = wait_for_http(url, proc, 600)
            shutil.rmtree(fresh)

        work = tmp / "work"
        copy_tree(ROOT, work, caches=True)
        start = time.monotonic()
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp / "out")],
                              cwd=work, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        result["warm_build_s"] = time.monotonic() - start
        source = work / "docs" / "lessons" / f"{lesson}.md"
        with serving(work, tmp / "serve.log") as (proc, url), sync_playwright() as pw:
            result["first_page_s"] = wait_for_http(url, proc, 600)
            browser = launch_browser(pw)
            page = browser.new_page()
            page.goto(f"{url}lessons/{lesson}/", wait_until="load")
            original = source.read_text(encoding="utf-8")
            times = []
            for i in range(runs):
                marker = f"Edited-for-the-benchmark-{i}-{time.time_ns()}"
                page.wait_for_timeout(1500)  # the page (reloaded after the last edit) is listening again
                start = time.monotonic()
                source.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
                page.wait_for_function(f"() => document.body && document.body.textContent.includes({marker!r})",
                                       timeout=120_000, polling=20)
                times.append(time.monotonic() - start)
                print(f"  edit {i + 1}: in the browser after {times[-1]:.2f} s", file=sys.stderr, flush=True)
            browser.close()
        result["edit_s"] = statistics.median(times)
        result["edit_runs"] = times
    return result


# ---------------------------------------------------------------------------------------------------


def build_site(out: Path) -> float:
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, check=True,
                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return time.monotonic() - start


def report(readers: dict, lighthouse: dict, authors: dict) -> str:
    lines = []
    if readers:
        lines += [f"Readers (Chromium, phone screen, CPU {CPU_SLOWDOWN}x slower, served gzip-compressed; "
                  "TBT: median of the runs)", "",
                  "| page | KiB at load | KiB read | requests | DOM elements | TBT (ms) | longest task (ms) |",
                  "|---|---:|---:|---:|---:|---:|---:|"]
        for path, r in readers.items():
            lines.append(f"| {page_name(path)} | {r['kib_load']:.0f} | {r.get('kib_read', float('nan')):.0f} | "
                         f"{r['requests_load']:.0f} | {r['elements']:,.0f} | {r['tbt_ms']:.0f} | {r['longest_task_ms']:.0f} |")
        lines.append("")
    if lighthouse:
        lines += [f"Lighthouse {LIGHTHOUSE_VERSION}, mobile, simulated throttling (median of the runs; accessibility: lowest)", "",
                  "| page | performance | runs | TBT (ms) | LCP (s) | FCP (s) | CLS | KiB | DOM | accessibility | CPU index |",
                  "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
        for path, r in lighthouse.items():
            lines.append(f"| {page_name(path)} | {r['performance']:.0f} | {' '.join(map(str, r['performance_runs']))} | "
                         f"{r['tbt_ms']:.0f} | {r['lcp_ms'] / 1000:.1f} | {r['fcp_ms'] / 1000:.1f} | {r['cls']:.3f} | "
                         f"{r['kib']:.0f} | {r['dom'] or 0:,.0f} | {r['accessibility']:.0f} | {r['benchmark_index']:.0f} |")
        lines.append("")
    if authors:
        lines += ["Authors", "", "| what | seconds |", "|---|---:|"]
        names = {"cold_build_s": "`mkdocs build --strict`, empty caches (fresh clone, median)",
                 "cold_first_page_s": "`make serve` to its first page, empty caches (fresh clone, after set-up)",
                 "warm_build_s": "`mkdocs build --strict`, caches filled",
                 "first_page_s": "`make serve` to its first page, caches filled",
                 "edit_s": "edit a lesson, saved -> shown in the browser (median)"}
        for key, name in names.items():
            if key in authors:
                lines.append(f"| {name} | {authors[key]:.1f} |")
        if "cold_build_runs" in authors:
            lines.append(f"\ncold builds: {', '.join(f'{t:.1f}' for t in authors['cold_build_runs'])} s")
        if "edit_runs" in authors:
            lines.append(f"\nedits: {', '.join(f'{t:.2f}' for t in authors['edit_runs'])} s")
        lines.append("")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=Path, help="measure this built site (default: build one)")
    parser.add_argument("--pages", help="comma-separated pages (home, lessons/05-learning-rates, api...); default: all")
    parser.add_argument("--runs", type=int, default=3, help="runs per page and per edit (medians are reported)")
    parser.add_argument("--lighthouse", action="store_true", help=f"also run Lighthouse {LIGHTHOUSE_VERSION} (installed on demand)")
    parser.add_argument("--lighthouse-runs", type=int, help="Lighthouse runs per page (default: --runs)")
    parser.add_argument("--no-author", action="store_true", help="skip the author timings")
    parser.add_argument("--author-only", action="store_true", help="only the author timings")
    parser.add_argument("--cold", action="store_true", help="author timings from empty caches too (slow)")
    parser.add_argument("--lesson", default="05-learning-rates", help="the lesson edited for the rebuild timing")
    parser.add_argument("--json", type=Path, help="write the results as JSON here too")
    args = parser.parse_args()

    readers, lighthouse, authors = {}, {}, {}
    with tempfile.TemporaryDirectory(prefix="downhill-site-") as tmp:
        if not args.author_only:
            site = args.site
            if site is None:
                site = Path(tmp) / "site"
                seconds = build_site(site)
                print(f"built the site in {seconds:.1f} s", file=sys.stderr)
            pages = site_pages(site)
            if args.pages:
                wanted = [("" if p in ("home", "") else p.strip("/") + "/") for p in args.pages.split(",")]
                missing = [p for p in wanted if p not in pages]
                if missing:
                    parser.error(f"no such page(s): {', '.join(missing)}")
                pages = wanted
            base = base_path()
            readers = measure_readers(site, pages, args.runs, base)
            if args.lighthouse:
                lighthouse = measure_lighthouse(site, pages, args.lighthouse_runs or args.runs, base)
        if not args.no_author:
            authors = measure_authors(args.runs, args.cold, args.lesson)
    text = report(readers, lighthouse, authors)
    print(text)
    if args.json:
        args.json.write_text(json.dumps({"readers": readers, "lighthouse": lighthouse, "authors": authors}, indent=1))


if __name__ == "__main__":
    main()
