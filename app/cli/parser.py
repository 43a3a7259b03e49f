"""Command line: `python -m app SUBCOMMAND`. Thin: parse arguments, call one function.

Heavy modules (database, web) are imported by the subcommand that needs them, so that
`extract` starts fast and never loads the database layer.
"""

from __future__ import annotations

import argparse
import sys

from app.vocabulary import ROLES


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m app", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="print the extraction of each FILE as JSON lines")
    p.add_argument("files", nargs="*", metavar="FILE")
    p.add_argument("--published", help="publication date YYYY-MM-DD for every FILE")
    p.add_argument("--manifest", help="CSV with columns path,published")

    p = sub.add_parser("serve", help="serve the web app with uvicorn")
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.add_argument("--no-migrate", action="store_true", help="do not apply migrations first")

    p = sub.add_parser("db", help="database migrations")
    dbsub = p.add_subparsers(dest="db_command", required=True)
    dbsub.add_parser("upgrade", help="apply every migration (to head)")
    down = dbsub.add_parser("downgrade", help="undo migrations (to base by default)")
    down.add_argument("revision", nargs="?", default="base")
    dbsub.add_parser("current", help="print the database's revision")

    p = sub.add_parser("users", help="manage users")
    usub = p.add_subparsers(dest="users_command", required=True)
    create = usub.add_parser("create", help="create a user (password from a prompt or stdin)")
    create.add_argument("email")
    create.add_argument("--role", choices=ROLES, default="viewer")
    create.add_argument("--password-stdin", action="store_true")

    p = sub.add_parser("tokens", help="API tokens for scripts")
    tsub = p.add_subparsers(dest="tokens_command", required=True)
    tcreate = tsub.add_parser("create", help="create a token for EMAIL and print it once")
    tcreate.add_argument("email")
    tcreate.add_argument("--name", help="what the token is for")

    p = sub.add_parser("ingest", help="store articles from files and folders (recursively)")
    p.add_argument("paths", nargs="*", metavar="PATH")
    p.add_argument("--manifest", help="CSV with columns path[,published,title,outlet,url]")
    p.add_argument("--workers", type=int, help="extraction processes (default: CPU count)")
    p.add_argument("--batch-size", type=int, default=250, help="articles per commit")
    p.add_argument(
        "--keep-empty",
        action="store_true",
        help="store articles from which nothing is extracted (else they are reported as failed)",
    )

    p = sub.add_parser("export", help="write the whole dataset as JSON Lines and CSV")
    p.add_argument("folder")
    p = sub.add_parser("import", help="load an export into an empty database")
    p.add_argument("folder")

    p = sub.add_parser("incidents", help="incidents: the real happenings events report")
    isub = p.add_subparsers(dest="incidents_command", required=True)
    isub.add_parser(
        "rebuild", help="re-resolve every event into incidents (keeps editors' decisions)"
    )

    p = sub.add_parser("sample", help="the bundled sample corpus (app/sample/)")
    ssub = p.add_subparsers(dest="sample_command", required=True)
    ssub.add_parser("load", help="store the sample reports (labelled as sample data)")
    ssub.add_parser("remove", help="delete every sample article")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        from app.cli.extract import run_extract

        if not args.files and not args.manifest:
            print("error: give FILE... or --manifest FILE.csv", file=sys.stderr)  # noqa: T201
            return 2
        return run_extract(args.files, published=args.published, manifest=args.manifest)

    from app.cli import commands

    return commands.dispatch(args)
