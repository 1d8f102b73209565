"""What the GraphQL layers share, below both: global ids, errors, the Node interface and connections, the
records every change reports, and the enums. It imports ``graph/`` only; ``resolvers/`` and ``schema/`` import
it, and never each other upwards (tests/test_layers.py)."""
