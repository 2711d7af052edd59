"""A subscription through a real server on 127.0.0.1 (uvicorn) with a real WebSocket client (websockets),
as a street office's client would connect: the handshake, the subprotocol, the token in connection_init."""

import asyncio
import json
import socket
import threading
import time

import pytest
import uvicorn
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from core.testing import step_taken, user_with_role
from core.web.app import create_app
from tests.graphql.test_subscriptions import COMMUNITY, STREET, WORK, plugin


@pytest.fixture
def extra_plugins():
    return [plugin()]


@pytest.fixture
def server(platform):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    running = uvicorn.Server(uvicorn.Config(create_app(platform), host="127.0.0.1", port=port, log_level="warning",
                                            lifespan="off"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"ws://127.0.0.1:{port}/graphql"
    running.should_exit = True
    thread.join(10)


async def receive(ws) -> dict:
    return json.loads(await asyncio.wait_for(ws.recv(), timeout=10))


async def test_a_street_office_subscribes_through_a_real_server(platform, client, admin_token, server):
    office = await user_with_role(platform, client, admin_token, "office", "sub", "sub_office", STREET)
    worker = await user_with_role(platform, client, admin_token, "worker", "sub", "sub_community", COMMUNITY)
    async with connect(server, subprotocols=["graphql-transport-ws"]) as ws:
        assert ws.subprotocol == "graphql-transport-ws"
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": f"Bearer {office}"}}))
        assert await receive(ws) == {"type": "connection_ack"}
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": WORK}}))
        deadline = time.monotonic() + 10
        while platform.events.subscribers == 0:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.01)
        case = await step_taken(client, worker, type="sub_need", region=COMMUNITY, action="open", title="路灯不亮")
        await step_taken(client, worker, case=case["id"], action="report")
        change = (await receive(ws))["payload"]["data"]["workQueue"]
        assert (change["caseId"], change["inQueue"], change["item"]["actions"]) == (case["id"], True, [{"action": "handle"}])

    async with connect(server, subprotocols=["graphql-transport-ws"]) as ws:
        await ws.send(json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer forged"}}))
        with pytest.raises(ConnectionClosed) as closed:
            await receive(ws)
    assert closed.value.rcvd is not None and (closed.value.rcvd.code, closed.value.rcvd.reason) == (4403, "Forbidden")
