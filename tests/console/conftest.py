"""The console in a real browser: the app served by uvicorn on a free loopback port from the test
itself (its own platform and database), and Debian's Chromium driven by Playwright.

Playwright downloads no browser here: it starts the system's Chromium (``apt-get install chromium``;
``.ci/run`` installs it). Where there is none, or no Playwright, the browser tests are skipped,
saying so."""

import asyncio
import os
import shutil
import socket
from pathlib import Path

import pytest
import uvicorn

from core.web.app import create_app

CHROMIUM = ("/usr/lib/chromium/chromium", "/usr/bin/chromium", "/usr/bin/chromium-browser")
"""Debian's Chromium: the binary itself first (``/usr/bin/chromium`` is a shell wrapper around it)."""
AXE = Path(__file__).parent / "axe.min.js"


def chromium() -> str | None:
    """The Chromium to drive: ``WUSHE_TEST_CHROMIUM``, else Debian's."""
    configured = os.environ.get("WUSHE_TEST_CHROMIUM")
    if configured:
        return configured
    return next((path for path in CHROMIUM if Path(path).is_file()), None) or shutil.which("chromium")


@pytest.fixture
async def browser():
    path = chromium()
    if path is None:
        pytest.skip("no Chromium installed (apt-get install chromium): the console's browser tests need one")
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[test]')")
    async with async_playwright() as playwright:
        # --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start
        launched = await playwright.chromium.launch(executable_path=path, args=["--no-sandbox"])
        try:
            yield launched
        finally:
            await launched.close()


@pytest.fixture
async def served(platform):
    """The platform's app served over HTTP on 127.0.0.1, on a port the system picked: its base URL."""
    listening = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listening.bind(("127.0.0.1", 0))
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(platform), lifespan="on", log_config=None, access_log=False))
    serving = asyncio.create_task(server.serve(sockets=[listening]))
    while not server.started:
        if serving.done():
            serving.result()  # it stopped: say why
        await asyncio.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await serving
        listening.close()


async def axe_violations(page) -> list[dict]:
    """What axe-core (vendored from npm, tests/console/axe.min.js) finds against WCAG 2.1 A and AA on the page."""
    # evaluated through the DevTools protocol: a <script> added to the page would be refused by the
    # console's Content-Security-Policy (as any script not served by the platform must be)
    await page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    result = await page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [{"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]]} for v in result["violations"]]


async def sign_in(browser, base: str, username: str, password: str):
    """A new browser context (its own cookies) signed in through the form, with the keyboard; its page."""
    context = await browser.new_context(base_url=base, locale="zh-CN")
    page = await context.new_page()
    await page.goto("/")
    await page.get_by_label("用户名").fill(username)
    await page.keyboard.press("Tab")
    await page.keyboard.type(password)
    await page.keyboard.press("Enter")
    await page.wait_for_url(base + "/")
    return page
