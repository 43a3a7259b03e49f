"""The command line, `python -m app SUBCOMMAND` (app/__main__.py): parser.py parses and
dispatches; commands.py runs the database-backed subcommands; extract.py, ingest.py and
sample.py are `extract`, `ingest` and `sample`.

Imports nothing: `extract` must load no database or web module (tests/test_architecture.py).
"""
