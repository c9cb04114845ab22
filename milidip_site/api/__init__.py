"""Pieces shared by the integration API of every app (``/api/``)."""
