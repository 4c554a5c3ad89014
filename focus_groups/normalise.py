"""Normalising Italian keywords, the one place that says when two spellings are the *same* keyword: `fold`
(the comparison form, word by word: blocked words match on it) and `automatic_key` (the wall, the board and
the grouping engine count on it), and the word lists the grouping engine reasons with (function words,
opposite prefixes). Pure: strings in, strings out."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# An apostrophe (or a look-alike) standing for the accent of a word's last vowel: "responsabilita'",
# "perche'", "e'". Only at the end of a word, so the elision in "dell'ascolto" is not touched.
_APOSTROPHES = "'’‘`´ʼ′"
_ACCENT_APOSTROPHE = re.compile(rf"([aeiouAEIOU])[{_APOSTROPHES}](?=$|[^\w])")
_GRAVE = {"a": "à", "e": "è", "i": "ì", "o": "ò", "u": "ù"}
# Separators between the parts of a keyword: slash, hyphens and dashes of every kind, underscore, plus sign.
_SEPARATORS = re.compile(r"[/\\\-‐‑‒–—―−_+&|]+")
_NOT_WORD = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")

# Italian function words: articles, prepositions (simple and articulated, with elisions), conjunctions,
# common pronouns and the forms of "essere"/"avere" that carry no topic. Two keywords that differ only in
# these are one idea ("lavoro di rete" / "lavoro in rete"); a difference in any other word is not.
STOP_WORDS = frozenset("""
il lo la i gli le l un uno una un gl
di a da in con su per tra fra d
del dello della dei degli delle dell
al allo alla ai agli alle all
dal dallo dalla dai dagli dalle dall
nel nello nella nei negli nelle nell
col coi sul sullo sulla sui sugli sulle sull
e ed o od oppure ma anche che come se sia ne ci si vi
è e sono essere ha hanno avere
mio mia miei mie tuo tua suo sua loro nostro nostra nostri nostre vostro vostra
questo questa questi queste quello quella quelli quelle
""".split())

# Prefixes that turn a word into its opposite or into another word (fiducia / sfiducia, attivo /
# inattivo, divisione / condivisione, responsabilità / corresponsabilità). A word that is another word
# with one of these in front is never a variant of it. Longest first so "dis" is tried before "di".
OPPOSITE_PREFIXES = tuple(sorted("""
in im ir il s dis di de des a an non anti contro contra
con co cor col com ri re pre pro post sotto sovra super iper ipo auto inter intra multi mal ben bene
semi neo ex extra para
""".split(), key=len, reverse=True))


def restore_accents(text: str) -> str:
    """"responsabilita'" -> "responsabilità": an apostrophe after a final vowel is that vowel's accent."""
    return _ACCENT_APOSTROPHE.sub(lambda m: _GRAVE.get(m.group(1).lower(), m.group(1)) if m.group(1).islower()
                                  else _GRAVE[m.group(1).lower()].upper(), text)


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def readable(text: str) -> str:
    """Lower case, accents kept (restored from apostrophes), separators and punctuation as single spaces."""
    # casefold turns "İ" into "i" plus a combining dot, which would otherwise split the word in two
    text = restore_accents(unicodedata.normalize("NFKC", text)).casefold().replace("i\u0307", "i")
    text = _SEPARATORS.sub(" ", text)
    text = _NOT_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """The comparison form of a keyword: `readable` without accents."""
    return strip_accents(readable(text))


def automatic_key(text: str) -> str:
    """Keywords with the same key are the same keyword, merged without asking: case, accents,
    apostrophe-accents, punctuation, separators and spacing ("co-progettazione" = "co progettazione" =
    "coprogettazione", "socio-sanitario" = "sociosanitario") make no difference. Function words stay
    apart, so "in sicurezza" is not "insicurezza". A text with no letters or digits keys on itself (its
    punctuation keeps it apart from every key made of letters)."""
    parts: list[str] = []
    glue = False
    for word in fold(text).split():
        function_word = word in STOP_WORDS
        if glue and not function_word:
            parts[-1] += word
        else:
            parts.append(word)
        glue = not function_word
    return " ".join(parts) or _SPACES.sub(" ", text.strip().casefold())


def content_words(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """The words that carry meaning; all of them when the keyword is made of function words only."""
    content = tuple(t for t in tokens if t not in STOP_WORDS)
    return content or tokens


# Prefixes that are not words of their own: written apart ("co-progettazione" -> "co progettazione")
# they still belong to the next word.
BOUND_PREFIXES = frozenset("co cor col com non anti dis ri pre post auto inter intra multi semi neo ex extra "
                           "iper ipo super".split())


def glue_prefixes(words: tuple[str, ...]) -> tuple[str, ...]:
    """A prefix written apart is part of the next word: ("co", "responsabilita") -> ("coresponsabilita",),
    ("non", "autosufficienza") -> ("nonautosufficienza",), so it is compared (and opposed) as one word."""
    glued: list[str] = []
    for word in words:
        if glued and glued[-1] in BOUND_PREFIXES:
            glued[-1] += word
        else:
            glued.append(word)
    return tuple(glued)


def opposite_prefix(a: str, b: str) -> str | None:
    """The prefix that turns one word into the other ("s" for fiducia / sfiducia), or None.

    Also spots the doubled consonant Italian writes after some prefixes ("ir-responsabilità",
    "cor-responsabilità", "il-legale", "im-mobile") and the "in" that becomes "im" before b/p."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < 3 or short == long_:
        return None
    for prefix in OPPOSITE_PREFIXES:
        if not long_.startswith(prefix):
            continue
        rest = long_[len(prefix):]
        if rest == short:
            return prefix
        if len(rest) > len(short) and rest[0] == rest[1] == short[0] and rest[1:] == short:
            return prefix
    return None
