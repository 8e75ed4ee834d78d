"""Curated and generated reference data (the ``curated/`` stage).

:mod:`factdb.curated.world` generates the country layer from ISO 3166-1
(``pycountry``) and CLDR (``Babel``); :func:`factdb.registry.world_layer` lays the
generated layer, the curated supplements (``seeds/world.yml``) and a registry
file over one another.
"""
