"""Files are kept apart per municipality: locally by default, in S3 (moto on loopback) when set."""

import socket

import boto3
import pytest
from django.core.files.base import ContentFile
from django_tenants.utils import schema_context
from moto.server import ThreadedMotoServer

from fritt.files.storage import TenantFileSystemStorage, TenantS3Storage


def test_local_storage_puts_each_schema_in_its_own_folder(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    storage = TenantFileSystemStorage()
    with schema_context("k4601"):
        name = storage.save("dokumenter/avtale.pdf", ContentFile(b"%PDF-1.4 bergen"))
        assert storage.url(name).startswith("/media/k4601/")
    with schema_context("k5001"):
        assert not storage.exists(name)
    assert (tmp_path / "k4601" / name).read_bytes() == b"%PDF-1.4 bergen"


@pytest.fixture(scope="module")
def s3_endpoint():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_settings(settings, s3_endpoint, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    settings.AWS_STORAGE_BUCKET_NAME = "fritt-test"
    settings.AWS_S3_ENDPOINT_URL = s3_endpoint
    settings.AWS_S3_REGION_NAME = "eu-north-1"
    client = boto3.client(
        "s3", endpoint_url=s3_endpoint, region_name="eu-north-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )  # fmt: skip
    client.create_bucket(
        Bucket="fritt-test", CreateBucketConfiguration={"LocationConstraint": "eu-north-1"}
    )
    yield client
    for obj in client.list_objects_v2(Bucket="fritt-test").get("Contents", []):
        client.delete_object(Bucket="fritt-test", Key=obj["Key"])
    client.delete_bucket(Bucket="fritt-test")


def test_s3_storage_prefixes_keys_with_the_schema(db, s3_settings):
    storage = TenantS3Storage()
    with schema_context("k4601"):
        name = storage.save("dokumenter/avtale.pdf", ContentFile(b"%PDF-1.4 bergen"))
        with storage.open(name) as fh:
            assert fh.read() == b"%PDF-1.4 bergen"
        url = storage.url(name)
    keys = [o["Key"] for o in s3_settings.list_objects_v2(Bucket="fritt-test")["Contents"]]
    assert keys == [f"k4601/{name}"]
    assert "X-Amz-Signature=" in url  # private objects, signed links only
    with schema_context("k5001"):
        assert not storage.exists(name)
    with schema_context("public"):
        national = storage.save("leverandorer/x.pdf", ContentFile(b"x"))
    assert s3_settings.head_object(Bucket="fritt-test", Key=f"public/{national}")


def test_healthz_checks_s3_when_it_is_the_default_storage(db, s3_settings, settings):
    from django.core.files.storage import storages

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "fritt.files.storage.TenantS3Storage"},
    }
    storages._storages.pop("default", None)
    from tests.factories import site_client

    try:
        assert site_client().get("/healthz").json()["checks"]["storage"] == "ok"
    finally:
        storages._storages.pop("default", None)
