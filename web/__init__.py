"""The HTTP side: sign-in (bearer tokens) and what sits between the network and the API."""
