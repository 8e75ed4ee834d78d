"""The web view: ``factdb serve`` on Datasette (optional extra ``factdb[web]``).

See :mod:`factdb.web.serve` (``serve``, ``make_datasette``) and docs/browse.md.
Nothing is imported here so ``factdb`` works without Datasette installed.
"""
