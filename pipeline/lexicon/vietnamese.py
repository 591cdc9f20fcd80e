"""Vietnamese spelling helpers built on the data underthesea ships."""
from __future__ import annotations

import importlib.util
import pickle
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np

# Vietnamese letters beyond a-z, lower case: with a tone mark, and the bare vowels and đ with other marks.
TONED_VOWELS = "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
MARKED_LETTERS = "ăâđêôơư"


@lru_cache(maxsize=None)
def character_table(kind: str) -> np.ndarray:
    """Whether each BMP code point is of `kind`: "letter", "cased" (a letter that has a case: not CJK, say),
    "lower" (a lower-case letter), "decimal" (a digit, as the patterns' \\d) or "vietnamese" (a Vietnamese
    letter beyond a-z, either case)."""
    if kind == "vietnamese":
        table = np.zeros(0x10000, bool)
        table[[ord(c) for c in (TONED_VOWELS + MARKED_LETTERS).upper() + TONED_VOWELS + MARKED_LETTERS]] = True
        return table
    test = {"letter": str.isalpha, "cased": lambda c: c.isupper() or c.islower(), "lower": str.islower,
            "decimal": str.isdecimal}[kind]
    return np.fromiter(map(test, map(chr, range(0x10000))), bool, 0x10000)


def code_points(text: str) -> np.ndarray:
    """The text's code points as indices into a `character_table`; those beyond the BMP, where no letter or
    digit of these documents lies, are left out (so the array is shorter than the text when there are any)."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    return codes[codes <= 0xFFFF] if text and codes.max() > 0xFFFF else codes


def count_of(kind: str, text: str) -> int:
    """How many characters of `text` are of `kind` (see `character_table`), counted in one vectorized pass."""
    return int(character_table(kind)[code_points(text)].sum())


@lru_cache(maxsize=4096)
def traditional_tone_marks(name: str) -> str:
    """A name with its tone marks in the traditional place (Thuỷ → Thủy, Hoà → Hòa, Uỷ → Ủy), the
    gazetteers' spelling, by underthesea's text-normalization rules (`spelling_rules`) applied word by
    word as its `text_normalize` applies them token by token. A name the rules would change beyond its
    tone marks is kept as printed."""
    if not _TONE_ON_SECOND_VOWEL.search(name):
        return name  # no oa, oe or uy with the tone on its second vowel: nothing to move
    out = _WORD.sub(_traditional_word, name)
    return out if len(out) == len(name) and _bare(out) == _bare(name) else name


# New-style placement puts the tone of oa, oe, uy on the second vowel (Hoá, Thuỷ); traditional, on the first.
_TONE_ON_SECOND_VOWEL = re.compile("[oOuU][àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ]")
_WORD = re.compile(r"[^\W\d_]+")


def _traditional_word(word: re.Match) -> str:
    """underthesea's `token_normalize` of one word: words of up to six letters have their characters, then
    the whole word, looked up in its rules."""
    text = word.group(0)
    if len(text) > 6:
        return text
    characters, words = spelling_rules()
    for non_standard, standard in characters.items():
        text = text.replace(non_standard, standard)
    return words.get(text, text)


@lru_cache(maxsize=1)
def spelling_rules() -> tuple[dict[str, str], dict[str, str]]:
    """underthesea's text-normalization rules: character → character (ð → đ) and word → word (about
    2,900 misspelt syllables, most with a tone mark on the wrong vowel: hoà → hòa). Read straight from the
    package's data file (a plain pickle, which its own code loads with joblib): importing underthesea
    costs half a second of each worker's start."""
    package = Path(importlib.util.find_spec("underthesea").submodule_search_locations[0])
    rules_file = max((package / "pipeline" / "text_normalize").glob("tn_rules_*.bin"))  # the newest, dated
    with rules_file.open("rb") as f:
        rules = pickle.load(f)
    return rules["character"], rules["token"]


def _bare(s: str) -> str:
    """Letters without diacritics or spaces."""
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn").replace(" ", "")


