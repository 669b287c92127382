"""What makes a work itself, and finding the same work twice.

A work is identified by its entry id, its arXiv id, its title and its URLs, compared in
normalised form (`arxiv_key`, `normalise_title` and `title_skeleton`, `normalise_url`).
Validation reports every clash between entry files (core/rules/catalog.py); `awesome-lam new`
refuses a work that clashes with one (`first_clash`). Both consider every entry file whose front
matter parses, valid or not (a valid entry through `entry_identity`, any other through
`identity_of` on its raw front matter), so a duplicate is reported in the same run as the
duplicate file's other problems.

What counts as the same:

- arXiv ids: digits of any script are read as ASCII digits (`２３０５.１１０００` is 2305.11000)
  and a version is dropped; an old-style id's archive is compared in lower case and its
  subject class is dropped (`math.GT/0309136` is `math/0309136`: arXiv's own identifier, which
  the class only decorates). Every pattern here uses ASCII classes: `\\d` would match any script.
- titles: case, accents, punctuation and compatibility forms (full-width and mathematical
  letters) are set aside (`normalise_title`), and so are letters of other scripts that look like
  Latin letters (`title_skeleton`, after Unicode Technical Standard #39).
- URLs: see `normalise_url`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import quote

from generator.core.checks import Invalid, check_arxiv, check_text, check_url
from generator.core.load import Document, entry_files, read_entry
from generator.lib.arxiv import HOSTS as ARXIV_HOSTS
from generator.lib.arxiv import arxiv_key, ascii_digits, id_in_path
from generator.lib.urls import GITHUB, normal_escapes, url_parts
from generator.model.entry import Entry
from generator.model.problems import line_of

# titles ------------------------------------------------------------------------------------

_ASCII_NOT_ALNUM = bytes(code for code in range(128) if not chr(code).isalnum())


def normalise_title(title: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a title, for duplicate detection.

    NFKD of the case-folded title, keeping exactly the characters for which str.isalnum().
    """
    if title.isascii():  # the common case, in C
        return title.encode("ascii").lower().translate(None, _ASCII_NOT_ALNUM).decode("ascii")
    return "".join(filter(str.isalnum, unicodedata.normalize("NFKD", title.casefold())))


_ASCII_LETTER_RE = re.compile(r"[A-Za-z]", re.ASCII)


def title_skeleton(title: str) -> str:
    """`normalise_title`, with every letter that imitates a Latin letter read as that letter.

    `Ѕреесh`, `ΟpenAI`, `ＳｐｅｅｃｈＧＰＴ` and `𝐒𝐩𝐞𝐞𝐜𝐡` read as `speech`, `openai`, `speechgpt`,
    `speech`; digits of any script read as ASCII digits. The look-alikes are Unicode's (UTS #39
    confusables, `_LOOKALIKES`), taken in the case they are written in, since case decides some
    of them (Greek `Η` looks like H, `η` like n); `normalise_title`, which ignores case, is the
    other key a title is compared by. ASCII letters and digits are kept as they are: UTS #39 also
    reads 0 as O, 1 and I as l and m as rn, distinctions real titles rely on (`GPT-4o`, `GPT-40`).

    A word (a run without spaces) is read this way when it has a Latin letter or when every
    letter in it has a Latin look-alike; any other word, in a script of its own, keeps its own
    letters, so titles in Chinese, Greek or Russian are compared letter for letter, as written.
    """
    if title.isascii():
        return normalise_title(title)
    words = unicodedata.normalize("NFKD", title).split()
    read = " ".join(word.translate(_LOOKALIKE_TABLE) if _looks_latin(word) else word for word in words)
    return "".join(filter(str.isalnum, ascii_digits(unicodedata.normalize("NFKD", read.casefold()))))


def _looks_latin(word: str) -> bool:
    if _ASCII_LETTER_RE.search(word):
        return True
    return all(
        ch.isascii() or ord(ch) in _LOOKALIKE_TABLE or not ch.isalnum() or unicodedata.decimal(ch, None) is not None
        for ch in word
    )


