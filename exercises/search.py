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
2. Words are reduced to their stem with the page language's Snowball stemmer, so plurals and endings
   don't matter ("stretches", "stretching" -> "stretch"; "childs" -> "child").
3. A word matches an exercise word with the same stem, or one it begins (search as you type:
   "hams" finds "hamstring"). Only when a query word matches nothing at all is it taken for a
   typo and compared with every word using RapidFuzz ("hamstrng" -> "hamstring").
4. Every word that matches somewhere must match; a word that matches nothing in the library is
   left out (people in pain type sentences), and the page says which. Only when no word matches
   is nothing found.
5. "Can't ..." (cant, cannot, unable) says what is hard right now: only gentle exercises, relief
   and rest first, and nothing in the position the person can't manage ("can't stand").

In each language: the words are the page's (Django's active language), stemmed with that
language's Snowball stemmer, with its own stop words, everyday words and "can't" (LANGUAGES).
An everyday word stands for one or more library words ("spit" -> "spit" or "spasm"): it matches
an exercise that has any of them, so a Dutch or Spanish query also finds what is still in
English (content falls back to English where it isn't translated yet).

Fields searched, by weight: name, the editor's search terms (everyday words and conditions,
see SCHEMA.md), body areas, kind and position ("relief", "lying down"), purpose, steps.
Exercises whose name matches every word come first.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache

import snowballstemmer
from django.utils.translation import get_language
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


@dataclass(frozen=True, eq=False)  # hashed by identity: one per language
class Language:
    """How a query in one language is read. Words are folded (see fold): no accents."""

    stemmer: str  # a Snowball algorithm (snowballstemmer.algorithms())
    stop_words: frozenset[str]
    same_as: dict[str, tuple[str, ...]]  # everyday word -> the library words it stands for
    cant: frozenset[str] = field(default_factory=frozenset)  # "can't", "cannot"
    cant_positions: dict[str, str] = field(default_factory=dict)  # "stand" -> "standing"
    cant_moves: frozenset[str] = field(default_factory=frozenset)  # words after "can't" to avoid


ENGLISH = Language(
    stemmer="english",
    stop_words=frozenset(STOP_WORDS),
    same_as={word: (meant,) for word, meant in SAME_AS.items()},
    cant=frozenset(CANT),
    cant_positions=CANT_POSITIONS,
    cant_moves=frozenset(CANT_MOVES),
)

# Dutch as Thuisarts.nl and people say it: "spit" (lumbago), "rugkramp", "ischias". Each
# everyday word also stands for the English library word, for content not yet in Dutch.
DUTCH = Language(
    stemmer="dutch",
    stop_words=frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "voor",
            "met",
            "op",
            "in",
            "aan",
            "bij",
            "mijn",
            "me",
            "mij",
            "ik",
            "je",
            "jouw",
            "u",
            "is",
            "zijn",
            "ben",
            "heb",
            "heeft",
            "hebben",
            "wat",
            "welke",
            "die",
            "dat",
            "dit",
            "iets",
            "er",
            "om",
            "te",
            "tot",
            "na",
            "als",
            "wanneer",
            "nu",
            "vandaag",
            "graag",
            "even",
            "beetje",
            "kan",
            "lukt",
            "erg",
            "heel",
            "veel",
            "goed",
            "goede",
            "beste",
            "oefening",
            "oefeningen",
            "pijn",
            "pijnlijk",
            "zeer",
            "doet",
            "doen",
            "last",
            "gevoelig",
            "helpt",
            "helpen",
            "tegen",
        ]
    ),
    same_as={
        "rugpijn": ("rugpijn", "rug", "back"),
        "rug": ("rug", "back"),
        "onderrug": ("onderrug", "back"),
        "spit": ("spit", "spasm"),
        "kramp": ("kramp", "spasm"),
        "rugkramp": ("rugkramp", "spasm"),
        "krampen": ("kramp", "spasm"),
        "verschoten": ("spit", "spasm"),
        "geschoten": ("spit", "spasm"),
        "ischias": ("ischias", "uitstraling", "sciatica"),
        "uitstralende": ("uitstraling", "ischias", "sciatica"),
        "uitstraling": ("uitstraling", "ischias", "sciatica"),
        "hernia": ("hernia", "ischias", "sciatica"),
        "stijf": ("stijf", "stiff"),
        "stijve": ("stijf", "stiff"),
        "nek": ("nek", "neck"),
        "heup": ("heup", "hip"),
        "heupen": ("heup", "hip"),
        "bil": ("bil", "glute"),
        "billen": ("bil", "glute"),
        "liggen": ("liggend", "lying"),
        "liggend": ("liggend", "lying"),
        "bed": ("liggend", "lying"),
        "vloer": ("liggend", "lying"),
        "zitten": ("zittend", "sitting"),
        "zittend": ("zittend", "sitting"),
        "stoel": ("stoel", "chair"),
        "staan": ("staand", "standing"),
        "staand": ("staand", "standing"),
        "verlichting": ("verlichting", "relief"),
        "ontspannen": ("ontspan", "relax"),
        "ademen": ("adem", "breathing"),
        "ademhaling": ("adem", "breathing"),
        "slapen": ("slapen", "sleep"),
        "bureau": ("bureau", "desk"),
        "kantoor": ("kantoor", "office"),
        "rekken": ("rekken", "stretch"),
        "rekoefening": ("rekken", "stretch"),
        "wandelen": ("wandelen", "walk"),
        "lopen": ("wandelen", "walk"),
    },
    cant=frozenset({"niet"}),  # "ik kan niet staan"
    cant_positions={"staan": "standing", "zitten": "sitting", "knielen": "hands_knees"},
    cant_moves=frozenset(
        [
            "kan",
            "lukt",
            "gaat",
            "staan",
            "zitten",
            "knielen",
            "lopen",
            "bukken",
            "bewegen",
            "draaien",
            "tillen",
            "rechtop",
            "omhoog",
            "overeind",
        ]
    ),
)

