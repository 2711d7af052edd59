"""The platform on HTTP: the Litestar app (:mod:`.app`), bearer tokens (:mod:`.auth`), the GraphQL API
(:mod:`.graphql`), report downloads (:mod:`.downloads`), and checks of what clients send
(:mod:`.json_input`, :mod:`.addresses`)."""
