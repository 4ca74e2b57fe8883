"""The database guard that keeps every municipality's access log out of the app role's reach.

The app's database role creates each municipality's schema and tables (provisioning runs at
runtime, in the worker), so it would own the access log too, and an owner can disable the
append-only trigger, and a superuser can skip it with `session_replication_role`. So an audit
role (`fritt_audit`, no login) takes over, per municipality, the schema and the access-log
table, and leaves the app role CREATE on the schema and only SELECT and INSERT on the log. The
app calls `fritt_audit.seal_access_log(schema)` from a tenant migration; the function runs as
the audit role (SECURITY DEFINER) and can only ever take rights away from the app.

The guard is installed by an admin step, never by the app: the local runner does it as the
embedded server's superuser, production as the database admin with
`manage.py install_access_log_guard`. Plain SQL, no Django: the runner imports this module.
"""

from __future__ import annotations

import re

AUDIT_ROLE = "fritt_audit"
APP_ROLE = "fritt_app"
SEAL_FUNCTION = f"{AUDIT_ROLE}.seal_access_log"
CLAIM_SPARE_FUNCTION = f"{AUDIT_ROLE}.claim_spare_schema"
DROP_SPARE_FUNCTION = f"{AUDIT_ROLE}.drop_spare_schema"
DROP_MUNICIPALITY_FUNCTION = f"{AUDIT_ROLE}.drop_municipality_schema"
_ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")

# Runs as the audit role. It needs to be a member of the app role that owns the schema (to be
# allowed to take the schema and table over); the app role is never a member of the audit role.
SEAL_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION fritt_audit.seal_access_log(tenant_schema text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    app_role name;
    log_table regclass;
    fn regprocedure;
BEGIN
    IF tenant_schema IN ('public', 'information_schema', 'fritt_audit')
            OR tenant_schema LIKE 'pg\_%' THEN
        RAISE EXCEPTION 'not a municipality schema: %', tenant_schema;
    END IF;
    SELECT r.rolname INTO app_role
        FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner
        WHERE n.nspname = tenant_schema;
    IF app_role IS NULL THEN
        RAISE EXCEPTION 'schema % does not exist', tenant_schema;
    END IF;
    IF app_role = current_user THEN
        RETURN;  -- sealed already
    END IF;
    IF NOT pg_has_role(current_user, app_role, 'USAGE') THEN
        RAISE EXCEPTION 'schema % is owned by %, not by an app role this guard serves',
                tenant_schema, app_role
            USING ERRCODE = 'insufficient_privilege',
                  HINT = 'Run the app as its own role (not a superuser), guard installed for it.';
    END IF;
    SELECT c.oid::regclass INTO log_table
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = tenant_schema AND c.relname = 'recipients_accesslogentry'
            AND c.relkind = 'r';
    IF log_table IS NULL THEN
        RAISE EXCEPTION 'schema % has no access log', tenant_schema;
    END IF;

    -- The schema owner could DROP the table, so the schema changes hands too; the app keeps
    -- creating and altering its own tables in it.
    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', tenant_schema, current_user);
    EXECUTE format('GRANT USAGE, CREATE ON SCHEMA %I TO %I', tenant_schema, app_role);
    EXECUTE format('ALTER TABLE %s OWNER TO %I', log_table, current_user);
    EXECUTE format('REVOKE ALL ON TABLE %s FROM PUBLIC, %I', log_table, app_role);
    EXECUTE format('GRANT SELECT, INSERT ON TABLE %s TO %I', log_table, app_role);
    -- A trigger function the app could rewrite would run as whoever fires it (an admin).
    FOR fn IN
        SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = tenant_schema AND p.proname = 'recipients_access_log_append_only'
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', fn, current_user);
    END LOOP;
END;
$fn$
"""

# The spare-schema pool (tenants.municipalities.pool) migrates schemas ahead of time; a sealed
# spare belongs to the audit role, so only the audit role can give it its municipality's name.
# It renames nothing but an unclaimed spare to a municipality name that is still free.
CLAIM_SPARE_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION fritt_audit.claim_spare_schema(spare text, target text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF spare !~ '^spare_[a-z0-9]{1,40}$' OR target !~ '^k[0-9]{4}$' THEN
        RAISE EXCEPTION 'only a spare schema can become a municipality schema: % -> %',
            spare, target USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = spare) THEN
        RAISE EXCEPTION 'schema % does not exist', spare;
    END IF;
    EXECUTE format('ALTER SCHEMA %I RENAME TO %I', spare, target);
END;
$fn$
"""

# A stale spare (built before a new migration) holds no data; only spares can be dropped.
DROP_SPARE_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION fritt_audit.drop_spare_schema(spare text) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF spare !~ '^spare_[a-z0-9]{1,40}$' THEN
        RAISE EXCEPTION 'only a spare schema can be dropped: %', spare
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', spare);
END;
$fn$
"""


# A municipality that left is removed after the retention period (public_site.billing.leaving).
# Its schema belongs to the audit role, so only the audit role can drop it; the access log is
# not dropped with it but moved into the audit schema under a dated name, read-only, as the
# record of who saw whose data.
DROP_MUNICIPALITY_FUNCTION_SQL = r"""
CREATE OR REPLACE FUNCTION fritt_audit.drop_municipality_schema(tenant_schema text) RETURNS text
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    kept text;
    grantee text;
BEGIN
    IF tenant_schema !~ '^k[0-9]{4}$' THEN
        RAISE EXCEPTION 'only a municipality schema can be removed: %', tenant_schema
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = tenant_schema) THEN
        RETURN NULL;
    END IF;
    IF to_regclass(format('%I.recipients_accesslogentry', tenant_schema)) IS NOT NULL THEN
        kept := format('%s_accesslog_%s', tenant_schema,
                       to_char(clock_timestamp(), 'YYYYMMDD"T"HH24MISSUS'));
        EXECUTE format('ALTER TABLE %I.recipients_accesslogentry SET SCHEMA fritt_audit',
                       tenant_schema);
        EXECUTE format('ALTER TABLE fritt_audit.recipients_accesslogentry RENAME TO %I', kept);
        FOR grantee IN
            SELECT DISTINCT a.grantee::regrole::text
            FROM pg_class c, aclexplode(c.relacl) a
            WHERE c.oid = format('fritt_audit.%I', kept)::regclass
                AND a.grantee <> c.relowner AND a.grantee <> 0
        LOOP
            EXECUTE format(
                'REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON TABLE fritt_audit.%I FROM %s',
                kept, grantee);
        END LOOP;
    END IF;
    EXECUTE format('DROP SCHEMA %I CASCADE', tenant_schema);
    RETURN kept;
