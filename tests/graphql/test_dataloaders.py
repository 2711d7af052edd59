"""The request's DataLoaders share work between callers, never a cancellation: GraphQL cancels the
fields of a branch that failed, and a load another field shares must still answer it."""

import asyncio

from core.web.graphql.dataloaders import Loader


def loader_held() -> tuple[Loader[int, str], asyncio.Event]:
    """A loader whose batch waits for the event, so that its callers are pending meanwhile."""
    go = asyncio.Event()

    async def batch(keys: list[int]) -> list[str]:
        await go.wait()
        return [f"row {k}" for k in keys]

    return Loader(batch), go


async def _cancelled_then_shared(first) -> str:
    loader, go = loader_held()
    cancelled = asyncio.ensure_future(first(loader))
    shared = asyncio.ensure_future(loader.load(1))
    await asyncio.sleep(0)  # both wait on the batch
    cancelled.cancel()
    await asyncio.sleep(0)
    go.set()
    return await shared


async def test_a_cancelled_load_leaves_the_shared_key_loading():
    assert await _cancelled_then_shared(lambda loader: loader.load(1)) == "row 1"


async def test_a_cancelled_level_leaves_its_keys_loading():
    """A level's keys load under one shield (``load_many``): cancelling the level's await must not
    cancel a key another field awaits too."""
    assert await _cancelled_then_shared(lambda loader: loader.load_many([1, 2])) == "row 1"
    loader, go = loader_held()
    go.set()
    assert await loader.load_many([3, 4]) == ["row 3", "row 4"]
