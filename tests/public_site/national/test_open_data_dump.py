"""The nightly dump of the open data: written by the beat task into S3 (moto on loopback),
downloaded from one stable URL linked from the open-data page."""

import csv
import io
import json
import zipfile

from django.conf import settings

from public_site.national.tasks import dump_open_data
from tests.factories import site_client
from tests.platform.files import test_storage

# The S3 fixtures (moto on loopback) of the storage tests.
s3_endpoint = test_storage.s3_endpoint
s3_settings = test_storage.s3_settings

DUMP_URL = "/apne-data/fritt-brukervalg.zip"


def test_beat_sends_the_dump_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["dump-open-data"]
    assert entry["task"] == "public_site.national.tasks.dump_open_data"
    assert entry["schedule"].hour == {2} and entry["schedule"].minute == {30}


def test_nightly_dump_is_in_s3_and_downloaded_from_a_stable_url(s3_settings, bergen_announcement):
    page = site_client().get("/apne-data/").content.decode()
    assert DUMP_URL not in page  # nothing to link to before the first night
    assert site_client().get(DUMP_URL).status_code == 404

    first = dump_open_data.apply().get()
    keys = [o["Key"] for o in s3_settings.list_objects_v2(Bucket="fritt-test")["Contents"]]
    assert keys == [f"public/{first}"]
    assert DUMP_URL in site_client().get("/apne-data/").content.decode()

    response = site_client().get(DUMP_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert 'filename="fritt-brukervalg-apne-data.zip"' in response["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = set(archive.namelist())
    for table in ("kunngjoringer", "leverandorer", "tjenestetyper", "kommuner"):
        assert {f"{table}.json", f"{table}.csv"} <= names
    assert {"ordninger.json", "satser.csv", "vilkar.csv", "LISENS.txt"} <= names
    assert "NLOD" in archive.read("LISENS.txt").decode()
    (announcement,) = json.loads(archive.read("kunngjoringer.json"))
    assert announcement["id"] == bergen_announcement.pk
    assert announcement["host"] == "4601"
    rows = list(csv.DictReader(io.StringIO(archive.read("kunngjoringer.csv").decode())))
    assert [r["title"] for r in rows] == [bergen_announcement.title]
    (scheme,) = json.loads(archive.read("ordninger.json"))
    assert scheme["announcement"] == bergen_announcement.pk and scheme["rates"]
    services = json.loads(archive.read("tjenestetyper.json"))
    assert "praktisk-bistand" in {s["code"] for s in services}
    assert len(json.loads(archive.read("kommuner.json"))) == 357

    # The next night's dump replaces it under the same URL; older ones are pruned.
    second = dump_open_data.apply().get()
    assert second != first
    assert site_client().get(DUMP_URL).status_code == 200