# The Latin look-alikes of UTS #39 confusables.txt 17.0.0: each non-ASCII character (in NFKD form,
# not a decimal digit) whose prototype, without accents, strokes and punctuation, is ASCII letters
# or digits, by what it reads as (code points in hex). Prototypes of a class with ASCII members
# read as the letter imitated: `l` (I, l, 1) as `i` for a capital and `l` otherwise, `O` (O, 0)
# as `o`, `rn` (m) as `m`. Symbols imitating `|`, and punctuation, are left out: titles drop
# punctuation. Characters whose prototype is not Latin (Cyrillic `м` -> `ʍ`, Katakana `ロ` -> `口`)
# are not here: they compare as written. To refresh from a newer confusables.txt, for each line
# `SOURCE ; PROTOTYPE ; MA`, apply the rules above to SOURCE and PROTOTYPE.
_LOOKALIKES: dict[str, str] = {
    "a": "0251 0391 03B1 0410 0430 13AA 15C5 2376 237A A4EE 102A0 16F40 1CCD6",
    "b": (
        "0180 0181 0182 0183 0184 0253 0392 0411 0412 042C 0462 0463 048C 048D 13CF 13F4 1472 1473 147E 147F 1480 1481 1488 "
        "15AF 15F7 2C82 A4D0 A7B4 10282 102A1 10301 16EB6 1CCD7"
    ),
    "c": (
        "00A2 0187 023C 0421 0441 04AA 04AB 1004 105A 13DF 1D04 20A1 2CA4 2CA5 A4DA ABAF 102A2 10302 10415 1043D 1051C "
        "118F2 1CCD8 1F16E 1F74C"
    ),
    "d": "00D0 0110 0111 0189 018A 018C 0256 0257 0501 13A0 13E7 146F 147A 147B 1487 15DE 15EA 20AB A4D2 A4D3 1CCD9",
    "e": "0246 0247 0395 0415 0435 04BD 04BF 13AC 212E 22FF 2D39 A4F0 AB32 10286 118A6 118AE 1CCDA",
    "f": "0191 0192 03DC 0584 15B4 1D6E 1E9D A4DD A798 A799 AB35 10287 102A5 10525 118A2 118C2 1CCDB 1D213",
    "g": "018D 0193 01E4 01E5 0260 0261 050C 0581 13C0 13F3 1D83 A4D6 1CCDC",
    "h": "0126 0127 0266 0397 041D 045B 04A2 04BB 04C7 04C9 0570 13BB 13C2 13F2 157C 2C67 2C8E A4E7 A695 102CF 1CCDD",
    "i": "0131 0196 0197 0268 0269 026A 0399 03B9 0406 0456 04C0 0582 13A5 1D7B 1D7C 2373 2378 2C92 2C93 A647 AB75 118C3",
    "j": "0248 0249 037F 03F3 0408 0458 13AB 148D 1498 1499 A4D9 A7B2 1CCDF",
    "k": "0198 0199 039A 041A 049A 049E 13E6 16D5 20AD 2C69 2C94 A4D7 A740 10518 1CCE0",
    "l": (
        "0141 0142 019A 01C0 026B 026D 04CF 05D5 05DF 05F1 0627 0673 07CA 13DE 14AA 14B6 14B7 16C1 2CD0 2D4F A4E1 A4F2 "
        "1028A 10309 10320 1041B 10526 118A3 118B2 16F16 16F28 1CCE1 1D22A 1E8C7"
    ),
    "m": "0271 039C 03FA 041C 04CD 13B7 15F0 16D6 1D6F 20A5 2C98 A4DF 102B0 10311 11700 1CCE2",
    "n": "014B 019D 019E 0273 039D 03B7 0572 0578 057C 1D70 2C9A A4E0 1018E 10513 1CCE3",
    "o": (
        "00D8 00F8 019F 0275 0398 039F 03B8 03BF 03C3 03ED 041E 043E 0472 0473 04E8 04E9 0555 0585 05E1 0647 06BE 06C1 06D5 "
        "06FF 0B20 0C02 0C82 0D02 0D20 0D82 1010 101D 10D7 10FF 12D0 13A4 13BE 13EB 1D0F 1D11 2296 229D 236C 2C90 2C91 2C9E "
        "2C9F 2D31 2D41 2D54 3007 A4F3 A74A A74B AB3D AB3E AB74 AB8E ABBB 10292 102AB 10404 1042C 104C2 104EA 10516 118B5 "
        "118C8 118D7 11DE0 1CCE4 1CCF0 1D21A 1F714"
    ),
    "p": (
        "00FE 01A4 01A5 01BF 03A1 03C1 03F8 0420 0440 13E2 146D 1476 1477 1486 1D7D 2374 2CA2 2CA3 2CCE 2CCF A4D1 10295 "
        "1CCE5"
    ),
    "q": "02A0 051B 0563 0566 2D55 1CCE6",
    "r": "01A6 024D 027C 027D 0433 0491 0493 13A1 13D2 1587 1D26 1D72 2C85 A4E3 AB47 AB48 AB81 104B4 16F35 1CCE7 1D216",
    "s": "01BD 0282 0405 0455 054F 0D1F 13D5 13DA 1D74 A4E2 A731 ABAA 10296 10420 10448 118C1 16F3A 1CCE8",
    "t": (
        "0166 0167 01AC 01AD 01AE 023E 03A4 0422 04AC 13A2 1D75 20AE 22A4 2361 27D9 2CA6 A4D4 10297 102B1 10315 118BC 16F0A "
        "1CCE9 1F768"
    ),
    "u": (
        "0244 028B 03C5 045F 054D 057D 1200 13CC 144C 1457 1458 1467 1D1C 1D7E 222A 22C3 A4F4 A79F AB4E AB52 AB9C 104CE "
        "104F6 118B8 118D8 16F42 1CCEA"
    ),
    "v": (
        "03BD 0474 0475 05D8 13D9 142F 143A 143B 1D20 2228 22C1 2D38 A4E6 A6DF ABA9 10197 1051D 11706 118A0 118C0 16F08 "
        "1CCEB 1D20D 1F708"
    ),
    "w": "026F 0448 0461 047D 051C 051D 0561 13B3 13D4 1D21 20A9 2CBD A4EA A761 AB83 114C5 1170A 1170E 1170F 118EF 1CCEC",
    "x": (
        "00D7 03A7 0425 0445 04B2 1541 157D 166D 16B7 2573 292B 292C 2A2F 2A30 2CAC 2D5D A4EB A7B3 10196 10290 102B4 10317 "
        "10322 10527 118EC 1CCED"
    ),
    "y": (
        "00A5 01B3 01B4 024E 024F 0263 028F 03A5 03B3 0423 0443 04AE 04AF 04B0 04B1 10E7 13A9 13BD 1D8C 1EFF 2CA8 2CA9 A4EC "
        "AB5A 102B2 118A4 118DC 16F43 1CCEE"
    ),
    "z": "01B5 01B6 0224 0225 0290 0396 13C3 1D22 1D76 A4DC AB93 102F5 118A9 118C4 1CCEF",
    "2": "01A7 01BB 03E8 14BF 2A27 A644 A6EF A75A 1CCF2",
    "3": "01B7 021C 0417 0498 04E0 2C9C 2CC4 2CCC A76A A7AB 118CA 16F3B 1CCF3 1D206",
    "4": "13CE 152F 1530 118AF 1CCF4",
    "5": "01BC 118BB 1CCF5",
    "6": "03EC 0431 13EE 2CD2 2CD3 2CDC 118D5 1CCF6",
    "7": "104D2 118C6 1CCF7 1D212",
    "8": "0222 0223 0B03 1031A 1CCF8 1E8CB",
    "9": "2CCA 2CCB A76E 118AC 118CC 118D6 1CCF9",
    "aa": "A732 A733",
    "ae": "00C6 00E6 04D4 04D5",
    "ao": "A734 A735",
    "ar": "1F707",
    "au": "A736 A737",
    "av": "A738 A739 A73A A73B",
    "ay": "A73C A73D",
    "bl": "042B",
    "cc": "1F16D",
    "dz": "02A3",
    "fn": "02A9",
    "ll": "01C1 05F0 2225 10199",
    "lo": "042E",
    "ls": "02AA",
    "lt": "20B6",
    "lz": "02AB",
    "mb": "1F76B",
    "oe": "0152 0153",
    "oo": "221E A698 A699 A74E A74F",
    "qe": "1F700",
    "ss": "03B2 13F0 1E9E A7B5 A7D6",
    "tf": "A777",
    "ts": "02A6",
    "ue": "1D6B",
    "uo": "AB63",
    "vb": "1F76C",
    "10": "23E8",
    "o0": "2052",
    "t3": "A728",
    "lls": "10198",
    "sss": "1F75C",
}
_LOOKALIKE_TABLE: dict[int, str] = {int(code, 16): read for read, codes in _LOOKALIKES.items() for code in codes.split()}


