"""Copy the demo mails into $YUDESK_HOME/mail/inbox/new once (a second `make run` adds nothing)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from yudesk.settings import get_settings

HERE = Path(__file__).parent


def load_demo_inbox() -> int:
    settings = get_settings()
    inbox = settings.maildir_root / "inbox"
    stamp = settings.home / ".demo-loaded"
    if stamp.exists():
        return 0
    count = 0
    for source in sorted((HERE / "inbox").glob("*.eml")):
        tmp = inbox / "tmp" / f"demo.{source.stem}"
        shutil.copyfile(source, tmp)
        os.rename(tmp, inbox / "new" / f"demo.{source.stem}")
        count += 1
    stamp.write_text("demo inbox loaded\n")
    return count


if __name__ == "__main__":
    delivered = load_demo_inbox()
    print(f"demo inbox: {delivered} messages delivered to {get_settings().maildir_root / 'inbox'}")
