"""Headless Chromium driven over the DevTools protocol, for tests that need real input.

The report's dump-DOM tests (tests/test_report.py) cannot press a mouse button or
a key; the editor's tests must, so this starts Chromium with
``--remote-debugging-pipe`` (the protocol over file descriptors 3 and 4, no
network port, no extra package) and sends it mouse and keyboard events the way
a person's input arrives.  Only what the tests use is here.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

# The flags this machine needs (see tests/test_report.py), and no network at all.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--remote-debugging-pipe",
]
KEYS = {  # key -> (code, Windows virtual key code, text)
    "ArrowLeft": ("ArrowLeft", 37, ""),
    "ArrowUp": ("ArrowUp", 38, ""),
    "ArrowRight": ("ArrowRight", 39, ""),
    "ArrowDown": ("ArrowDown", 40, ""),
    "PageUp": ("PageUp", 33, ""),
    "PageDown": ("PageDown", 34, ""),
    "Home": ("Home", 36, ""),
    "End": ("End", 35, ""),
    "Enter": ("Enter", 13, "\r"),
    "Escape": ("Escape", 27, ""),
    "Tab": ("Tab", 9, ""),
}


class Browser:
    """One headless Chromium with one page; use as a context manager."""

    def __init__(self, binary: str, width: int = 1400, height: int = 1000) -> None:
        self.profile = tempfile.TemporaryDirectory(prefix="report-cdp-")
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()
        devnull = os.open(os.devnull, os.O_RDWR)
        actions = [
            (os.POSIX_SPAWN_DUP2, devnull, 0),
            (os.POSIX_SPAWN_DUP2, devnull, 1),
            (os.POSIX_SPAWN_DUP2, devnull, 2),
            (os.POSIX_SPAWN_DUP2, to_chrome_r, 3),
            (os.POSIX_SPAWN_DUP2, from_chrome_w, 4),
        ]
        args = [
            binary,
            *FLAGS,
            f"--user-data-dir={self.profile.name}",
            f"--window-size={width},{height}",
            "about:blank",
        ]
        self.pid = os.posix_spawn(binary, args, os.environ, file_actions=actions)
        for fd in (to_chrome_r, from_chrome_w, devnull):
            os.close(fd)
        self._buffer = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable")
        self.call("Runtime.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=False,
        )

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._send({"id": 0, "method": "Browser.close"}, session=False)
        for fd in (self._to_chrome, self._from_chrome):
            with contextlib.suppress(OSError):
                os.close(fd)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
            if done:
                break
            time.sleep(0.05)
        else:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        self.profile.cleanup()

    # ------------------------------------------------------------------ the protocol

    def _send(self, message: dict[str, Any], session: bool = True) -> None:
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_chrome, json.dumps(message).encode() + b"\0")

    def _next(self, timeout: float) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_chrome], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_chrome, 1 << 20)
            if not chunk:
                raise ConnectionError("Chromium closed the pipe")
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def call(
        self, method: str, timeout: float = 30, page: bool = True, **params: Any
    ) -> dict[str, Any]:
        """Runs a protocol command on the page (``page=False``: on the browser)."""
        self._id += 1
        wanted = self._id
        self._send({"id": wanted, "method": method, "params": params}, session=page)
        while True:
            message = self._next(timeout)
            if message.get("id") == wanted:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        for i, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            message = self._next(max(0.01, deadline - time.monotonic()))
            if message.get("method") == method:
                return message
            self.events.append(message)

    # ------------------------------------------------------------------ what tests use

    def open(self, path: Path) -> None:
        self.call("Page.navigate", url=path.as_uri())
        self.wait_event("Page.loadEventFired")
        assert self.js("document.documentElement.dataset.ready") == "1"

    def js(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:80]}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def center(self, selector: str) -> tuple[float, float]:
        """Scrolls the element into view and gives its centre in the window."""
        box = self.js(f"""(() => {{
            const el = document.querySelector({json.dumps(selector)});
            el.scrollIntoView({{block: "center"}});
            const r = el.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2];
        }})()""")
        assert box, selector
        return box[0], box[1]

    def mouse(self, kind: str, x: float, y: float, buttons: int = 0) -> None:
        self.call(
            "Input.dispatchMouseEvent",
            type=kind,
            x=x,
            y=y,
            button="left",
            buttons=buttons,
            clickCount=1 if kind != "mouseMoved" else 0,
        )

    def press(self, key: str, modifiers: int = 0) -> None:
        code, vk, text = KEYS[key] if key in KEYS else (f"Key{key.upper()}", ord(key.upper()), key)
        base = {"key": key, "code": code, "windowsVirtualKeyCode": vk, "modifiers": modifiers}
        if text and not modifiers:
            self.call("Input.dispatchKeyEvent", type="keyDown", text=text, **base)
        else:
            self.call("Input.dispatchKeyEvent", type="rawKeyDown", **base)
        self.call("Input.dispatchKeyEvent", type="keyUp", **base)

    def allow_downloads(self, folder: Path) -> Path:
        """Downloads go to ``folder`` (made here) without asking; gives the folder."""
        folder.mkdir()
        self.call(
            "Browser.setDownloadBehavior",
            page=False,
            behavior="allow",
            downloadPath=str(folder),
            eventsEnabled=True,
        )
        return folder

    def screenshot(self, path: Path, scale: float = 1.0) -> None:
        """The window as a PNG (scaled down, to keep a picture for the README small)."""
        import base64

        w, h, x, y = self.js("[innerWidth, innerHeight, scrollX, scrollY]")  # page coordinates
        params: dict[str, Any] = {
            "format": "png",
            "clip": {"x": x, "y": y, "width": w, "height": h, "scale": scale},
        }
        path.write_bytes(base64.b64decode(self.call("Page.captureScreenshot", **params)["data"]))


def downloaded(path: Path, timeout: float = 20) -> Path:
    """``path`` once a download has been saved there (folder: :meth:`Browser.allow_downloads`);
    fails after ``timeout`` seconds, naming what the folder holds."""
    deadline = time.monotonic() + timeout
    while not path.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert path.exists(), list(path.parent.iterdir())
    return path


def find_chromium() -> str | None:
    import shutil

    return next(
        (
            shutil.which(n)
            for n in ("chromium", "chromium-browser", "google-chrome")
            if shutil.which(n)
        ),
        None,
    )


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, check=False)
