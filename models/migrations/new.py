"""Autogenerate a revision against a scratch SQLite database at head (developer tool)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config

from models.db import MIGRATIONS, upgrade


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'scratch.db'}"
        upgrade(url)
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.set_main_option("sqlalchemy.url", url)
        command.revision(config, message=message, autogenerate=True)


if __name__ == "__main__":
    main(" ".join(sys.argv[1:]) or "schema change")
