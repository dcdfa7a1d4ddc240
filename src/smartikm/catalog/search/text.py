"""Text → index tokens, the same on every engine: normalise, split, drop stopwords, stem.

PySastrawi stems Indonesian; `data/stem_overrides.tsv` corrects the stems it gets wrong. Both the
indexer and the query side call `tokens()`/`stems()` here, so SQLite and PostgreSQL see identical
tokens and return the same matches (ADR 0004).
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

DATA = Path(__file__).parent / "data"
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
MAX_TOKEN_CHARS = 40  # longer "words" are junk (hashes, URLs); PostgreSQL refuses > 2 KB lexemes

# Letters and digits of any script; underscore and everything else separate words.
WORD = re.compile(r"[^\W_]+")


def _data_lines(name: str) -> list[str]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@cache
def stopwords() -> frozenset[str]:
    return frozenset(w for line in _data_lines("stopwords.txt") for w in line.split())


@cache
def overrides() -> dict[str, str]:
    return dict(line.split("\t", 1) for line in _data_lines("stem_overrides.tsv"))


@cache
def _stemmer():
    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The index form of one normalised word. Cached: Sastrawi costs ~0.5 ms a word, and catalogue
    text repeats a small vocabulary, so a million products need only thousands of real calls."""
    fixed = overrides().get(word)
    if fixed is not None:
        return fixed
    if word.isdigit() or len(word) < 4:
        return word
    return _stemmer().stem(word) or word


def normalise(text: str) -> str:
    """Lower case, compatibility forms folded, accents removed ("Kafé" -> "kafe")."""
    text = unicodedata.normalize("NFKD", text.replace("\x00", " ").lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Normalised words of `text` without stopwords, in order (duplicates kept)."""
    stop = stopwords()
    return [w for w in WORD.findall(normalise(text or "")) if len(w) <= MAX_TOKEN_CHARS and w not in stop]


def stem_text(text: str) -> str:
    """Space-separated stems of `text`: what the engines index."""
    return " ".join(stem(w) for w in tokens(text))


def query_words(query: str) -> list[str]:
    """The words of a user query, bounded (200 characters, 12 words) and deduplicated."""
    query = query or ""
    cut = query[:MAX_QUERY_CHARS]
    if len(query) > MAX_QUERY_CHARS and query[MAX_QUERY_CHARS].isalnum() and " " in cut:
        cut = cut.rsplit(" ", 1)[0]  # do not search for the first letters of a word cut in two
    seen: dict[str, None] = {}
    for w in tokens(cut):
        seen.setdefault(w, None)
        if len(seen) == MAX_QUERY_TOKENS:
            break
    return list(seen)


def query_stems(words: list[str]) -> list[str]:
    return list(dict.fromkeys(stem(w) for w in words))


def suggestible(word: str) -> bool:
    """Whether a word may be offered as a correction (not a number or a code)."""
    return 3 <= len(word) <= MAX_TOKEN_CHARS and word.isalpha()
