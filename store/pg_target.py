"""Naming a PostgreSQL store for the user without ever showing its password.

Every message about a PostgreSQL store (a refused login, a lost connection,
an unknown schema) names the host and the database, because that is what the
analyst has to check, and is built here so that no path can leak the
password written in the URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

from sitrep.domain.textsafe import one_line
from sitrep.store.errors import StoreError

_SCHEMES = ("postgresql://", "postgres://")
_PASSWORD_KV = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&]+)", re.IGNORECASE)


def is_postgres_url(target: object) -> bool:
    return isinstance(target, str) and target.lower().startswith(_SCHEMES)


def masked(url: str) -> str:
    """The URL with its password replaced by ***, for messages and listings."""
    url = _PASSWORD_KV.sub(r"\1***", url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unreadable URL>"
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


@dataclass(frozen=True, slots=True)
class Target:
    """Where a PostgreSQL store lives: the URL to connect with, and its name."""

    url: str
    host: str
    port: str
    dbname: str
    password: str | None

    @classmethod
    def parse(cls, url: str) -> Target:
        from psycopg import ProgrammingError
        from psycopg.conninfo import conninfo_to_dict

        try:
            params = conninfo_to_dict(url)
        except ProgrammingError:
            # libpq's own message may quote the URL, password included.
            raise StoreError(f"not a valid PostgreSQL URL: {masked(url)}") from None
        host = str(params.get("host") or "localhost")
        if host.startswith("/"):
            host = f"socket {host}"
        user = params.get("user")
        return cls(
            url=url,
            host=host,
            port=str(params.get("port") or "5432"),
            dbname=str(params.get("dbname") or user or "postgres"),
            password=None if params.get("password") is None else str(params["password"]),
        )

    def __str__(self) -> str:
        return f"PostgreSQL database {self.dbname!r} on {self.host}:{self.port}"

    def reason(self, exc: BaseException) -> str:
        """One line of a driver error, with the password struck out if it appears."""
        text = str(exc).strip() or type(exc).__name__
        if self.password:
            text = text.replace(self.password, "***")
        text = _PASSWORD_KV.sub(r"\1***", text)
        # libpq prefixes its messages with the address it tried; we say it once.
        text = re.sub(r"^(?:connection failed:\s*)?connection to server (?:at|on) .*? failed:\s*",
                      "", text, flags=re.S)
        text = re.sub(r"^(FATAL|ERROR):\s+", "", text)
        return one_line(text, 200)

    def error(self, what: str, exc: BaseException | None = None) -> StoreError:
        message = f"{self}: {what}"
        if exc is not None:
            message += f" ({self.reason(exc)})"
        return StoreError(message)
