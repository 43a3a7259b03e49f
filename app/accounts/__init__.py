"""Accounts: users.py (creation, lookup, sign-in), tokens.py (API tokens for scripts),
passwords.py (argon2 password hashing, API token hashing), admin.py (the admin page's
changes to accounts, audit-logged). The sign-in limit is web middleware: app/web/rate_limit.py.
"""
