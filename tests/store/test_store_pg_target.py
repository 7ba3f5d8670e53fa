"""Naming a PostgreSQL store in messages: host and database, never the password."""

from __future__ import annotations

import pytest

from sitrep.store import StoreError, is_postgres_url, masked
from sitrep.store.pg_target import Target


@pytest.mark.parametrize("url, shown", [
    ("postgresql://desk:s3cret@db.example:6543/sitrep", "postgresql://desk:***@db.example:6543/sitrep"),
    ("postgresql://desk@db.example/sitrep", "postgresql://desk@db.example/sitrep"),
    ("postgresql://db.example/sitrep?password=s3cret&sslmode=require",
     "postgresql://db.example/sitrep?password=***&sslmode=require"),
    ("host=db.example dbname=sitrep password='s3 cret'", "host=db.example dbname=sitrep password=***"),
])
def test_masked_hides_the_password(url: str, shown: str) -> None:
    assert masked(url) == shown
    assert "s3" not in masked(url)


def test_target_names_host_port_and_database() -> None:
    target = Target.parse("postgresql://desk:s3cret@db.example:6543/sitrep")
    assert str(target) == "PostgreSQL database 'sitrep' on db.example:6543"
    error = target.error("cannot connect", RuntimeError(
        'connection failed: connection to server at "10.0.0.5", port 6543 failed: '
        'FATAL:  password authentication failed for user "desk" (password s3cret)'))
    assert str(error) == ("PostgreSQL database 'sitrep' on db.example:6543: cannot connect "
                          '(password authentication failed for user "desk" (password ***))')
    assert Target.parse("postgresql:///sitrep?host=/run/pg").host == "socket /run/pg"


def test_a_malformed_url_is_refused_without_echoing_it() -> None:
    with pytest.raises(StoreError) as info:
        Target.parse("postgresql://desk:s3cret@db.example/sitrep?no_such_option=1")
    assert "s3cret" not in str(info.value)


def test_which_targets_are_postgres() -> None:
    assert is_postgres_url("postgresql://x/y") and is_postgres_url("POSTGRES://x/y")
    assert not is_postgres_url("/home/me/store") and not is_postgres_url(None)
