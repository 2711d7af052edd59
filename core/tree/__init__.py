"""The tier tree's vocabulary: tiers (:mod:`.tiers`) and paths (:mod:`.paths`).

Pure values that every layer uses. The ``region`` table is in :mod:`core.models.region`; adding,
moving and seeding regions is in :mod:`core.services.regions`.
"""
