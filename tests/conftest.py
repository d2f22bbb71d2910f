"""Shared test fixtures: where the shared material is, and the sample built once per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# CI clones the project next to a copy of shared/; a session works in /work/main beside /work/shared.
SHARED = Path(os.environ.get("TEIEDITION_TEST_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "roberts-1995-rapallo.txt"
GOLD = SHARED / "gold" / "seed_gold.json"
TEI_ALL_RNG = SHARED / "schemas" / "tei_all.rng"
FRUS = SHARED / "corpus" / "docs" / "frus-history-ch02.txt"
SAMPLE_TEI = ROOT / "tei" / "roberts-1995-rapallo.xml"


def require_tool(name: str) -> str:
    """Path of a system tool the test drives; in CI a missing tool is a failure, not a skip."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; .ci/run installs it")
        pytest.skip(f"{name} is not installed (bash .ci/run installs it)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.fail(f"shared material not found at {SHARED}; set TEIEDITION_TEST_SHARED")
    return SHARED


@pytest.fixture(scope="session")
def jing() -> str:
    return require_tool("jing")


# ---------------------------------------------------------------- headless Chromium

CHROMIUM = Path(os.environ.get("TEIEDITION_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def _missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; .ci/run installs it")
    pytest.skip(f"{what} is missing (bash .ci/run installs it)")


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless, for the chapter pages' and the book site's browser tests."""
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        _missing(f"Chromium at {CHROMIUM} (Debian package chromium)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS, headless=True)
        yield b
        b.close()
