"""The seed folder ships inside factdb as ``factdb.seeds``.

It holds the demo corpus (five real news articles), the curated entity
registry (``registry.yml``), the curated membership history
(``memberships.yml``) and curated claim annotations (``annotations/``).
``factdb load`` falls back to this registry and history when the folders it
loads have none of their own. This file only makes the folder findable
through ``importlib.resources``; it is not an article and the loader ignores it.
"""
