"""Administrative units from the data that the `vietnamadminunits` package ships.

`legacy()` is the three-tier map in force before 1 July 2025 (63 provinces, districts, communes);
`reform()` the two-tier map after it (34 provinces, communes), and `successor()` the unit a legacy
commune became (the package's converter table). Names are compared folded (NFC, lower case, one
tone-mark placement) so "Định Hoá" finds "Định Hóa".
"""
from __future__ import annotations

import importlib.util
import json
import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.lexicon.vietnamese import without_tones

_TONE_PLACEMENT = {  # new-style → old-style placement, the gazetteer's spelling
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}


# Only an open syllable moves its tone mark ("hoà" ~ "hòa"); "hoàng" is spelt one way.
_NEW_STYLE = re.compile("(?:" + "|".join(_TONE_PLACEMENT) + r")(?![^\W\d_])")


@lru_cache(maxsize=1 << 16)
def fold_name(name: str) -> str:
    """A comparison key for a place name: NFC, lower case, old-style tone placement, single spaces."""
    s = unicodedata.normalize("NFC", name).lower()
    s = _NEW_STYLE.sub(lambda m: _TONE_PLACEMENT[m.group(0)], s)
    return " ".join(s.split())


def toneless(name: str) -> str:
    """A place name's key without its tone marks (its other marks kept: "Thượng Ân" and "Thượng Ấn" meet,
    "Tân" and "Tăn" do not)."""
    return without_tones(fold_name(name))


def _without_diacritics() -> dict[int, str | None]:
    """A str.translate table: each Latin letter with diacritics to its base letter, combining marks removed."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = unicodedata.normalize("NFD", chr(code))[0]
        if base != chr(code) and base.isascii():
            table[code] = base
    table.update({code: None for code in range(0x300, 0x370)})
    return table


_ASCII = _without_diacritics()
_NOT_ASCII_KEY = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=4096)
def ascii_key(name: str) -> str:
    """The converter's key for a full name: no diacritics, no spaces ("Tỉnh Cao Bằng" → "tinhcaobang")."""
    return _NOT_ASCII_KEY.sub("", name.lower().translate(_ASCII))


@dataclass(frozen=True)
class Unit:
    province: str        # short names, as printed in documents ("Cao Bằng", "Thạch An")
    district: str | None
    commune: str | None
    district_type: str | None
    commune_type: str | None
    code: str
    lat: float | None = None
    lon: float | None = None
    full_names: tuple[str, str, str] | None = None  # a legacy commune's province, district, commune in full

    @property
    def key(self) -> str | None:
        """The converter's key of a legacy commune: province_district_commune (made when asked for: the
        documents need it for the few communes they name, not for the 10,000 of the map)."""
        return "_".join(map(ascii_key, self.full_names)) if self.full_names else None


@dataclass(frozen=True)
class NewUnit:
    """A commune-level unit of the map in force from 1 July 2025."""
    province: str
    commune: str
    commune_type: str
    code: str
    lat: float | None
    lon: float | None


