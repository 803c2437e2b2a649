"""What the end-to-end tests share besides fixtures: the repository's root,
the page's schema, the providers and the URL of a database of another name.

A module of its own (not conftest) so that a test module can import it by a
name no other test folder uses.
"""

import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
PAGE_SCHEMA = os.path.join(ROOT, "examples", "page", "prisma", "schema.prisma")

PROVIDERS = {
    "sqlite": None,
    "postgresql": "CASPIAN_TEST_POSTGRES_URL",
    "mysql": "CASPIAN_TEST_MYSQL_URL",
}


def replace_db(url: str, name: str) -> str:
    scheme, rest = url.split("://", 1)
    hostpart, _, tail = rest.partition("/")
    query = ""
    if "?" in tail:
        query = "?" + tail.split("?", 1)[1]
    return f"{scheme}://{hostpart}/{name}{query}"
