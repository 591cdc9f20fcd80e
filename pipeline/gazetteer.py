"""Administrative units from the SQLite data that the `vietnamadminunits` package ships.

Only the pre-July-2025 three-tier map (63 provinces, districts, communes) is loaded here; names are
compared folded (NFC, lower case, one tone-mark placement) so "Định Hoá" finds "Định Hóa".
"""
from __future__ import annotations

import importlib.util
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

_TONE_PLACEMENT = {  # new-style → old-style placement, the gazetteer's spelling
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


def fold_name(name: str) -> str:
    """A comparison key for a place name: NFC, lower case, old-style tone placement, single spaces."""
    s = unicodedata.normalize("NFC", name).lower()
    for new, old in _TONE_PLACEMENT.items():
        s = s.replace(new, old)
    return " ".join(s.split())


@dataclass(frozen=True)
class Unit:
    province: str        # short names, as printed in documents ("Cao Bằng", "Thạch An")
    district: str | None
    commune: str | None
    district_type: str | None
    commune_type: str | None
    code: str


class Gazetteer:
    def __init__(self, rows: list[tuple]):
        self.provinces: dict[str, str] = {}
        self.districts: dict[str, list[Unit]] = {}
        self.communes: dict[str, list[Unit]] = {}
        for (province, district, commune, district_type, commune_type,
             province_code, district_code, commune_code) in rows:
            self.provinces.setdefault(fold_name(province), province)
            d = Unit(province, district, None, district_type, None, district_code)
            bucket = self.districts.setdefault(fold_name(district), [])
            if d not in bucket:
                bucket.append(d)
            if commune:  # districts without communes (island districts) have a NULL row
                self.communes.setdefault(fold_name(commune), []).append(
                    Unit(province, district, commune, district_type, commune_type, commune_code))

    def province(self, name: str) -> str | None:
        return self.provinces.get(fold_name(name))

    def find_districts(self, name: str, province: str | None = None) -> list[Unit]:
        found = self.districts.get(fold_name(name), [])
        return [u for u in found if province is None or fold_name(u.province) == fold_name(province)]

    def find_communes(self, name: str, district: str | None = None,
                      province: str | None = None) -> list[Unit]:
        return [u for u in self.communes.get(fold_name(name), [])
                if (district is None or fold_name(u.district) == fold_name(district))
                and (province is None or fold_name(u.province) == fold_name(province))]


def _database() -> Path:
    """The package's data file, found without importing the package (which pulls in pandas)."""
    spec = importlib.util.find_spec("vietnamadminunits")
    return Path(spec.submodule_search_locations[0]) / "data" / "dataset.db"


@lru_cache(maxsize=1)
def legacy() -> Gazetteer:
    """The three-tier map in force before 1 July 2025."""
    with sqlite3.connect(f"file:{_database()}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT provinceShort, districtShort, wardShort, districtType, wardType,"
            " provinceCode, districtCode, wardCode FROM admin_units_legacy").fetchall()
    return Gazetteer(rows)
