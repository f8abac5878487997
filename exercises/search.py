"""The library's search: forgiving of what people type, ranked with name matches first.

Why in Python and not in the database: the library holds tens of exercises (a few hundred at
most), all of which the page loads anyway, so ranking them in memory takes about a millisecond
and behaves the same on SQLite and PostgreSQL. A database full-text index would need two
different implementations (FTS5 and pg_trgm) to do what this does for 40 rows.

How a query is matched, word by word:
1. Text is folded: lower case, accents and apostrophes dropped ("Child's" -> "childs"), any
   other punctuation or dash is a space ("Cat–cow" -> "cat cow"). Words that say nothing about
   which exercise is wanted ("something for my ... while") are dropped, and a few everyday words
   stand for the library's own ("cramp" -> "spasm", "bed" -> "lying"; SAME_AS).
2. Words are reduced to their stem with the Snowball English stemmer, so plurals and endings
   don't matter ("stretches", "stretching" -> "stretch"; "childs" -> "child").
3. A word matches an exercise word with the same stem, or one it begins (search as you type:
   "hams" finds "hamstring"). Only when a query word matches nothing at all is it taken for a
   typo and compared with every word using RapidFuzz ("hamstrng" -> "hamstring").
4. Every word that matches somewhere must match; a word that matches nothing in the library is
   left out (people in pain type sentences), and the page says which. Only when no word matches
   is nothing found.
5. "Can't ..." (cant, cannot, unable) says what is hard right now: only gentle exercises, relief
   and rest first, and nothing in the position the person can't manage ("can't stand").

Fields searched, by weight: name, the editor's search terms (everyday words and conditions,
see SCHEMA.md), body areas, kind and position ("relief", "lying down"), purpose, steps.
Exercises whose name matches every word come first.
"""

import re
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

FIELD_WEIGHTS = {"name": 10, "terms": 6, "areas": 4, "kind": 4, "position": 4, "purpose": 3, "steps": 1}
TYPO_WEIGHT = 0.6  # a word found only as a likely typo counts for less than one typed right
TYPO_MIN_LENGTH = 5  # shorter words have too many near neighbours ("neck", "back", "deck")
TYPO_CUTOFF = 80  # RapidFuzz ratio, 0-100: one wrong letter in a word of five or more
PREFIX_MIN_LENGTH = 3

# Words that say nothing about which exercise is wanted.
STOP_WORDS = {
    "a",
    "an",
    "and",
    "the",
    "my",
    "of",
    "for",
    "to",
    "in",
    "on",
    "with",
    "at",
    "is",
    "it",
    "i",
    "me",
    "your",
    "you",
    "pain",
    "painful",
    "ache",
    "aching",
    "sore",
    "hurt",
    "hurts",
    "hurting",
    "exercise",
    "exercises",
    # What a sentence wraps around the words that matter ("something for my back while lying down").
    "something",
    "anything",
    "some",
    "any",
    "while",
    "when",
    "what",
    "which",
    "that",
    "this",
    "can",
    "do",
    "does",
    "get",
    "have",
    "has",
    "need",
    "want",
    "help",
    "helps",
    "good",
    "best",
    "really",
    "very",
    "bit",
    "little",
    "now",
    "today",
    "please",
    "am",
    "im",
    "be",
    "feel",
    "feels",
    "feeling",
    "from",
    "after",
    "ease",
}
# Everyday words for what the library calls otherwise (query side only).
SAME_AS = {
    "cramp": "spasm",
    "cramping": "spasm",
    "seized": "spasm",
    "locked": "spasm",
    "twinge": "spasm",
    "relieve": "relief",
    "relieving": "relief",
    "shooting": "sciatica",
    "radiating": "sciatica",
    "bed": "lying",
    "lie": "lying",
    "laying": "lying",
    "floor": "lying",
    "seated": "sitting",
}
# "Can't ...": what is hard right now. The words after it that name a position or a movement
# say what to leave out, not what to find.
CANT = {"cant", "cannot", "unable"}
CANT_POSITIONS = {
    "stand": "standing",
    "standing": "standing",
    "sit": "sitting",
    "sitting": "sitting",
    "kneel": "hands_knees",
}
CANT_MOVES = {
    "stand",
    "standing",
    "sit",
    "sitting",
    "kneel",
    "walk",
    "bend",
    "move",
    "twist",
    "lift",
    "turn",
    "straighten",
    "straight",
    "up",
    "over",
}

