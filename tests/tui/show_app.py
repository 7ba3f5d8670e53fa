"""Open the dashboard on the sample situation, for looking at it by hand:

    .venv/bin/python tests/tui/show_app.py [--hostile] [--store DIR]

The store goes in a temporary folder unless --store names one.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import tui_sample  # noqa: E402

from sitrep.tui.app import SitrepApp  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--hostile", action="store_true")
    parser.add_argument("--picture", action="store_true",
                        help="the situation-picture sample (board, tally, timeline, map)")
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    folder = args.store or Path(tempfile.mkdtemp(prefix="sitrep-tui-"))
    if args.picture:
        import picture_sample

        store = picture_sample.fill(folder / "store")
        SitrepApp(store, picture_sample.config()).run()
        store.close()
        return
    batch = tui_sample.sample_batch() + (tui_sample.hostile_batch() if args.hostile else [])
    store = tui_sample.fill(folder, batch)
    SitrepApp(store, tui_sample.config()).run()
    store.close()


if __name__ == "__main__":
    main()
