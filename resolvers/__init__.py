"""Thin resolvers: arguments in, a ``graph/`` call (through the per-request loaders), types out."""