# Spanish as MedlinePlus and the Spanish health services say it, and people: "lumbago",
# "ciática", "me duele la espalda", "contractura".
SPANISH = Language(
    stemmer="spanish",
    stop_words=frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "un",
            "una",
            "unos",
            "unas",
            "y",
            "o",
            "de",
            "del",
            "al",
            "a",
            "en",
            "con",
            "por",
            "para",
            "mi",
            "mis",
            "me",
            "yo",
            "tu",
            "te",
            "se",
            "es",
            "esta",
            "estoy",
            "tengo",
            "tiene",
            "que",
            "algo",
            "alguno",
            "alguna",
            "cuando",
            "ahora",
            "hoy",
            "muy",
            "poco",
            "mucho",
            "bueno",
            "buen",
            "mejor",
            "puedo",
            "ejercicio",
            "ejercicios",
            "dolor",
            "duele",
            "duelen",
            "dolorido",
            "molestia",
            "molesta",
            "ayuda",
            "ayudar",
            "contra",
        ]
    ),
    same_as={
        "espalda": ("espalda", "lumbar", "back"),
        "lumbar": ("lumbar", "back"),
        "lumbalgia": ("lumbalgia", "lumbar", "back"),
        "lumbago": ("lumbago", "spasm"),
        "espasmo": ("espasmo", "spasm"),
        "contractura": ("contractura", "espasmo", "spasm"),
        "tiron": ("espasmo", "lumbago", "spasm"),
        "calambre": ("espasmo", "spasm"),
        "ciatica": ("ciatica", "sciatica"),
        "ciatico": ("ciatica", "sciatica"),
        "hernia": ("hernia", "ciatica", "sciatica"),
        "rigida": ("rigid", "stiff"),
        "rigido": ("rigid", "stiff"),
        "cuello": ("cuello", "neck"),
        "cadera": ("cadera", "hip"),
        "caderas": ("cadera", "hip"),
        "gluteos": ("gluteo", "glute"),
        "acostado": ("boca", "lying"),
        "acostada": ("boca", "lying"),
        "cama": ("boca", "lying"),
        "suelo": ("suelo", "lying"),
        "silla": ("silla", "sitting"),
        "sentado": ("silla", "sitting"),
        "sentada": ("silla", "sitting"),
        "alivio": ("alivio", "relief"),
        "aliviar": ("alivio", "relief"),
        "relajarse": ("relaj", "relax"),
        "respirar": ("respiracion", "breathing"),
        "respiracion": ("respiracion", "breathing"),
        "dormir": ("dormir", "sleep"),
        "oficina": ("oficina", "office"),
        "estirar": ("estiramiento", "stretch"),
        "estiramientos": ("estiramiento", "stretch"),
        "caminar": ("caminar", "walk"),
    },
    cant=frozenset({"no"}),  # "no puedo estar de pie"
    cant_positions={
        "pie": "standing",
        "levantarme": "standing",
        "sentarme": "sitting",
        "arrodillarme": "hands_knees",
    },
    cant_moves=frozenset(
        [
            "puedo",
            "puede",
            "estar",
            "pie",
            "levantarme",
            "sentarme",
            "arrodillarme",
            "caminar",
            "agacharme",
            "moverme",
            "girarme",
            "doblarme",
            "erguirme",
            "recto",
        ]
    ),
)

LANGUAGES = {"en": ENGLISH, "nl": DUTCH, "es": SPANISH}


def language_for(code: str | None = None) -> Language:
    """The search rules for `code` ("nl", "es-ES"; the active language when None), English's
    for a language without its own."""
    base = (code or get_language() or "en").lower().replace("_", "-").split("-")[0]
    return LANGUAGES.get(base, ENGLISH)


_non_word = re.compile(r"[^a-z0-9]+")
_accents = re.compile(r"[\u0300-\u036f]")  # what NFKD splits off "é", "ñ"
_drop_apostrophes = str.maketrans("", "", "'\u2019\u02bc")