END;
$fn$
"""


def _role(name: str) -> str:
    if not _ROLE_NAME.match(name):
        raise ValueError(f"not a plain role name: {name!r}")
    return name


def cluster_statements(app_role: str = APP_ROLE) -> list[str]:
    """Once per server: the audit role, a member of the app role (never the other way)."""
    app = _role(app_role)
    # Role names are checked by _role() and the rest is constant: nothing here is user input.
    return [
        f"""DO $$ BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{AUDIT_ROLE}') THEN
                CREATE ROLE {AUDIT_ROLE} NOLOGIN;
            END IF;
            -- An admin that is not a superuser (a managed server) must be able to act as it.
            IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
                EXECUTE format('GRANT {AUDIT_ROLE} TO %I', current_user);
            END IF;
        END $$""",  # noqa: S608
        f"GRANT {app} TO {AUDIT_ROLE}",
    ]


def database_statements(app_role: str = APP_ROLE) -> list[str]:
    """Once per database (locally also in template1, which the test database copies)."""
    app = _role(app_role)
    return [
        f"CREATE SCHEMA IF NOT EXISTS {AUDIT_ROLE} AUTHORIZATION {AUDIT_ROLE}",
        f"REVOKE ALL ON SCHEMA {AUDIT_ROLE} FROM PUBLIC",
        f"GRANT USAGE ON SCHEMA {AUDIT_ROLE} TO {app}",
        SEAL_FUNCTION_SQL,
        f"ALTER FUNCTION {SEAL_FUNCTION}(text) OWNER TO {AUDIT_ROLE}",
        f"REVOKE ALL ON FUNCTION {SEAL_FUNCTION}(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {SEAL_FUNCTION}(text) TO {app}",
        CLAIM_SPARE_FUNCTION_SQL,
        f"ALTER FUNCTION {CLAIM_SPARE_FUNCTION}(text, text) OWNER TO {AUDIT_ROLE}",
        f"REVOKE ALL ON FUNCTION {CLAIM_SPARE_FUNCTION}(text, text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {CLAIM_SPARE_FUNCTION}(text, text) TO {app}",
        DROP_SPARE_FUNCTION_SQL,
        f"ALTER FUNCTION {DROP_SPARE_FUNCTION}(text) OWNER TO {AUDIT_ROLE}",
        f"REVOKE ALL ON FUNCTION {DROP_SPARE_FUNCTION}(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {DROP_SPARE_FUNCTION}(text) TO {app}",
        DROP_MUNICIPALITY_FUNCTION_SQL,
        f"ALTER FUNCTION {DROP_MUNICIPALITY_FUNCTION}(text) OWNER TO {AUDIT_ROLE}",
        f"REVOKE ALL ON FUNCTION {DROP_MUNICIPALITY_FUNCTION}(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION {DROP_MUNICIPALITY_FUNCTION}(text) TO {app}",
    ]


IS_INSTALLED_SQL = """
SELECT EXISTS (
    SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'fritt_audit' AND p.proname = 'seal_access_log'
)
"""
