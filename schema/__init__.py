"""The GraphQL schema: strawberry types per domain, assembled in ``schema/api.py``."""
