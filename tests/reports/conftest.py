import pytest

from tests.apprentices.conftest import Factory


@pytest.fixture
def make(world):
    return Factory(world)
