"""Links to pages named by data (an actor's name): the name as one escaped path segment.

A name is data, never a path: "Islamic Resistance in Iraq/IRI" is one segment
(`%2F`), and the routes that take a name accept a "/" in it (`{name:path}`).
"""

from __future__ import annotations

from urllib.parse import quote


def actor_url(name: str) -> str:
    """The actor page of any name (the route is `/actors/{name:path}`)."""
    return "/actors/" + quote(name, safe="")
