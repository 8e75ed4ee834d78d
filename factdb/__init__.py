"""factdb: a structured fact database built from news articles.

    >>> import factdb
    >>> db = factdb.connect()            # $FACTDB_URL or ./factdb.sqlite
    >>> db.claims(property="troop_count")  # a pandas DataFrame
"""

from __future__ import annotations

__version__ = "0.1.0"
__all__ = ["connect", "FactDB", "__version__"]


def __getattr__(name: str):
    # Lazy: `import factdb` (and so the CLI) must not import SQLAlchemy or pandas.
    if name in ("connect", "FactDB"):
        from . import api

        return getattr(api, name)
    raise AttributeError(f"module 'factdb' has no attribute {name!r}")
