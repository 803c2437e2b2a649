"""Shared test set-up: the tests run against the INSTALLED caspian_prisma (the
wheel in the venv), never the source tree, unless CASPIAN_TEST_FROM_SOURCE=1."""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

if os.environ.get("CASPIAN_TEST_FROM_SOURCE") == "1":
    sys.path.insert(0, os.path.join(ROOT, "python"))
