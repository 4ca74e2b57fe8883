"""Every test here uploads documents: they go to the test's own folder."""

import pytest


@pytest.fixture(autouse=True)
def _media(media):
    pass