# URLs --------------------------------------------------------------------------------------

_NOT_URI_RE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+", re.ASCII)  # non-ASCII, spaces, | { } ^ ...
_CASELESS_NAMES = frozenset({GITHUB, f"gist.{GITHUB}"})  # hosts whose owner and repository names ignore case
_INDEX_PAGES = ("/index.html", "/index.htm")


def normalise_url(url: str) -> str:
    """The form in which two URLs are the same page, for duplicate detection.

    Set aside: the scheme (http or https); the host's case, a trailing dot, a leading `www.`, the
    scheme's default port (80, 443), IDNA (`bücher.de` is `xn--bcher-kva.de`); in the path,
    doubled and trailing slashes, `.` and `..` segments, a final `index.html` or `index.htm`; in
    path and query, the case of percent-escapes, escapes of unreserved characters (`%7E` is `~`)
    and characters written unescaped that must be escaped (`é` is `%C3%A9`); the fragment.
    An arxiv.org abs, pdf or html URL is the paper's arXiv id (`arxiv_key`), whatever its
    version. On github.com (and gist.github.com) owner and repository names ignore case and a
    repository's `.git` suffix, and a repository page's `tab=` query is dropped.

    Kept: the path's case elsewhere (paths are case-sensitive on most servers, branch and file
    names on GitHub too), other ports, the query and its order, `index.php` and other pages.
    """
    parts = url_parts(url)
    if parts is None:
        return url.strip()
    host, path, query, simple = parts
    if host in ARXIV_HOSTS and (arxiv := arxiv_key(id_in_path(path))):
        return f"arxiv:{arxiv}"
    if not simple:
        path = _NOT_URI_RE.sub(_quoted, path)
        query = _escaped(query)
    if host in _CASELESS_NAMES:
        path, query = _github(path, query)
    if path.endswith(_INDEX_PAGES):
        path = path.rpartition("/")[0]
    return f"{host}{path}?{query}" if query else f"{host}{path}"


