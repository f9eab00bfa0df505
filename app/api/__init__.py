"""The JSON API at /api/v1: one module per resource, documented by flask-smorest."""

from .core import init_api

__all__ = ["init_api"]
