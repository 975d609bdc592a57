"""The embedded article store (SQLite)."""
