"""Password hashing with argon2id (argon2-cffi's RFC 9106 low-memory profile), and the rules
a new password must meet."""

import functools
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from argon2.profiles import RFC_9106_LOW_MEMORY
from flask_babel import gettext as _

_hasher = PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)

# Verified against when no account matches, so that a wrong e-mail takes as long as a wrong
# password and timing does not reveal who has an account.
_DUMMY_HASH = _hasher.hash("not a real password: timing equaliser")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return _hasher.check_needs_rehash(stored_hash)


# NCSC and NIST SP 800-63B: length, not composition rules. The upper bound keeps hashing cheap
# enough that a huge "password" cannot be used to tie up the server.
MIN_LENGTH = 12
MAX_LENGTH = 1000


# Passwords seen in breaches and most often chosen (ASVS 2.1.7, NIST SP 800-63B 5.1.1.2). The
# list ships with the code; its source and licence are in the file's header. Nothing is fetched.
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The list, lower-cased, read once per process on first use."""
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as lines:
        for line in lines:  # the licence header ends at the first empty line
            if not line.strip():
                break
        return frozenset(line.rstrip("\n") for line in lines if line.rstrip("\n"))


def is_common(password: str) -> bool:
    """Whether the password is on the list, whatever its capital letters."""
    return password.lower() in common_passwords()


def password_problem(password: str | None) -> str | None:
    """Why this password cannot be used (in the reader's language), or None if it can."""
    if not password or len(password) < MIN_LENGTH:
        return _("Password must be %(count)d characters or more", count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Password must be 1,000 characters or fewer")
    if is_common(password):
        return _(
            "This password is on a list of common passwords that people try first. "
            "Choose one that is harder to guess, such as three random words"
        )
    return None