def _quoted(match: re.Match[str]) -> str:
    return quote(match.group(), safe="")


def _escaped(text: str) -> str:
    """A query with escapes normalised and characters that must be escaped escaped."""
    return _NOT_URI_RE.sub(_quoted, normal_escapes(text) if "%" in text else text)


def _github(path: str, query: str) -> tuple[str, str]:
    """Owner and repository in lower case, without `.git`; a repository page without its `tab=`."""
    segments = path.split("/", 3)  # "", owner, repository, the rest
    if len(segments) > 1:
        segments[1] = segments[1].lower()
    if len(segments) > 2:
        segments[2] = segments[2].lower().removesuffix(".git")
        if len(segments) == 3 and query:
            query = "&".join(pair for pair in query.split("&") if not pair.startswith("tab="))
    return "/".join(segments), query


# identities --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Identity:
    """What makes a work itself (id, arXiv id, title, URLs), read from any parsed entry file."""

    path: str
    id: str
    arxiv: str = ""
    title: str = ""
    urls: Mapping[str, str] = field(default_factory=dict)  # "links.<kind>" -> URL
    positions: Mapping[str, int] = field(default_factory=dict)

    @cached_property
    def keys(self) -> tuple[tuple[str, tuple[str, str], str], ...]:
        """(what is shared, normalised key, field) for each thing two works must not share; worked
        out once per work, as several list rules ask.

        A title not in ASCII has two keys (`normalise_title`, `title_skeleton`) when they differ.
        """
        keys = []
        if self.arxiv:
            keys.append(("the same arXiv id", ("arxiv", arxiv_key(self.arxiv) or self.arxiv), "arxiv"))
        if title := normalise_title(self.title):
            keys.append(("the same title", ("title", title), "title"))
            if not self.title.isascii() and (skeleton := title_skeleton(self.title)) and skeleton != title:
                keys.append(("the same title", ("title", skeleton), "title"))
        keys += [("the same URL", ("url", normalise_url(url)), name) for name, url in self.urls.items()]
        return tuple(keys)

    def line_of(self, key: str) -> int:
        return line_of(self.positions, key)


