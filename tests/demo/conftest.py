import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST

from engagement_portal.accounts import passwords


@pytest.fixture(autouse=True)
def _cheap_password_hashing(monkeypatch):
    """Every test here loads the demo, which hashes four passwords: at the production argon2
    cost that is seconds per test. These tests are about the demo, not about hashing (tests/
    accounts covers that), so they use argon2id with its cheapest parameters."""
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher.from_parameters(CHEAPEST))
