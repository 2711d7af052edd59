"""Permissions: the Casbin policy (roles × tiers × resources × actions) and who holds which role where.

Casbin decides whether a role may act on a resource at a tier; :mod:`core.access` turns a
principal's assignments and those decisions into SQL, so nothing is ever checked row by row.
"""
