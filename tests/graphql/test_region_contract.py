"""The fixed part of the contract: region(path:) → name, path, tier, children, as outside clients walk it."""

from core.testing import graphql

WALK = """
query Walk($path: String!) {
  region(path: $path) {
    name path tier
    children { name path tier children { name path tier children { name path tier } } }
  }
}
"""


def communities(region: dict) -> list[str]:
    found = []
    for child in region["children"]:
        if child["tier"] == "COMMUNITY":
            found.append(child["name"])
        found.extend(communities(child) if "children" in child else [])
    return found


async def test_panjin_has_four_districts_with_5_10_10_10_communities(client, admin_token):
    body = await graphql(client, WALK, {"path": "panjin"}, token=admin_token)
    panjin = body["data"]["region"]
    assert (panjin["name"], panjin["tier"]) == ("盘锦市", "CITY")
    districts = panjin["children"]
    assert [d["name"] for d in districts] == ["盘山县", "双台子区", "兴隆台区", "大洼区"]
    assert [len(communities(d)) for d in districts] == [5, 10, 10, 10]
    assert communities(districts[0]) == ["龙祥社区", "蓝桥社区", "孙家村", "榆树村", "双桥子村"]
    assert communities(districts[3]) == [
        "大堡子村", "双海社区", "鑫源社区", "东方社区", "盛田社区",
        "东升社区", "站前社区", "小堡子村", "向阳社区", "兴盛社区",
    ]


async def test_tianjin_has_16_districts_and_24_joint_point_communities_under_11_streets(client, admin_token):
    body = await graphql(client, WALK, {"path": "tianjin"}, token=admin_token)
    tianjin = body["data"]["region"]
    assert len(tianjin["children"]) == 16
    streets = [s for d in tianjin["children"] for s in d["children"]]
    assert len(streets) == 11
    assert all(s["tier"] == "STREET" for s in streets)
    assert len(communities(tianjin)) == 24
    hexi = next(d for d in tianjin["children"] if d["name"] == "河西区")
    assert [s["name"] for s in hexi["children"]] == ["桃园街道"]
    assert [c["name"] for c in hexi["children"][0]["children"]] == ["广顺园社区", "津港路社区"]


async def test_zhengyang_has_exactly_five_communities_under_chongqing_qianjiang(client, admin_token):
    body = await graphql(client, WALK, {"path": "chongqing/qianjiang/zhengyang"}, token=admin_token)
    street = body["data"]["region"]
    assert (street["name"], street["tier"]) == ("正阳街道", "STREET")
    assert [c["name"] for c in street["children"]] == ["朝阳社区", "群力社区", "桐坪社区", "积富社区", "团结社区"]
    body = await graphql(client, WALK, {"path": "chongqing"}, token=admin_token)
    qianjiang = next(d for d in body["data"]["region"]["children"] if d["name"] == "黔江区")
    assert qianjiang["path"] == "chongqing/qianjiang"
    assert [s["name"] for s in qianjiang["children"]] == ["正阳街道"]


async def test_hebei_is_a_province_with_its_cities(client, admin_token):
    body = await graphql(client, WALK, {"path": "hebei"}, token=admin_token)
    hebei = body["data"]["region"]
    assert (hebei["name"], hebei["tier"]) == ("河北省", "PROVINCE")
    names = {c["name"] for c in hebei["children"]}
    assert len([c for c in hebei["children"] if c["tier"] == "CITY"]) >= 11
    assert {"石家庄市", "保定市", "定州市", "辛集市", "雄安新区"} <= names


async def test_unknown_path_is_a_clear_error(client, admin_token):
    body = await graphql(client, WALK, {"path": "panjin/nowhere"}, token=admin_token)
    assert body["data"] == {"region": None}
    (error,) = body["errors"]
    assert error["message"] == "path: no region at path 'panjin/nowhere'"
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "path"}


async def test_requests_without_a_valid_token_are_refused(client, admin_token):
    """No token: only the login mutation is answered (anonymously); anything else, and any bad token, is 401."""
    response = await client.post("/graphql", json={"query": "{ me { username } }"})
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"]
    response = await client.post(
        "/graphql", json={"query": "{ me { username } }"}, headers={"Authorization": "Bearer not-a-token"}
    )
    assert response.status_code == 401
    assert response.json()["detail"].startswith("invalid token")
    login = 'mutation { login(username: "admin", password: "wrong") { token errors { code } } }'
    body = await graphql(client, login)
    assert body["data"]["login"] == {"token": None, "errors": [{"code": "invalid_credentials"}]}
    response = await client.post("/graphql", json={"query": login}, headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401
    body = await graphql(client, "{ me { username platformAdmin } }", token=admin_token)
    assert body["data"]["me"] == {"username": "admin", "platformAdmin": True}
