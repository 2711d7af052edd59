"""Malformed request bodies and parameters get a 400 that says why, never an HTTP 500 (issue #9,
break 7): bytes that are not UTF-8, JSON nested past the limit (Python's decoder overflows its
stack some thousand levels down), and text that no database column can store."""

import json

import pytest

from core.web import json_input, json_output

COMMUNITY = "chongqing/qianjiang/zhengyang/chaoyang"
SUBMIT = 'mutation($d: JSON!) { submitForm(form: "chongqing_demand_list", region: "%s", data: $d) { errors { field message } } }' % COMMUNITY
CHECK = 'query($d: JSON) { checkRules(subject: "form:chongqing_demand_list", data: $d, region: "%s") { key } }' % COMMUNITY
TEAM = 'mutation($name: String!) { createVolunteerTeam(input: {name: $name, region: "%s"}) { result { id } errors { field } } }' % COMMUNITY


def nested(levels: int, inner: str = "1") -> str:
    return '{"a":' * levels + inner + "}" * levels


def body(query: str, variables: str) -> bytes:
    return ('{"query": ' + json.dumps(query) + ', "variables": ' + variables + "}").encode()


async def post(client, content: bytes, token: str | None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return await client.post("/graphql", content=content, headers=headers)


def refused(response, *words: str) -> None:
    assert response.status_code == 400, response.text
    assert "Traceback" not in response.text and "Error:" not in response.text
    for word in words:
        assert word in response.text, response.text


async def test_a_body_that_is_not_utf8_gets_400(client, admin_token):
    refused(await post(client, b'{"query": "{ me { username } }\xff"}', admin_token), "not valid UTF-8")
    refused(await post(client, b'{"query": "{ me { username } }", "variables": {"\xc3\x28": 1}}', admin_token), "UTF-8")


async def test_a_number_python_will_not_read_gets_400(client, admin_token):
    """json.loads refuses integers of more than 4,300 digits with a ValueError Strawberry let through."""
    response = await post(client, body(CHECK, '{"d": {"n": ' + "9" * 5000 + "}}"), admin_token)
    refused(response, "JSON")


@pytest.mark.parametrize(("query", "levels"), [(CHECK, 50_000), (SUBMIT, 5_000), (SUBMIT, 990), (CHECK, 70)])
async def test_json_nested_past_the_limit_gets_400(client, admin_token, query, levels):
    response = await post(client, body(query, '{"d": ' + nested(levels) + "}"), admin_token)
    refused(response, f"at most {json_input.MAX_DEPTH}")
    arrays = await post(client, body(query, '{"d": ' + "[" * levels + "]" * levels + "}"), admin_token)
    refused(arrays, f"at most {json_input.MAX_DEPTH}")


async def test_form_data_just_inside_the_limit_is_answered_as_usual(client, admin_token):
    data = '{"items": [' + nested(json_input.MAX_DEPTH - 6) + "]}"  # query, variables, d and items take 4 (+ the list)
    response = await post(client, body(SUBMIT, '{"d": ' + data + "}"), admin_token)
    assert response.status_code == 200, response.text
    assert response.json()["data"]["submitForm"]["errors"]  # the form's schema refuses it, naming the field
    response = await post(client, body(CHECK, '{"d": ' + data + "}"), admin_token)
    assert response.status_code == 200 and "errors" not in response.json(), response.text


async def test_json_nested_in_the_document_itself_is_a_graphql_error(client, admin_token):
    for levels in (json_input.MAX_DEPTH + 1, 150, 5_000):
        query = 'mutation { submitForm(form: "chongqing_demand_list", region: "%s", data: %s) { errors { field } } }' % (
            COMMUNITY, "{a:" * levels + "1" + "}" * levels)
        response = await post(client, json.dumps({"query": query}).encode(), admin_token)
        assert response.status_code == 200, response.text
        assert response.json()["data"] is None
        [error] = response.json()["errors"]
        assert "nested too deeply" in error["message"] or f"at most {json_input.MAX_DEPTH}" in error["message"]
    inside = 'mutation { submitForm(form: "chongqing_demand_list", region: "%s", data: {items: [%s]}) { errors { field } } }' % (
        COMMUNITY, "{a:" * (json_input.MAX_DEPTH - 2) + "1" + "}" * (json_input.MAX_DEPTH - 2))
    response = await post(client, json.dumps({"query": inside}).encode(), admin_token)
    assert response.status_code == 200 and response.json()["data"]["submitForm"]["errors"], response.text


async def test_a_deep_body_without_a_token_is_refused_as_unauthenticated(client):
    """The authentication middleware reads small anonymous bodies (a login may need no token)."""
    response = await post(client, body("mutation { login(username: \"a\", password: \"b\") { token } }",
                                       '{"d": ' + "[" * 8000 + "]" * 8000 + "}"), None)
    assert response.status_code == 401, response.text


@pytest.mark.parametrize(("name", "reason"), [("\u0000", "NUL"), ("a\ud800b", "surrogate")])
async def test_text_no_column_can_store_gets_400_naming_where(client, admin_token, name, reason):
    response = await post(client, body(TEAM, json.dumps({"name": name})), admin_token)
    refused(response, "variables.name", reason)
    nested_key = await post(client, body(SUBMIT, json.dumps({"d": {"items": [{f"k{name}": 1}]}})), admin_token)
    refused(nested_key, "variables.d.items.0: a key", reason)


async def test_a_nul_in_any_export_parameter_gets_400_naming_it(client, admin_token):
    """On PostgreSQL a NUL in ``under`` reached the database and gave a 500."""
    rollup = {"under": "panjin/shuangtaizi", "by": "street", "indicators": "registered_volunteers", "year": "2026"}
    cases = [("/exports/rollup.csv", rollup, name) for name in rollup] + [("/exports/targets.xlsx", {"region": "panjin"}, "region")]
    for path, params, name in cases:
        response = await client.get(path, params={**params, name: params[name] + "\x00"},
                                    headers={"Authorization": f"Bearer {admin_token}"})
        assert response.status_code == 400, (name, response.text)
        [error] = response.json()["errors"]
        assert error["field"] == name and "NUL" in error["message"], error


def test_depth_skips_brackets_inside_strings():
    assert json_input.depth('{"a": "[[[[{{{{", "b": [1, {"c": "\\"]]]"}]}') == 3
    assert json_input.depth("[]") == 1 and json_input.depth('"x"') == 0
    assert json_input.depth("[" * 100_000) == 100_000


async def test_every_refused_token_gets_one_fixed_sentence_and_the_reason_is_logged(platform, client, caplog):
    """PyJWT's reasons ("Signature has expired", "Invalid audience" …) stay in the server's log."""
    import datetime as dt
    import logging

    import jwt

    from core.access.tokens import ISSUER, issue_token
    from core.web.auth import BAD_TOKEN

    now = dt.datetime.now(dt.UTC)
    key = platform.signing_key
    tokens = {
        "Signature has expired": issue_token("admin", key, ttl=dt.timedelta(seconds=1), now=now - dt.timedelta(hours=1)),
        "Signature verification failed": issue_token("admin", "another-key-another-key-another-key!", ttl=dt.timedelta(hours=1)),
        "Audience doesn't match": jwt.encode({"sub": "admin", "aud": "x", "iss": ISSUER, "iat": now.timestamp(),
                                        "nbf": int(now.timestamp()), "exp": int(now.timestamp()) + 60, "jti": "j"},
                                       key, algorithm="HS256"),
        "unknown or inactive user": issue_token("nobody", key, ttl=dt.timedelta(hours=1)),
        "Not enough segments": "garbage",
    }
    caplog.set_level(logging.INFO)
    for reason, token in tokens.items():
        caplog.clear()
        response = await client.post("/graphql", json={"query": "{ me { username } }"},
                                     headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 401
        assert response.json()["detail"] == BAD_TOKEN, response.text
        assert reason not in response.text
        refusals = [r for r in caplog.records if r.name == "core.web.auth"]
        assert len(refusals) == 1 and reason in refusals[0].getMessage() and not refusals[0].exc_info
        assert "Traceback" not in caplog.text


def test_a_content_length_in_other_digits_is_not_a_login_candidate():
    """``Content-Length: ²`` (byte 0xB2) passed ``isdigit()`` and then failed ``int()``: a 500 where a
    server lets the header through. Only ASCII digits make a length."""
    from litestar.connection import ASGIConnection

    from core.web.auth import _login_candidate

    def connection(length: bytes) -> ASGIConnection:
        headers = [(b"content-type", b"application/json"), (b"content-length", length)]
        return ASGIConnection({"type": "http", "method": "POST", "headers": headers})  # type: ignore[arg-type]

    assert _login_candidate(connection(b"120")) is True
    assert _login_candidate(connection(b"\xb2")) is False
    assert _login_candidate(connection("٣".encode())) is False


async def test_an_answer_is_utf8_json(client, admin_token):
    named = await client.post("/graphql", json={"query": '{ region(path: "chongqing") { name } }'},
                              headers={"Authorization": f"Bearer {admin_token}"})
    assert "重庆".encode() in named.content and b"\\u" not in named.content  # UTF-8, not escapes
    assert named.headers["content-type"].startswith("application/json")
    assert named.json() == {"data": {"region": {"name": "重庆市"}}}


def test_the_encoder_escapes_only_what_utf8_cannot_hold():
    """An unpaired surrogate never comes in (json_input refuses it), but an answer holding one is still JSON."""
    assert json_output.encode({"名": "重庆", "n": [1, 0.5, None]}) == '{"名":"重庆","n":[1,0.5,null]}'.encode()
    assert json.loads(json_output.encode({"m": "bad \ud800 end"})) == {"m": "bad \ud800 end"}
