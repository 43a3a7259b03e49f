"""The database-backed CLI subcommands (`serve`, `db`, `users`); see app/cli/parser.py."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from sqlalchemy import func, select

from app.accounts.tokens import create_token
from app.accounts.users import UserError, create_user, get_user_by_email
from app.config import get_settings
from app.db import migrate, transfer
from app.db.engine import get_engine, get_sessionmaker
from app.db.migrate import upgrade_database
from app.models import Event


def run_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    if not args.no_migrate:
        upgrade_database()
    if settings.load_sample:
        load_sample_into_empty_database()
    host, port = args.host or settings.host, args.port or settings.port
    print(f"Serving the tracker on http://{host}:{port}  (Ctrl-C to stop)", flush=True)  # noqa: T201
    uvicorn.run(
        "app.main:app",
        host=host,
        port=port,
        log_level="info",
        proxy_headers=True,
        forwarded_allow_ips=settings.forwarded_allow_ips,
    )
    return 0


def load_sample_into_empty_database() -> None:
    """`serve` on a database with no articles: load the bundled sample (app/cli/sample.py)."""
    from app.cli.sample import describe, load_sample_if_empty

    with get_sessionmaker(write=True)() as session:
        summary = load_sample_if_empty(session=session)
    if summary is not None:
        print(f"{describe(summary)}; remove with: python -m app sample remove", flush=True)  # noqa: T201


def run_sample(args: argparse.Namespace) -> int:
    from app.cli.sample import run_sample as sample

    return sample(args)


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
        with get_sessionmaker(write=True)() as session, session.begin():
            user = create_user(session=session, email=args.email, password=password, role=args.role)
            print(f"created {user.role} {user.email}")  # noqa: T201
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    return 0


def run_tokens(args: argparse.Namespace) -> int:
    with get_sessionmaker(write=True)() as session, session.begin():
        user = get_user_by_email(session=session, email=args.email)
        if user is None:
            print(f"error: no user {args.email}", file=sys.stderr)  # noqa: T201
            return 1
        print(create_token(session=session, user=user, name=args.name))  # noqa: T201
    return 0


def run_export(args: argparse.Namespace) -> int:
    with get_engine().connect() as conn:
        counts = transfer.export_dataset(conn, Path(args.folder))
    total = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
    print(f"exported to {args.folder}: {total or 'no rows'}")  # noqa: T201
    return 0


def run_import(args: argparse.Namespace) -> int:
    upgrade_database_schema_only()
    try:
        with get_engine().begin() as conn:
            counts = transfer.import_dataset(conn, Path(args.folder))
    except (transfer.TransferError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)  # noqa: T201
        return 1
    total = ", ".join(f"{n} {name}" for name, n in counts.items() if n)
    print(f"imported from {args.folder}: {total or 'no rows'}")  # noqa: T201
    return 0


def upgrade_database_schema_only() -> None:
    url = get_settings().db_url
    migrate.upgrade(url)


def run_ingest(args: argparse.Namespace) -> int:
    from app.cli.ingest import run_ingest as ingest

    if not args.paths and not args.manifest:
        print("error: give PATH... or --manifest FILE.csv", file=sys.stderr)  # noqa: T201
        return 2
    if (args.workers is not None and args.workers < 1) or args.batch_size < 1:
        print("error: --workers and --batch-size must be 1 or more", file=sys.stderr)  # noqa: T201
        return 2
    return ingest(
        args.paths,
        manifest=args.manifest,
        workers=args.workers,
        batch_size=args.batch_size,
        keep_empty=args.keep_empty,
    )


def run_incidents(args: argparse.Namespace) -> int:
    """`incidents rebuild`: after the rules in app/data/incidents.yaml change."""
    from app.incidents.service import rebuild

    assert args.incidents_command == "rebuild"
    upgrade_database()
    with get_sessionmaker(write=True)() as session, session.begin():
        incidents = rebuild(session)
        events = session.scalar(select(func.count(Event.id))) or 0
    print(f"resolved {events} events into {incidents} incidents")  # noqa: T201
    return 0


HANDLERS = {
    "ingest": run_ingest,
    "serve": run_serve,
    "db": run_db,
    "users": run_users,
    "tokens": run_tokens,
    "export": run_export,
    "import": run_import,
    "sample": run_sample,
    "incidents": run_incidents,
}


def dispatch(args: argparse.Namespace) -> int:
    return HANDLERS[args.command](args)
