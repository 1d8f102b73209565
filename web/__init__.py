"""The HTTP layer's own pieces: ASGI middleware and routes that need no GraphQL."""