class Gazetteer:
    def __init__(self, rows: list[tuple]):
        self.provinces: dict[str, str] = {}
        self.districts: dict[str, list[Unit]] = {}
        self.communes: dict[str, list[Unit]] = {}
        self._in_district: dict[str, list[Unit]] = {}
        self._in_province: dict[str, list[Unit]] = {}
        self._named_in_province: dict[tuple[str, str], list[Unit]] = {}  # (folded name, folded province)
        self._toneless: dict[tuple[str, str], list[Unit]] | None = None
        seen_districts = set()
        for (province, district, commune, district_type, commune_type, province_code, district_code,
             commune_code, lat, lon, full_province, full_district, full_commune) in rows:
            self.provinces.setdefault(fold_name(province), province)
            if (province, district, district_type, district_code) not in seen_districts:
                seen_districts.add((province, district, district_type, district_code))
                self.districts.setdefault(fold_name(district), []).append(
                    Unit(province, district, None, district_type, None, district_code))
            if commune:  # districts without communes (island districts) have a NULL row
                unit = Unit(province, district, commune, district_type, commune_type, commune_code, lat, lon,
                            (full_province, full_district, full_commune))
                self.communes.setdefault(fold_name(commune), []).append(unit)
                self._in_district.setdefault(fold_name(district), []).append(unit)
                self._in_province.setdefault(fold_name(province), []).append(unit)
                self._named_in_province.setdefault((fold_name(commune), fold_name(province)), []).append(unit)

    def communes_of(self, district: str, province: str | None = None) -> list[Unit]:
        """Every commune of a district."""
        units = self._in_district.get(fold_name(district), [])
        return [u for u in units if province is None or fold_name(u.province) == fold_name(province)]

    def communes_in_province(self, province: str) -> list[Unit]:
        return self._in_province.get(fold_name(province), [])

    def districts_of(self, province: str) -> list[str]:
        """Names of the district-level units of a province."""
        return sorted({u.district for u in self.communes_in_province(province)})

    def province(self, name: str) -> str | None:
        return self.provinces.get(fold_name(name))

    def find_districts(self, name: str, province: str | None = None) -> list[Unit]:
        found = self.districts.get(fold_name(name), [])
        return [u for u in found if province is None or fold_name(u.province) == fold_name(province)]

    def find_communes(self, name: str, district: str | None = None,
                      province: str | None = None) -> list[Unit]:
        key = fold_name(name)
        units = self.communes.get(key, []) if province is None else \
            self._named_in_province.get((key, fold_name(province)), [])
        return [u for u in units if district is None or fold_name(u.district) == fold_name(district)]

    def find_communes_toneless(self, name: str, province: str) -> list[Unit]:
        """The communes of a province spelt as `name` is but for tone marks ("Thượng Ấn" as OCR read
        "Thượng Ân")."""
        if self._toneless is None:
            self._toneless = {}
            for units in self._named_in_province.values():
                for u in units:
                    self._toneless.setdefault((toneless(u.commune), fold_name(u.province)), []).append(u)
        return self._toneless.get((toneless(name), fold_name(province)), [])


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
            " provinceCode, districtCode, wardCode, wardLat, wardLon, province, district, ward"
            " FROM admin_units_legacy").fetchall()
    return Gazetteer(rows)


@lru_cache(maxsize=1)
def _reform() -> tuple[dict[tuple[str, str], NewUnit], dict[str, str]]:
    with sqlite3.connect(f"file:{_database()}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT provinceShort, wardShort, wardType, wardCode, wardLat, wardLon,"
                          " provinceKey, wardKey FROM admin_units").fetchall()
    units = {(pk, wk): NewUnit(p, w, t, c, lat, lon) for p, w, t, c, lat, lon, pk, wk in rows}
    provinces = {pk: p for p, *_, pk, _ in rows}
    return units, provinces


@lru_cache(maxsize=1)
def _converter() -> dict[str, tuple[str, str]]:
    """Legacy commune key → (new province key, new commune key); a divided commune → its default part."""
    data = json.loads((_database().parent / "converter_2025.json").read_text(encoding="utf-8"))
    out: dict[str, tuple[str, str]] = {}
    for province, wards in data["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_ward, old_keys in wards.items():
            for old in old_keys:
                out.setdefault(old, (province, new_ward))
    for province, olds in data["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, parts in olds.items():
            default = next((p for p in parts if p.get("isDefaultNewWard")), parts[0])
            out.setdefault(old, (province, default["newWardKey"]))
    return out


def successor(unit: Unit) -> NewUnit | None:
    """The commune-level unit a legacy commune became on 1 July 2025 (None when not known)."""
    target = _converter().get(unit.key or "")
    return _reform()[0].get(target) if target else None


@lru_cache(maxsize=1)
def reform_index() -> dict[str, list[NewUnit]]:
    """The units of the post-2025 map by folded name."""
    index: dict[str, list[NewUnit]] = {}
    for u in _reform()[0].values():
        index.setdefault(fold_name(u.commune), []).append(u)
    return index


def reform_communes(name: str, province: str | None = None) -> list[NewUnit]:
    """Units of the post-2025 map with this name (in this province, when given)."""
    return [u for u in reform_index().get(fold_name(name), [])
            if province is None or fold_name(u.province) == fold_name(province)]


def reform_communes_toneless(name: str, province: str) -> list[NewUnit]:
    """Units of the post-2025 map of a province spelt as `name` is but for tone marks."""
    return [u for u in _reform_toneless().get(toneless(name), []) if fold_name(u.province) == fold_name(province)]


@lru_cache(maxsize=1)
def _reform_toneless() -> dict[str, list[NewUnit]]:
    index: dict[str, list[NewUnit]] = {}
    for units in reform_index().values():
        for u in units:
            index.setdefault(toneless(u.commune), []).append(u)
    return index


def load_maps() -> None:
    """Read both maps and the 2025 converter now rather than on first use."""
    legacy(), reform_index(), _converter()
