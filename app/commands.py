"""The database-backed CLI subcommands (`serve`, `db`, `users`); see app/cli.py."""

from __future__ import annotations

import argparse
import getpass
import sys

from app import migrate, store
from app.config import get_settings
from app.db import get_engine, get_sessionmaker
from app.tokens import create_token
from app.users import UserError, create_user, get_user_by_email


def upgrade_database() -> None:
    """Migrate to head (saying what changed), then load the actor vocabulary."""
    url = get_settings().db_url
    engine = get_engine()
    before = None if migrate.sqlite_file_missing(url) else migrate.current_revision(engine)
    head = migrate.head_revision()
    if before == head:
        print(f"database already at {head}: nothing to migrate")  # noqa: T201
    else:
        migrate.upgrade(url)
        print(f"migrated the database from {before or '(empty)'} to {head}")  # noqa: T201
    with get_sessionmaker()() as session, session.begin():
        store.sync_actors(session=session)


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    if not args.no_migrate:
        upgrade_database()
    host, port = args.host or settings.host, args.port or settings.port
    print(f"Serving the tracker on http://{host}:{port}  (Ctrl-C to stop)", flush=True)  # noqa: T201
    uvicorn.run("app.main:app", host=host, port=port, log_level="info")
    return 0


def run_db(args: argparse.Namespace) -> int:
    url = get_settings().db_url
    if args.db_command == "upgrade":
        upgrade_database()
    elif args.db_command == "downgrade":
        migrate.downgrade(url, args.revision)
    else:
        print(migrate.current_revision(get_engine()) or "(empty database)")  # noqa: T201
    return 0


def read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Repeat password: "):
        raise UserError("the passwords do not match")
    return first


def run_users(args: argparse.Namespace) -> int:
    try:
        password = read_password(args.password_stdin)
        with get_sessionmaker()() as session, session.begin():
            user = create_user(session=session, email=args.email, password=password, role=args.role)
            print(f"created {user.role} {user.email}")  # noqa: T201
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


def run_tokens(args: argparse.Namespace) -> int:
    with get_sessionmaker()() as session, session.begin():
        user = get_user_by_email(session=session, email=args.email)
        if user is None:
            print(f"error: no user {args.email}", file=sys.stderr)  # noqa: T201
            return 1
        print(create_token(session=session, user=user, name=args.name))  # noqa: T201
    return 0


HANDLERS = {"serve": run_serve, "db": run_db, "users": run_users, "tokens": run_tokens}


def dispatch(args: argparse.Namespace) -> int:
    return HANDLERS[args.command](args)
