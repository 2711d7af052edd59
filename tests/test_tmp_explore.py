import json
H = lambda t: {"Authorization": f"Bearer {t}", "Content-Type": "application/json"}
SUB = 'mutation($d: JSON!) { submitForm(form: "x", region: "tianjin", data: $d) { errors { field message } } }'
async def test_explore(app, client, admin_token):
    app.debug = True
    for n in (990, 50000):
        body = ('{"query": ' + json.dumps(SUB) + ', "variables": {"d": ' + "[" * n + "]" * n + '}}').encode()
        r = await client.post("/graphql", content=body, headers=H(admin_token))
        print("CASE", r.status_code, r.text[-1500:])
