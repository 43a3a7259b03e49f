"""The database layer: engine.py (engine, sessions, transactions, the declarative base),
migrate.py (Alembic from the app), health.py (the health check), transfer.py (whole-dataset
export and import). Re-exports nothing: import the module you need.
"""
