"""What routing a query to the read pool costs a request (docs/scaling.md, "Read replicas").

The same query, sequentially, against two platforms on one PostgreSQL database: one reading from the
primary, one whose queries go to a read pool (``WUSHE_DATABASE_READ_URL``) on the same database. The
difference is the routing's own cost — the document looked up, the token check's transaction on the
primary ended, a session opened on the read pool — without a standby's network or lag. Each round
initialises a new database (``init``), then times ``--requests`` queries after ``--warmup``.

    python bench/replica.py postgresql://postgres@127.0.0.1:5432/test [--rounds 3] [--requests 300]
"""

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from litestar.testing import AsyncTestClient
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).parent))
from approle import app_url

from core.config import Settings
from core.platform import Platform
from core.testing.databases import postgres_database
from core.web.app import create_app

QUERY = '{ region(path: "chongqing/qianjiang/zhengyang") { name children { name } } }'


async def p50(settings: Settings, requests: int, warmup: int) -> float:
    """The median milliseconds of one query on a new platform with ``settings``."""
    platform = Platform.create(settings)
    try:
        await platform.init()
        await platform.load_signing_key()
        async with AsyncTestClient(app=create_app(platform)) as client:
            headers = {"Authorization": f"Bearer {await platform.token_for('admin')}"}
            times = []
            for number in range(warmup + requests):
                started = time.perf_counter()
                answer = await client.post("/graphql", json={"query": QUERY}, headers=headers)
                if number >= warmup:
                    times.append(time.perf_counter() - started)
                if answer.status_code != 200 or "errors" in answer.json():
                    raise RuntimeError(f"the query failed: {answer.text}")
        return statistics.median(times) * 1000
    finally:
        await platform.dispose()


async def run(server: str, rounds: int, requests: int, warmup: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {"primary": [], "read pool": []}
    for _ in range(rounds):  # interleaved: the machine's noise falls on both alike
        for database in postgres_database(server):
            application = app_url(database)
            plain = Settings(database_url=application, database_pool_size=5, database_max_overflow=5,
                             owner_database_url=database)
            found["primary"].append(await p50(plain, requests, warmup))
        for database in postgres_database(server):
            application = app_url(database)
            reads = make_url(application).update_query_dict({"application_name": "wushe_reads"})
            routed = Settings(database_url=application, database_read_url=reads.render_as_string(hide_password=False),
                              database_pool_size=5, database_max_overflow=5, owner_database_url=database)
            found["read pool"].append(await p50(routed, requests, warmup))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("server", help="a PostgreSQL URL whose user may create databases (each round makes its own)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=30)
    args = parser.parse_args()
    found = asyncio.run(run(args.server, args.rounds, args.requests, args.warmup))
    for name, values in found.items():
        print(f"{name}: p50 {statistics.median(values):.2f} ms (median of {len(values)} rounds: "
              f"{', '.join(f'{v:.2f}' for v in values)})")
    ratio = statistics.median(found["read pool"]) / statistics.median(found["primary"])
    print(f"read pool / primary: {ratio:.2f}x")


if __name__ == "__main__":
    main()
