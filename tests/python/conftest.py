"""Fixtures of the Python binding's tests.

Run by ctest (python_binding) with PYTHONPATH set to the build tree's copy of
the package (build/python, libreentry_c beside it); by hand:

    PYTHONPATH=build/python python3 -m pytest tests/python
"""

import os
from pathlib import Path

import pytest

import reentry

SOURCE_DIR = Path(os.environ.get("REENTRY_SOURCE_DIR", Path(__file__).resolve().parents[2]))


@pytest.fixture(scope="session")
def source_dir() -> Path:
    return SOURCE_DIR


@pytest.fixture(scope="module")
def engine():
    """One engine with the builtin definitions, shared by a module's tests
    (tests that load definitions make their own)."""
    with reentry.Engine() as shared:
        yield shared


# The README's demo person (examples/data/person_psa.json).
DEMO_PSA = {
    "age_at_current_arrest": 20,
    "current_violent_offense": True,
    "pending_charge": True,
    "prior_misdemeanor_conviction": True,
    "prior_felony_conviction": False,
    "prior_violent_convictions": 1,
    "prior_fta_past_two_years": 1,
    "prior_fta_older_than_two_years": False,
    "prior_sentence_to_incarceration": True,
}
