"""Bergen's admin and case worker, a feed without its settle window, a webhook receiver."""

import pytest

from fritt.accounts.roles import Role
from tests.factories import WebhookReceiver, make_user


@pytest.fixture(autouse=True)
def no_settle_window(settings):
    # The test's own transaction is the only writer; its events are readable at once.
    settings.FRITT_EVENT_FEED_SETTLE_SECONDS = 0
    settings.FRITT_WEBHOOK_ALLOW_HTTP = True


@pytest.fixture
def admin(bergen):
    return make_user(Role.MUNICIPAL_ADMIN, municipality=bergen, full_name="Ada Admin")


@pytest.fixture
def case_worker(bergen):
    return make_user(Role.CASE_WORKER, municipality=bergen, full_name="Cato Case")


@pytest.fixture
def receiver():
    found = WebhookReceiver()
    yield found
    found.close()
