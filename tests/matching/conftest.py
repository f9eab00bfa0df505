import pytest

from app.matching import services


@pytest.fixture(autouse=True)
def fresh_index(app):
    """Every matching test starts and ends without a cached per-process index."""
    services.reset_cache()
    yield
    services.reset_cache()
