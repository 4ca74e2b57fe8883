"""The health check reports the database, the broker and the storage."""

from tests.factories import site_client


def test_healthz_reports_database_broker_and_storage(db):
    body = site_client().get("/healthz").json()
    assert body["checks"] == {"database": "ok", "broker": "ok", "storage": "ok"}
    assert body["status"] == "ok"
    assert site_client("bergen").get("/healthz").status_code == 200
