# SPDX-License-Identifier: MIT
"""Fixtures of the python/annals tests: the annals binary beside libannals, the
sample corpus, one Coder per session. Run by tests/cli/python.sh (ctest cli_python):
    ANNALS_LIB=build/libannals.so ANNALS_BIN=build/annals /usr/bin/python3 -m pytest -q python/tests
"""
import json
import os
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(SRC, "python"))

import annals  # noqa: E402


@pytest.fixture(scope="session")
def annals_bin():
    b = os.environ.get("ANNALS_BIN") or os.path.join(SRC, "build", "annals")
    assert os.access(b, os.X_OK), f"{b}: no annals binary (set ANNALS_BIN)"
    return b


@pytest.fixture(scope="session")
def corpus():
    return os.path.join(SRC, "examples", "corpus")


@pytest.fixture(scope="session")
def coder():
    with annals.Coder() as c:
        yield c


def run_annals(annals_bin, *args, stdin=None):
    """stdout of annals (bytes); any exit status but 2 (usage/setup error)."""
    p = subprocess.run([annals_bin, *args, "--no-progress", "--no-summary"], input=stdin,
                       capture_output=True, check=False)
    assert p.returncode != 2, p.stderr.decode()
    return p.stdout


def events_of(jsonl_bytes):
    return [json.loads(line) for line in jsonl_bytes.splitlines() if line]
