"""Query results remembered for as long as the database has not changed.

SQLite counts changes: `PRAGMA data_version` moves when any other connection commits (another
worker, the reminder process, a management command) and the connection's `total_changes` when
it writes itself. While both stand still every query answers as it did before, so a page served
from the page cache needn't ask again for the session, the person and the versions its key is
made of. On the benchmark machine those four queries cost a signed-in page more than all the
rest of serving it; reading the two counters costs about a microsecond.

Only outside transactions: inside one, a write could still be rolled back after a result was
remembered. On other databases nothing is remembered (nor would this work on an in-memory
SQLite database whose connections share one cache; settings.py gives tests a file). Results
are kept as they come from the database (strings, tuples), never as objects a caller could
change.
"""

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")
MAX_RESULTS = 10_000


def remembered(key: Hashable, compute: Callable[[], T], using: str = DEFAULT_DB_ALIAS) -> T:
    """compute()'s result, or the one it gave earlier if nothing has been written since."""
    connection = connections[using]
    if connection.vendor != "sqlite" or connection.in_atomic_block or not connection.get_autocommit():
        return compute()
    connection.ensure_connection()
    raw = connection.connection
    if raw.in_transaction:  # one begun behind Django's back
        return compute()
    state = (raw, raw.execute("PRAGMA data_version").fetchone()[0], raw.total_changes)
    memo = getattr(connection, "_spasmcare_remembered", None)
    if memo is None or memo[0] != state or len(memo[1]) >= MAX_RESULTS:
        memo = connection._spasmcare_remembered = (state, {})
    results = memo[1]
    try:
        return results[key]
    except KeyError:
        # Computed after the counters were read, so a commit in between can only make the
        # result newer than its state; the next call sees the counters moved and forgets it.
        results[key] = value = compute()
        return value


def fetch_row(model, pk, connection) -> tuple | None:
    """One row by primary key in plain SQL, in concrete-field order, each value converted as
    the ORM would (aware datetimes, booleans on SQLite): the rows remembered above."""
    quote = connection.ops.quote_name
    columns = [field.get_col(model._meta.db_table) for field in model._meta.concrete_fields]
    sql = (
        f"SELECT {', '.join(quote(c.target.column) for c in columns)}"
        f" FROM {quote(model._meta.db_table)} WHERE {quote(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, column in zip(row, columns, strict=True):
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(connection):
            value = convert(value, column, connection)
        values.append(value)
    return tuple(values)


def forget(using: str = DEFAULT_DB_ALIAS) -> None:
    """Drop everything remembered on this thread's connection (for measuring a cold page)."""
    connections[using]._spasmcare_remembered = None
