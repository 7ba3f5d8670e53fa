"""An invented situation (feed and config) bundled for trying sitrep offline."""

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent
EXAMPLE_FEED = EXAMPLES / "example-feed.xml"
EXAMPLE_CONFIG = EXAMPLES / "example-config.toml"
