r"""Make the databases of ``tests/core/test_migrations.py`` as the last release before migrations did.

Run it with that release's code first on the path (a checkout of commit 3ad13e8), then dump::

    git archive 3ad13e8 | tar -x -C /tmp/previous
    PYTHONPATH=/tmp/previous python tests/core/previous_release/make.py sqlite:////tmp/previous.db
    sqlite3 /tmp/previous.db .dump > tests/core/previous_release/sqlite.sql
    PYTHONPATH=/tmp/previous python tests/core/previous_release/make.py postgresql://postgres@127.0.0.1/previous
    pg_dump --inserts --no-owner --no-privileges postgresql://postgres@127.0.0.1/previous \
      | sed '/^\\\(un\)\?restrict /d' > tests/core/previous_release/postgresql.sql

(the ``\restrict`` lines are psql's meta-commands, which the tests' loader does not run).

``wushe init`` of the ``chongqing`` and ``qianjiang`` plugins (keys generated and kept in the
database, as by default), then an organization, a social worker and a volunteer through GraphQL:
dated rows, and personal data encrypted under the stored key.
"""

import asyncio
import sys

from litestar.testing import AsyncTestClient

from core.config import Settings
from core.platform import Platform
from core.testing import graphql
from core.web.app import create_app

ORGANIZATION = """mutation($input: SocialOrganizationInput!) {
  createSocialOrganization(input: $input) { result { id } errors { field message } } }"""
WORKER = """mutation($input: SocialWorkerInput!) {
  createSocialWorker(input: $input) { result { id } errors { field message } } }"""
VOLUNTEER = """mutation($input: VolunteerInput!) {
  createVolunteer(input: $input) { result { id } errors { field message } } }"""


async def make(url: str) -> None:
    platform = Platform.create(Settings(database_url=url, env="development", plugins=["chongqing", "qianjiang"]))
    try:
        await platform.init()
        await platform.load_signing_key()
        token = await platform.token_for("admin")
        async with AsyncTestClient(app=create_app(platform)) as client:
            for query, values in (
                (ORGANIZATION, {"name": "正阳街道社会工作服务中心", "orgType": "SOCIAL_WORK_AGENCY", "registration": "REGISTERED",
                                "creditCode": "51500000MJP5000008", "grade": 5, "fullTimeStaff": 6,
                                "region": "chongqing/qianjiang/zhengyang", "establishedOn": "2019-05-01"}),
                (WORKER, {"name": "王芳", "idNumber": "11010519491231002X", "certificateLevel": "INTERMEDIATE",
                          "post": "SOCIAL_WORK_STATION", "region": "chongqing/qianjiang/zhengyang"}),
                (VOLUNTEER, {"name": "李明", "region": "chongqing/qianjiang/zhengyang/chaoyang", "registeredOn": "2021-03-01"}),
            ):
                body = await graphql(client, query, {"input": values}, token=token)
                payload = next(iter(body["data"].values()))
                assert payload["errors"] == [], payload
    finally:
        await platform.dispose()


if __name__ == "__main__":
    asyncio.run(make(sys.argv[1]))
