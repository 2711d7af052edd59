"""``wushe hours``: record, correct, certificate and verify from the shell, by the same rules as GraphQL."""

import asyncio
import io

from pypdf import PdfReader
from typer.testing import CliRunner

from core.cli import app as cli
from core.testing import add_user, graphql, row_id
from tests.graphql.test_service_hours import MEMBER, organization
from tests.graphql.test_service_records import COMMUNITY, create_activity, create_volunteer


async def wushe(*args: str):
    return await asyncio.to_thread(CliRunner().invoke, cli, list(args))


async def test_hours_from_the_shell(platform, settings, client, admin_token, tmp_path):
    database = ["--database", settings.database_url]
    volunteer = row_id(await create_volunteer(client, admin_token))
    team = await organization(client, admin_token)
    held = row_id((await create_activity(client, admin_token, organizationId=team))["result"]["id"])
    await add_user(platform, "member3", "chongqing")
    assert (await graphql(client, MEMBER, {"o": team, "u": "member3"}, token=admin_token))[
        "data"]["addOrganizationMember"]["errors"] == []
    times = ["--on", "2025-05-01", "--from", "09:00", "--minutes", "120"]

    # the operator (the platform administrator) organizes nothing of the team's: refused, naming the field
    refused = await wushe("hours", "record", str(volunteer), str(held), *times, *database)
    assert refused.exit_code == 2
    assert "activity_id: only the organizer records its hours (谁组织谁记录)" in refused.output
    # the team's member records, but needs a role at the community too (to see the volunteer, record there)
    refused = await wushe("hours", "record", str(volunteer), str(held), *times, "--as", "member3", *database)
    assert refused.exit_code == 2 and "volunteer_id: no Volunteer with id" in refused.output
    assign = """mutation { assignRole(username: "member3", role: "community", region: "%s") { errors { field } } }"""
    assert (await graphql(client, assign % COMMUNITY, token=admin_token))["data"]["assignRole"]["errors"] == []
    done = await wushe("hours", "record", str(volunteer), str(held), *times, "--as", "member3", *database)
    assert done.exit_code == 0, done.output
    entry = int(done.output.split("entry ")[1].split(":")[0])
    assert done.output.strip() == f"recorded entry {entry}: volunteer {volunteer}, 2025-05-01 09:00, 120 min"
    overlap = await wushe("hours", "record", str(volunteer), str(held), "--on", "2025-05-01", "--from", "10:00",
                          "--minutes", "30", "--as", "member3", *database)
    assert overlap.exit_code == 2 and "starts_at: 10:00–10:30 overlaps the volunteer's entry 09:00–11:00" in overlap.output

    fixed = await wushe("hours", "correct", str(entry), str(held), "--on", "2025-05-01", "--from", "09:00",
                        "--minutes", "90", "--reason", "提前结束", "--as", "member3", *database)
    assert fixed.exit_code == 0, fixed.output
    assert fixed.output.strip().endswith(f"90 min, correcting entry {entry}")

    pdf = tmp_path / "certificate.pdf"
    issued = await wushe("hours", "certificate", str(volunteer), "--from", "2025-01-01", "--to", "2025-12-31",
                         "--pdf", str(pdf), "--as", "member3", *database)
    assert issued.exit_code == 0, issued.output
    lines = issued.output.splitlines()
    number = lines[0].removeprefix("number: ")
    assert lines[2:6] == ["issuer: 朝阳社区志愿服务队", "volunteer: 王* *****************X",
                          "period: 2025-01-01 to 2025-12-31", "hours: 1.5 (1 entries)"]
    assert number in PdfReader(io.BytesIO(pdf.read_bytes())).pages[0].extract_text()

    verified = await wushe("hours", "verify", number.lower(), *database)
    assert verified.exit_code == 0, verified.output
    assert verified.output.splitlines()[0] == f"{number}: issued"
    assert "hours: 1.5 (1 entries)" in verified.output and "王芳" not in verified.output
    unknown = await wushe("hours", "verify", "2026-AAAAAAAAAA", *database)
    assert (unknown.exit_code, unknown.output.strip()) == (1, "2026-AAAAAAAAAA: not issued")
    nobody = await wushe("hours", "certificate", str(volunteer), "--from", "2025-01-01", "--to", "2025-12-31",
                         "--as", "nobody", *database)
    assert nobody.exit_code == 2 and "no active user 'nobody'" in nobody.output
