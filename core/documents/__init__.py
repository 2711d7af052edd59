"""What the jurisdictions' documents put in force at a region, as their plugins declared it.

- :mod:`.targets`: which targets apply where, inherited down the tree;
- :mod:`.forms`: which forms are available, and submissions validated against their version;
- :mod:`.rules`: running declared rules against a record.

"Documents" are the policy documents (政策文件); Casbin's rules are the access *policy*
(:mod:`core.access.policy`).
"""
