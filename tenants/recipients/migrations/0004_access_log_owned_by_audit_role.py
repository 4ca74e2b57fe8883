"""The access log changes hands to the audit role, so the app's own role can only read and add.

The trigger of 0002 stops UPDATE, DELETE and TRUNCATE, but the table's owner can disable it
and a superuser can skip it; see tenants/recipients/dbguard.py for the roles and the function.
"""

from django.db import migrations

from tenants.recipients.dbguard import IS_INSTALLED_SQL, SEAL_FUNCTION


def seal(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute(IS_INSTALLED_SQL)
        if not cursor.fetchone()[0]:
            # Failing is the point: a municipality must never go live with a log its app
            # role could rewrite.
            raise RuntimeError(
                f"{SEAL_FUNCTION} is not installed in this database. A database admin runs "
                "`manage.py install_access_log_guard --app-role <the app's role>` once "
                "(README, Environment settings); `make run`/`make test` do it themselves."
            )
        cursor.execute(f"SELECT {SEAL_FUNCTION}(%s)", [connection.schema_name])


class Migration(migrations.Migration):
    dependencies = [("recipients", "0003_login_confirmation_and_input_bounds")]

    # Taking ownership back needs the audit role; the app role cannot, by design.
    operations = [migrations.RunPython(seal, migrations.RunPython.noop)]
