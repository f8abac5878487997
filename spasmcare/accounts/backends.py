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
        connection = connections[router.db_for_read(User)]
        columns = [field.get_col(User._meta.db_table) for field in User._meta.concrete_fields]
        sql = (
            f"SELECT {', '.join(connection.ops.quote_name(c.target.column) for c in columns)}"
            f" FROM {connection.ops.quote_name(User._meta.db_table)}"
            f" WHERE {connection.ops.quote_name(User._meta.pk.column)} = %s"
        )
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:
            return None

        def query():
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

        # The row is remembered, not the object: each request gets its own to change.
        values = remembered(("user", pk), query, using=connection.alias)
        if values is None:
            return None
        user = User.from_db(connection.alias, [c.target.attname for c in columns], values)
        return user if self.user_can_authenticate(user) else None
