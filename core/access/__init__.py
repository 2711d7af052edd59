"""Who may do what, where: the access layer and the permissions behind it.

- :mod:`.grants`: the principal of a request and the SQL that limits what it sees and changes (one
  ``Grant`` gives both the list filter and the single-object check);
- :mod:`.policy`: the Casbin policy (roles × tiers × resources × actions), an immutable snapshot per
  version; :mod:`.vocabulary`: the resources and actions, and the ``resource:action@tier`` notation;
- :mod:`.principal`: building a principal from a user's role assignments; :mod:`.tokens`: the bearer
  tokens that name the user; :mod:`.delegation`: handing roles on never escalates; :mod:`.known_regions`:
  regions by path, read once per worker and policy version;
- :mod:`.audit`: the append-only audit log of every change of permissions and every full read.

Casbin decides whether a role may act on a resource at a tier; the grants turn those decisions into
SQL, so nothing is ever checked row by row.
"""
