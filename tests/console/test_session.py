"""Signing in to the console: the API's accounts and tokens, in an HttpOnly SameSite=Strict cookie,
every POST held to a CSRF token; /graphql's bearer-token clients unchanged."""

from core.web.console.session import CSRF_COOKIE, SESSION_COOKIE
from tests.console.people import PASSWORD, csrf_of, person, signed_in

ME = {"query": "{ me { username } }"}


def set_cookies(response) -> dict[str, str]:
    return {h.split("=", 1)[0]: h for h in response.headers.get_list("set-cookie")}


async def test_the_console_is_served_at_the_root_and_asks_to_sign_in(client):
    response = await client.get("/", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/console/sign-in"
    csrf = set_cookies(response)[CSRF_COOKIE]  # the first answer gives the CSRF cookie
    assert "HttpOnly" in csrf and "samesite=strict" in csrf.lower()
    page = await client.get("/console/sign-in")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text and "用户名" in page.text and "密码" in page.text


async def test_pages_allow_scripts_only_from_the_platform_and_no_framing(client):
    page = await client.get("/console/sign-in")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "frame-ancestors 'none'" in policy
    assert "<script>" not in page.text  # no inline script the policy would block


async def test_the_scripts_are_served_from_the_package(client):
    response = await client.get("/console/static/htmx.min.js")
    assert response.status_code == 200
    assert b"htmx" in response.content[:2000]


async def test_sign_in_sets_an_httponly_strict_cookie_and_shows_the_roles(platform, client):
    await person(platform, "bureau", "panjin", "county_bureau", "panjin/shuangtaizi")
    response = await signed_in(client, "bureau")
    assert response.status_code == 303, response.text
    cookie = set_cookies(response)[SESSION_COOKIE]
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower() and "Path=/" in cookie
    home = await client.get("/")
    assert home.status_code == 200
    assert "bureau" in home.text and "county_bureau" in home.text and "panjin/shuangtaizi" in home.text
    assert "志愿者 · 查看" in home.text  # volunteer:read, named in zh-CN from the vocabulary


async def test_a_wrong_password_is_told_beside_the_field_and_sets_nothing(platform, client):
    await person(platform, "bureau", "panjin")
    response = await signed_in(client, "bureau", "not-the-password-1")
    assert response.status_code == 400
    assert 'id="password-error"' in response.text and "wrong username or password" in response.text
    assert SESSION_COOKIE not in set_cookies(response)


async def test_a_post_without_the_csrf_token_is_refused(platform, client):
    await person(platform, "bureau", "panjin")
    await client.get("/console/sign-in")  # the CSRF cookie is set, but the form's token is left out
    response = await client.post("/console/sign-in", data={"username": "bureau", "password": PASSWORD})
    assert response.status_code == 403
    assert SESSION_COOKIE not in set_cookies(response)
    forged = await client.post("/console/sign-in", data={"username": "bureau", "password": PASSWORD,
                                                         "_csrf_token": "0" * 128})
    assert forged.status_code == 403


async def test_graphql_takes_no_cookie_and_bearer_clients_are_unchanged(platform, client, admin_token):
    await person(platform, "bureau", "panjin")
    await signed_in(client, "bureau")
    assert client.cookies.get(SESSION_COOKIE)
    refused = await client.post("/graphql", json=ME)  # the console's cookie is no API credential
    assert refused.status_code == 401
    answered = await client.post("/graphql", json=ME, headers={"Authorization": f"Bearer {admin_token}"})
    assert answered.status_code == 200 and answered.json()["data"]["me"]["username"] == "admin"


async def test_signing_out_revokes_the_token(platform, client):
    await person(platform, "bureau", "panjin")
    await signed_in(client, "bureau")
    token = client.cookies.get(SESSION_COOKIE)
    home = await client.get("/")
    response = await client.post("/console/sign-out", data={"_csrf_token": csrf_of(home.text)}, follow_redirects=False)
    assert response.status_code == 303
    api = await client.post("/graphql", json=ME, headers={"Authorization": f"Bearer {token}"})
    assert api.status_code == 401  # the token the cookie held is revoked, as logout revokes it
    client.cookies.set(SESSION_COOKIE, token)
    again = await client.get("/", follow_redirects=False)
    assert again.status_code == 303 and again.headers["location"] == "/console/sign-in"


async def test_an_htmx_request_without_a_session_is_sent_to_sign_in(client):
    response = await client.get("/", headers={"HX-Request": "true"}, follow_redirects=False)
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/console/sign-in"