_stemmer = snowballstemmer.stemmer("english")
_non_word = re.compile(r"[^a-z0-9]+")
_accents = re.compile(r"[\u0300-\u036f]")  # what NFKD splits off "é", "ñ"
_drop_apostrophes = str.maketrans("", "", "'\u2019\u02bc")


def fold(text: str) -> str:
    """Lower case ASCII words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_drop_apostrophes))
    return _non_word.sub(" ", _accents.sub("", text)).strip()


def words(text: str) -> list[str]:
    return [SAME_AS.get(word, word) for word in fold(text).split() if word not in STOP_WORDS]


@cache
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


@lru_cache(maxsize=4096)
def word_set(text: str) -> frozenset[str]:
    """The words of one field; remembered, since the same texts are searched again and again."""
    return frozenset(words(text))


def field_words(exercise) -> dict[str, frozenset[str]]:
    areas = " ".join(f"{area.name} {area.slug}" for area in exercise.body_areas.all())
    return {
        "name": word_set(exercise.name),
        "terms": word_set(exercise.search_terms),
        "areas": word_set(areas),
        "kind": word_set(f"{exercise.kind} {exercise.get_kind_display()}"),
        "position": word_set(exercise.get_position_display()),
        "purpose": word_set(exercise.purpose),
        "steps": word_set(exercise.instructions),
    }


def matching_words(query_word: str, vocabulary: set[str]) -> set[str]:
    """The exercise words `query_word` stands for: the same stem, or words it begins."""
    query_stem = stem(query_word)
    found = {w for w in vocabulary if stem(w) == query_stem}
    if len(query_word) >= PREFIX_MIN_LENGTH:
        found.update(w for w in vocabulary if w.startswith(query_word))
    return found


class Ranked(list):
    """The exercises found, best first; `left_out` names the query's words that match nothing in
    the library (so the page can say so), `cant` whether the query said what is hard right now."""

    left_out: tuple[str, ...] = ()
    cant: bool = False


def limitations(query_words: list[str]) -> tuple[list[str], set[str] | None]:
    """The words to look for, and the positions to leave out (None when nothing is hard: no
    "can't"). In "can't stand up straight" the words after "can't" name what to avoid."""
    if not CANT.intersection(query_words):
        return query_words, None
    wanted, avoided, after_cant = [], set(), False
    for word in query_words:
        if word in CANT:
            after_cant = True
        elif after_cant and word in CANT_MOVES:
            if word in CANT_POSITIONS:
                avoided.add(CANT_POSITIONS[word])
        else:
            wanted.append(word)
    return wanted, avoided


def rank(exercises: Iterable, query: str) -> Ranked:
    """The exercises matching the query's words, best first (see the module's docstring).

    Exercises must come with their body areas prefetched. An empty query (or one of only
    stop words) returns them all, in the order given."""
    exercises = list(exercises)
    query_words, avoided = limitations(words(query))
    if avoided is not None:
        exercises = [
            e for e in exercises if e.difficulty == e.Difficulty.GENTLE and e.position not in avoided
        ]
        # Relief and rest first, then the rest of the gentle ones, lying down first.
        exercises.sort(key=lambda e: (e.kind != e.Kind.RELIEF, e.position != e.Position.LYING))
    if not query_words:
        result = Ranked(exercises)
        result.cant = avoided is not None
        return result
    docs = [(exercise, field_words(exercise)) for exercise in exercises]
    vocabulary = {w for _, fields in docs for found in fields.values() for w in found}

    wanted, left_out = [], []  # per query word: (the words that match it, how much a match counts)
    for query_word in query_words:
        found = matching_words(query_word, vocabulary)
        weight = 1.0
        if not found and len(query_word) >= TYPO_MIN_LENGTH:
            typo = process.extractOne(query_word, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if typo:
                found, weight = matching_words(typo[0], vocabulary), TYPO_WEIGHT
        if found:
            wanted.append((found, weight))
        else:
            left_out.append(query_word)
    if not wanted:
        return Ranked()

    scored = []
    for index, (exercise, fields) in enumerate(docs):
        score, name_hits = 0.0, 0
        for found, weight in wanted:
            best = max((FIELD_WEIGHTS[f] for f, ws in fields.items() if not ws.isdisjoint(found)), default=0)
            if not best:
                break
            score += best * weight
            name_hits += best == FIELD_WEIGHTS["name"]
        else:
            scored.append((name_hits == len(wanted), score, index if avoided is not None else 0, exercise))
    scored.sort(key=lambda item: (not item[0], -item[1], item[2], item[3].name))
    result = Ranked(exercise for *_, exercise in scored)
    result.left_out = tuple(left_out)
    result.cant = avoided is not None
    return result