@lru_cache(maxsize=1)
def syllables() -> frozenset[str]:
    """The Vietnamese syllables of underthesea's 74,000-word dictionary (about 11,000), lower case,
    without its entries that hold no vowel (abbreviations such as ch, tp, km).
    The file is read straight from the installed package: importing underthesea costs half a second."""
    package = Path(importlib.util.find_spec("underthesea").submodule_search_locations[0])
    words = (package / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8")
    entries = set(unicodedata.normalize("NFC", words.lower()).split())
    return frozenset(w for w in entries if w.isalpha() and _VOWEL.search(w))


_VOWEL = re.compile(f"[aeiouy{TONED_VOWELS}ăâêôơư]")


_TONE_MARKS = dict.fromkeys(map(ord, "\u0300\u0301\u0303\u0309\u0323"))  # grave, acute, tilde, hook, dot


def without_tones(text: str) -> str:
    """The text with its tone marks taken off and its other marks kept ("kiểm" → "kiêm", "Đồng" → "Đông")."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFD", text).translate(_TONE_MARKS))


@lru_cache(maxsize=1)
def _two_syllable_words() -> tuple[frozenset[str], dict[str, str]]:
    """underthesea's words of two syllables, and those of them by their spelling without tone marks where
    only one word is spelt so ("kiêm tra" → "kiểm tra"; "kiêm nhiêm", both "kiêm nhiệm" and "kiểm nghiệm",
    is left out)."""
    package = Path(importlib.util.find_spec("underthesea").submodule_search_locations[0])
    text = (package / "corpus" / "data" / "Viet74K.txt").read_text(encoding="utf-8")
    words = frozenset(w for w in unicodedata.normalize("NFC", text.lower()).splitlines()
                      if w.count(" ") == 1 and w.replace(" ", "").isalpha())
    by_key: dict[str, list[str]] = {}
    for word in words:
        by_key.setdefault(without_tones(word), []).append(word)
    return words, {key: found[0] for key, found in by_key.items() if len(found) == 1}


# the vowels whose tone marks Tesseract loses or confuses (â, ê, ô with or without a tone mark)
_CIRCUMFLEXED = re.compile("[âầấẩẫậêềếểễệôồốổỗộ]")


def mend_tone_marks(line: str) -> str:
    """An OCR line with a tone mark Tesseract lost or confused restored: where two syllables as read make
    no word, one word alone is spelt as they are without tone marks, it differs from them in one syllable
    only, a syllable with â, ê or ô that lost its mark or is no syllable as read, and neither syllable makes a word as read with its other neighbour ("Kiêm tra" → "Kiểm tra",
    "chầp hành" → "chấp hành", "Giám đôc" → "Giám đốc"; "ĐOÀN KIÊM TRA" keeps its ĐOÀN, which "đoản kiếm"
    would change too). Tesseract's Vietnamese models drop the hook or the tilde over â, ê, ô most often,
    in bold capitals above all."""
    if line.isascii():
        return line
    words, by_key = _two_syllable_words()
    tokens = line.split(" ")
    bare = [t.strip(_OPENING + _CLOSING).lower() for t in tokens]

    def word(i: int, j: int) -> bool:  # tokens i and j (i + 1 == j) make a word as read
        return 0 <= i and j < len(tokens) and f"{bare[i]} {bare[j]}" in words

    i = 0
    while i + 1 < len(tokens):
        left, right = tokens[i], tokens[i + 1]
        core = right.rstrip(_CLOSING)
        pair = f"{left} {core}".lower()
        found = None if pair in words or not (left.isalpha() and core.isalpha()) else by_key.get(without_tones(pair))
        if found is not None:
            changed = [a != b for a, b in zip(pair.split(" "), found.split(" "))]
            fixing = pair.split(" ")[changed.index(True)] if sum(changed) == 1 else ""
            # only a mark lost ("Kiêm", "đôc") or a syllable no word has ("chầp"): a syllable read with its
            # tone mark stays ("triệu đồng" is no entry of the dictionary, yet right)
            lost = without_tones(fixing) == fixing or fixing not in syllables()
            if _CIRCUMFLEXED.search(fixing) and lost and not word(i - 1, i) and not word(i + 1, i + 2):
                fixed = "".join(c.upper() if o.isupper() else c for o, c in zip(f"{left} {core}", found))
                tokens[i], tokens[i + 1] = fixed[:len(left)], fixed[len(left) + 1:] + right[len(core):]
                bare[i], bare[i + 1] = found.split(" ")
                i += 2
                continue
        i += 1
    return " ".join(tokens)


_OPENING, _CLOSING = "([\"'“‘", ".,;:)\"'”’!?"


def syllable_share(text: str) -> tuple[int, float]:
    """How many words `text` holds (letters only, once the punctuation around them is stripped: figures,
    codes such as M36 and symbols are left out) and the share of them that are Vietnamese syllables.
    Vietnamese prose scores above 0.85; a text layer whose font maps its glyphs to the wrong characters
    ("6Ӣ C‘NG 7+ѬѪ1*"), or a scanner's OCR layer without tone marks ("CQNG HOA XA HQI"), about 0.2-0.35."""
    known = syllables()
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    words = [w for w in (t.strip(_WORD_EDGES).lower() for t in text.split())
             if w.isalpha() or (_LETTER.search(w) and not _DIGIT.search(w))]
    if not words:
        return 0, 0.0
    return len(words), sum(w in known for w in words) / len(words)


_WORD_EDGES = _OPENING + _CLOSING + "-–/"
_LETTER, _DIGIT = re.compile(r"[^\W\d_]"), re.compile(r"\d")


_HORNED_O = frozenset("ơờớởỡợ")


def mend_split_syllables(line: str) -> str:
    """A PDF text line with syllables rejoined where the text layer put a space beside a letter with
    diacritics ("ĐIỀ U KHO ẢN" → "ĐIỀU KHOẢN"): two neighbours are joined when together they make a
    syllable and one of them alone is none; a u before a horned o ("TRU ỞNG": OCR splits "ươ" after the u
    and drops its horn) is read as ư when only that makes the two a syllable."""
    if line.isascii():
        return line
    known = syllables()
    tokens = unicodedata.normalize("NFC", line).split(" ")
    out: list[str] = []
    i = 0
    while i < len(tokens):
        left = tokens[i]
        if i + 1 < len(tokens):
            right = tokens[i + 1]
            a, b = left.lstrip(_OPENING).lower(), right.rstrip(_CLOSING).lower()
            if (a.isalpha() and b.isalpha() and not (a[-1].isascii() and b[0].isascii())
                    and (a not in known or b not in known)):
                if a + b in known:
                    out.append(left + right)
                    i += 2
                    continue
                if a[-1] == "u" and b[0] in _HORNED_O and a[:-1] + "ư" + b in known:
                    out.append(left[:-1] + ("Ư" if left[-1] == "U" else "ư") + right)
                    i += 2
                    continue
        out.append(left)
        i += 1
    return " ".join(out)


def is_upper(text: str) -> bool:
    """Whether at least 80 % of the cased letters are capitals (headings, header blocks), judged on the first
    400 characters (no heading is longer; a paragraph of 1,600 characters need not be counted through)."""
    text = text[:400]
    upper, lower = sum(map(str.isupper, text)), sum(map(str.islower, text))
    return upper + lower > 0 and upper >= 0.8 * (upper + lower)


def mend_eth(text: str) -> str:
    """Tesseract's Vietnamese model reads a Đ as Đ and an eth ("Quyết định số 94/QĐÐ-ĐCT", "14/BCĐÐCTMTQG"):
    a run of the two with an eth in it is one Đ."""
    if "Ð" not in text and "ð" not in text:
        return text
    return _ETH_RUN.sub("Đ", _ETH_RUN_LOWER.sub("đ", text))


_ETH_RUN, _ETH_RUN_LOWER = re.compile("[ĐÐ]*Ð[ĐÐ]*"), re.compile("[đð]*ð[đð]*")
