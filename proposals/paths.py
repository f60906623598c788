"""Where the project's files live, found from the package so nothing depends on the cwd."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = PROJECT_ROOT / "templates"
STATIC = PROJECT_ROOT / "static"
SAMPLES = PROJECT_ROOT / "samples"
MIGRATIONS = PROJECT_ROOT / "migrations"
DEMO = Path(__file__).resolve().parent / "demo"
