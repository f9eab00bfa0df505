"""Consistent snapshots of the database: `flask backup` and `flask restore` (see cli.py)."""