def fold(text: str) -> str:
    """Lower case ASCII words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_drop_apostrophes))
    return _non_word.sub(" ", _accents.sub("", text)).strip()


def words(text: str, language: Language = ENGLISH) -> list[str]:
    """The words of an exercise's text that say something (English's everyday words replaced by
    the library's, as the English search always has)."""
    return [
        ENGLISH.same_as.get(word, (word,))[0]
        for word in fold(text).split()
        if word not in language.stop_words
    ]


def query_words(text: str, language: Language) -> list[tuple[str, tuple[str, ...]]]:
    """Each word of a query that says something, as typed and as the library words it stands for."""
    return [
        (word, language.same_as.get(word, (word,)))
        for word in fold(text).split()
        if word not in language.stop_words
    ]


@cache
def stemmer(algorithm: str):
    return snowballstemmer.stemmer(algorithm)


@lru_cache(maxsize=16384)
def stem(word: str, algorithm: str = "english") -> str:
    return stemmer(algorithm).stemWord(word)


@lru_cache(maxsize=4096)
def word_set(text: str, language: Language = ENGLISH) -> frozenset[str]:
    """The words of one field; remembered, since the same texts are searched again and again."""
    return frozenset(words(text, language))


def field_words(exercise, language: Language = ENGLISH) -> dict[str, frozenset[str]]:
    areas = " ".join(f"{area.name} {area.slug}" for area in exercise.body_areas.all())
    return {
        "name": word_set(exercise.name, language),
        "terms": word_set(exercise.search_terms, language),
        "areas": word_set(areas, language),
        "kind": word_set(f"{exercise.kind} {exercise.get_kind_display()}", language),
        "position": word_set(exercise.get_position_display(), language),
        "purpose": word_set(exercise.purpose, language),
        "steps": word_set(exercise.instructions, language),
    }


def matching_words(query_word: str, vocabulary: set[str], algorithm: str = "english") -> set[str]:
    """The exercise words `query_word` stands for: the same stem, or words it begins."""
    query_stem = stem(query_word, algorithm)
    found = {w for w in vocabulary if stem(w, algorithm) == query_stem}
    if len(query_word) >= PREFIX_MIN_LENGTH:
        found.update(w for w in vocabulary if w.startswith(query_word))
    return found


class Ranked(list):
    """The exercises found, best first; `left_out` names the query's words that match nothing in
    the library (so the page can say so), `cant` whether the query said what is hard right now."""

    left_out: tuple[str, ...] = ()
    cant: bool = False


def limitations(
    wanted_words: list[tuple[str, tuple[str, ...]]], language: Language = ENGLISH
) -> tuple[list[tuple[str, tuple[str, ...]]], set[str] | None]:
    """The words to look for, and the positions to leave out (None when nothing is hard: no
    "can't"). In "can't stand up straight" the words after "can't" name what to avoid."""
    if not any(word in language.cant for word, _ in wanted_words):
        return wanted_words, None
    wanted, avoided, after_cant = [], set(), False
    for word, forms in wanted_words:
        if word in language.cant:
            after_cant = True
        elif after_cant and (word in language.cant_moves or word in language.cant_positions):
            if word in language.cant_positions:
                avoided.add(language.cant_positions[word])
        else:
            wanted.append((word, forms))
    return wanted, avoided


def rank(exercises: Iterable, query: str, language: str | None = None) -> Ranked:
    """The exercises matching the query's words, best first (see the module's docstring), read
    in `language` (a code; the active language when None).

    Exercises must come with their body areas prefetched. An empty query (or one of only
    stop words) returns them all, in the order given."""
    rules = language_for(language)
    exercises = list(exercises)
    wanted_words, avoided = limitations(query_words(query, rules), rules)
    if avoided is not None:
        exercises = [
            e for e in exercises if e.difficulty == e.Difficulty.GENTLE and e.position not in avoided
        ]
        # Relief and rest first, then the rest of the gentle ones, lying down first.
        exercises.sort(key=lambda e: (e.kind != e.Kind.RELIEF, e.position != e.Position.LYING))
    if not wanted_words:
        result = Ranked(exercises)
        result.cant = avoided is not None
        return result
    docs = [(exercise, field_words(exercise, rules)) for exercise in exercises]
    vocabulary = {w for _, fields in docs for found in fields.values() for w in found}

    wanted, left_out = [], []  # per query word: (the words that match it, how much a match counts)
    for word, forms in wanted_words:
        found = set().union(*(matching_words(form, vocabulary, rules.stemmer) for form in forms))
        weight = 1.0
        typed = forms[0] if len(forms) == 1 else ""  # an everyday word we know is no typo
        if not found and len(typed) >= TYPO_MIN_LENGTH:
            typo = process.extractOne(typed, vocabulary, scorer=fuzz.ratio, score_cutoff=TYPO_CUTOFF)
            if typo:
                found, weight = matching_words(typo[0], vocabulary, rules.stemmer), TYPO_WEIGHT
        if found:
            wanted.append((found, weight))
        else:
            left_out.append(forms[0] if rules is ENGLISH else word)
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
