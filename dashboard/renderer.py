"""HTML documents drawn by headless Chromium (Debian's /usr/bin/chromium, through Playwright): a PNG screenshot or an
A4 PDF. Thai is shaped by the browser with the system's Thai fonts (fonts-thai-tlwg).

One browser per app process, owned by one thread: Playwright's synchronous API belongs to the thread that started
it, and a 2-core server gains nothing from drawing two pictures at once. Requests hand their document to that
thread and wait at most ``timeout_s``; the browser starts on the first picture and closes after ``idle_s`` without
one (a process that never draws never starts it). The document is set as the page's content and every request the
page would make is refused: a picture never reaches the network, whatever its HTML says.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [  # as the browser tests launch it (tests/fixtures_app.py)
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # what we hand the browser
MAX_OUTPUT_BYTES = 32 * 1024 * 1024  # what we accept back (a PDF of every district of Thailand is ~2 MB)


class RendererUnavailable(RuntimeError):
    """Chromium (or Playwright) is not installed on this server."""


class RenderFailed(RuntimeError):
    """The browser did not draw the document in time, or drew something too large."""


@dataclass(frozen=True)
class _Job:
    kind: str  # "png" or "pdf"
    document: str
    width: int
    height: int
    future: Future


class Renderer:
    """``png(document, width, height)`` and ``pdf(document)``: bytes, drawn by this process's one browser."""

    def __init__(self, executable: str = CHROMIUM, timeout_s: float = 40.0, idle_s: float = 300.0):
        self.executable, self.timeout_s, self.idle_s = executable, timeout_s, idle_s
        self._jobs: queue.Queue = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def available(self) -> bool:
        if not Path(self.executable).is_file():
            return False
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            return False
        return True

    def png(self, document: str, width: int, height: int) -> bytes:
        return self._submit("png", document, width, height)

    def pdf(self, document: str) -> bytes:
        return self._submit("pdf", document, 0, 0)

    def close(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=10)

    # -- the requests' side --------------------------------------------------------------------------------------
    def _submit(self, kind: str, document: str, width: int, height: int) -> bytes:
        if not self.available():
            raise RendererUnavailable(f"{self.executable} or Playwright is missing")
        if len(document.encode("utf-8")) > MAX_DOCUMENT_BYTES:
            raise RenderFailed(f"document of {len(document):,} characters is over {MAX_DOCUMENT_BYTES:,} bytes")
        self._start()
        job = _Job(kind, document, width, height, Future())
        self._jobs.put(job)
        try:
            data = job.future.result(timeout=self.timeout_s)
        except FutureTimeout as exc:
            job.future.cancel()
            raise RenderFailed(f"no {kind} after {self.timeout_s:.0f} s") from exc
        if len(data) > MAX_OUTPUT_BYTES:
            raise RenderFailed(f"{kind} of {len(data):,} bytes is over {MAX_OUTPUT_BYTES:,}")
        return data

    def _start(self) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="jitasa-renderer", daemon=True)
                self._thread.start()
                atexit.register(self.close)

    # -- the browser's thread ------------------------------------------------------------------------------------
    def _run(self) -> None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = None
            while True:
                try:
                    job = self._jobs.get(timeout=self.idle_s)
                except queue.Empty:
                    browser = _closed(browser)  # idle: give the memory back; the next picture starts it again
                    continue
                if job is None:
                    break
                if not job.future.set_running_or_notify_cancel():
                    continue  # its request stopped waiting
                try:
                    if browser is None or not browser.is_connected():
                        browser = playwright.chromium.launch(executable_path=self.executable, args=CHROMIUM_ARGS)
                    job.future.set_result(_draw(browser, job, self.timeout_s))
                except Exception as exc:  # handed to the request that asked; the browser is started anew
                    log.warning("render %s failed: %s", job.kind, exc)
                    browser = _closed(browser)
                    job.future.set_exception(RenderFailed(str(exc)))
            _closed(browser)


def _closed(browser):
    if browser is not None:
        try:
            browser.close()
        except Exception as exc:  # already gone
            log.info("browser close: %s", exc)
    return None


def _draw(browser, job: _Job, timeout_s: float) -> bytes:
    viewport = {"width": job.width or 794, "height": job.height or 1123}
    context = browser.new_context(viewport=viewport, device_scale_factor=1, java_script_enabled=False)
    try:
        context.route(
            "**/*", lambda route: route.abort() if not route.request.url.startswith("data:") else route.continue_()
        )
        page = context.new_page()
        page.set_default_timeout(timeout_s * 1000 * 0.75)
        page.set_content(job.document, wait_until="load")
        if job.kind == "png":
            return page.screenshot(type="png", full_page=False)
        return page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    finally:
        context.close()


def renderer_of(extensions: dict) -> Renderer:
    """The app's one renderer (``app.extensions``), made on first use."""
    renderer = extensions.get("jitasa.renderer")
    if renderer is None:
        renderer = extensions.setdefault("jitasa.renderer", Renderer())
    return renderer
