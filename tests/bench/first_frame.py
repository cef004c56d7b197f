"""The app's first frame as a user meets it: from the moment the command starts (the
interpreter, imports and opening the index included) to the article list painted.

    python -m tests.bench.first_frame INDEX_DIR STARTED_AT   (seconds since the epoch, at launch)
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from tests.bench.app import first_frame


def main() -> None:
    index_dir, started = Path(sys.argv[1]), float(sys.argv[2])
    asyncio.run(first_frame(index_dir))
    print(f"{(time.time() - started) * 1000:.1f}")


if __name__ == "__main__":
    main()
