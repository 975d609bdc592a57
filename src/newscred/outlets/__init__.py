"""Outlet ratings (cited, user-editable lists) and lookalike-domain detection."""
