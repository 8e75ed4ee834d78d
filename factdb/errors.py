"""Error types. Each says what went wrong and, where it can, what to do next."""

from __future__ import annotations


class FactdbError(Exception):
    """Base class for errors shown to the user without a traceback."""

    exit_code = 1


class LoadError(FactdbError):
    """An input file cannot be loaded. ``path`` and optional ``line`` locate it."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = message
        where = path or ""
        if path and line is not None:
            where = f"{path}:{line}"
        super().__init__(f"{where}: {message}" if where else message)


class NotAnArticle(LoadError):
    """A readable page or feed item that is not an article (a listing, a paywall teaser,
    an empty or too short text). The loader skips it with ``reason``; it is not a failure."""


class RegistryError(LoadError):
    """The entity registry (or another curated seed file) is malformed."""


class AnnotationError(LoadError):
    """A curated annotation file is malformed."""


class NotFound(FactdbError):
    """A name or id the user asked for does not exist."""

    def __init__(self, message: str, suggestions: list[str] | None = None):
        self.suggestions = list(suggestions or [])
        super().__init__(message)


class DatabaseError(FactdbError):
    """The database cannot be used (unreachable, unknown revision...)."""

    exit_code = 2