def identity_of(doc: Document) -> Identity | None:
    """The identity of a parsed entry file (None when its front matter did not parse).

    Only values that pass their own checks count, so a typo is reported once, by its check; an
    arXiv id is checked in the form it is compared in (`arxiv_key`), so `２３０５.１１０００` or a
    version suffix, refused by the check, still meets the listed paper.
    """
    if doc.data is None:
        return None

    def valid(check: Callable[[Any], str], value: Any) -> str:
        try:
            return check(value)
        except Invalid:
            return ""

    links = doc.data.get("links")
    urls = {f"links.{k}": valid(check_url, u) for k, u in links.items()} if isinstance(links, dict) else {}
    arxiv = doc.data.get("arxiv")
    return Identity(
        path=doc.path,
        id=doc.path.rsplit("/", 1)[-1].removesuffix(".md"),
        arxiv=valid(check_arxiv, arxiv_key(arxiv) if isinstance(arxiv, str) else arxiv),
        title=valid(check_text, doc.data.get("title")),
        urls={name: url for name, url in urls.items() if url},
        positions=doc.positions,
    )


def entry_identity(entry: Entry) -> Identity:
    """The identity of a validated entry (its values are already checked)."""
    urls = {f"links.{kind}": url for kind, url in entry.links.items()}
    return Identity(entry.path, entry.id, entry.arxiv, entry.title, urls, entry.positions)


def read_identities(root: Path) -> list[Identity]:
    """The identity of every entry file under `root` whose front matter parses."""
    found = (identity_of(read_entry(path, root)) for path in entry_files(root))
    return [identity for identity in found if identity is not None]




IdentityIndex = dict[tuple[str, str], Identity]
"""Each normalised key (`Identity.keys`) of some works, to the first of them that has it."""


def identity_index(identities: Iterable[Identity]) -> IdentityIndex:
    """The index of `identities`, built once for many look-ups (`clash_in`)."""
    index: IdentityIndex = {}
    for work in identities:
        for _, key, _ in work.keys:
            index.setdefault(key, work)
    return index


def clash_in(candidate: Identity, index: IdentityIndex) -> tuple[str, Identity] | None:
    """(what is shared, the indexed work) for the first indexed work the candidate repeats."""
    for what, key, _ in candidate.keys:
        if key in index:
            return what, index[key]
    return None


def first_clash(candidate: Identity, identities: list[Identity]) -> tuple[str, Identity] | None:
    """(what is shared, the listed work) for the first listed work the candidate repeats."""
    return clash_in(candidate, identity_index(identities))
