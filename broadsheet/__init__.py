"""Broadsheet: news articles in, an entity-linked static archive out."""

__version__ = "0.1.0"
