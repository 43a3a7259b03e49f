"""Password hashing (argon2) and API token hashing."""

from __future__ import annotations

import hashlib
import secrets

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

# RFC 9106's second recommendation (argon2-cffi's default): 64 MiB, 3 passes, 4 lanes.
PRODUCTION_PARAMETERS = profiles.RFC_9106_LOW_MEMORY

_hasher = PasswordHasher.from_parameters(PRODUCTION_PARAMETERS)

MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def use_hash_parameters(parameters: Parameters) -> None:
    """Hash new passwords with other argon2 parameters (the test suite's cheap ones).

    A hash carries its parameters, so verifying is unaffected either way.
    """
    global _hasher
    _hasher = PasswordHasher.from_parameters(parameters)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def new_api_token() -> str:
    return "trk_" + secrets.token_urlsafe(32)


def hash_api_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
