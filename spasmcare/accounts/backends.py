from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError
from django.db import connections, router

from spasmcare.unchanged import remembered


class AccountBackend(ModelBackend):
    """Django's model backend, fetching the signed-in person with one plain query.

    get_user runs on every request a signed-in person makes, and the ORM spent several times
    longer building that one-row query than the database took to answer it (on the benchmark
    machine 255 µs through the ORM, 92 µs through raw(), 35 µs like this), and while the
    database is unchanged the row is remembered (spasmcare/unchanged.py). Each column still
    goes through the converters the ORM would apply (aware datetimes, booleans on SQLite)."""

    def get_user(self, user_id):
        User = get_user_model()
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None
        alias = router.db_for_read(User)
        # The row is remembered, not the object: each request gets its own to change.
        values = remembered(("user", pk), lambda: fetch_row(User, pk, connections[alias]), using=alias)
        if values is None:
            return None
        user = User.from_db(alias, [field.attname for field in User._meta.concrete_fields], values)
        return user if self.user_can_authenticate(user) else None


def fetch_row(model, pk, connection) -> tuple | None:
    """One row's values in concrete-field order, converted as the ORM would."""
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
