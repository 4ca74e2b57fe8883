"""The access log is append-only, enforced by the database: UPDATE and DELETE raise."""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION recipients_access_log_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'tilgangsloggen kan ikke endres eller slettes (%)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON recipients_accesslogentry
    FOR EACH ROW EXECUTE FUNCTION recipients_access_log_append_only();

CREATE TRIGGER access_log_no_truncate
    BEFORE TRUNCATE ON recipients_accesslogentry
    FOR EACH STATEMENT EXECUTE FUNCTION recipients_access_log_append_only();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS access_log_no_truncate ON recipients_accesslogentry;
DROP TRIGGER IF EXISTS access_log_append_only ON recipients_accesslogentry;
DROP FUNCTION IF EXISTS recipients_access_log_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("recipients", "0001_initial")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
