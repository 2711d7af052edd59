"""A small ASGI app for tests/test_supervisor.py: it answers with its worker's process id.

``GET /slow`` answers after a second (a request in progress when a worker is told to stop).
``SERVING_APP_START`` set to ``fail`` makes its start-up fail, to ``hang`` never end."""

import asyncio
import os
from typing import Any


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                start = os.environ.get("SERVING_APP_START")
                if start == "hang":
                    await asyncio.Event().wait()
                if start == "fail":
                    await send({"type": "lifespan.startup.failed", "message": "told to fail"})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["path"] == "/slow":
        await asyncio.sleep(1)
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": str(os.getpid()).encode()})
