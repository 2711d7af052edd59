"""The five built-in plugins: what the core's own test suite runs against.

The suite's expectations (the tenants, the demo data, the docs that commands print) are those of
the five built-ins, so ``tests/conftest.py`` sets ``WUSHE_PLUGINS`` to them for every test and every
command a test runs, and a test that loads plugins itself passes ``only=BUILT_IN``. Another plugin
installed beside them (a jurisdiction's own) is then left out of the core's tests, and tested by its
own (tests/test_extra_plugin.py runs a part of the suite with one installed, to show it).
"""

BUILT_IN = ("chongqing", "hebei", "panjin", "qianjiang", "tianjin")
