"""The plugin system: the contract between the core and a jurisdiction's plugin.

- :mod:`.hookspecs`: the hooks, the one documented contract;
- :mod:`.declarations`: what ``register_*`` hooks return (checked pydantic models);
  :mod:`.formschema`: builders for form JSON Schemas;
- :mod:`.registry`: what the installed plugins declared, as the rest of the core reads it;
- :mod:`.manager`: finding plugins, checking their declarations, failing loudly at start-up.

Plugin authors import from :mod:`core` itself (``from core import hookimpl, RegionDecl``).
"""
