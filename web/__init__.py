"""The HTTP side: sign-in (bearer tokens), the request body limit, the health routes, and what else sits
between the network and the API."""
