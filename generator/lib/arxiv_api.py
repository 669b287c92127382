"""The arXiv API (`<api>/api/query`), as `new` and `discover` ask it: its address, and its answers read safely.

An answer is Atom XML in UTF-8. Whatever else a server sends (another encoding, HTML, a document
type declaration, which could define entities that expand without end) is refused with one line.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.lib.errors import LamError
from generator.lib.text import collapse, shown

DEFAULT_API = "https://export.arxiv.org"
API_ENV = "AWESOME_LAM_ARXIV_API"
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom",
      "opensearch": "http://a9.com/-/spec/opensearch/1.1/"}
_CHARSET_RE = re.compile(r';\s*charset\s*=\s*"?([^";]*)', re.IGNORECASE)
_DECLARED_RE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([^\"']*)[\"']")
_DOCTYPE_RE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_UTF8_NAMES = ("utf-8", "utf8", "us-ascii", "ascii")  # ASCII is UTF-8


def decode_answer(body: bytes, content_type: str, answer: str) -> str:
    """The answer as text: UTF-8 (the arXiv API's encoding), whatever else its header or XML declaration claims is refused."""
    declared = _DECLARED_RE.match(body)
    charset = _CHARSET_RE.search(content_type)
    for name in (charset.group(1) if charset else None, declared.group(1).decode("latin-1") if declared else None):
        if name is not None and name.strip().lower() not in _UTF8_NAMES:
            raise LamError(f"{answer} declares the encoding '{shown(name)}'; only UTF-8 is read (is --api-url right?)")
    try:
        return body.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise LamError(f"{answer} is not valid UTF-8 (byte {exc.start}); is --api-url right?") from None


def atom_feed(body: bytes, content_type: str, answer: str) -> ET.Element:
    """The Atom feed of an answer; LamError (one line) when it is not UTF-8 Atom or declares a document type."""
    text = decode_answer(body, content_type, answer)
    if _DOCTYPE_RE.search(text):
        raise LamError(f"{answer} declares a document type, which Atom from arXiv never does; refused (is --api-url right?)")
    try:
        feed = ET.fromstring(text)  # text, not bytes: expat reads it as decoded, whatever it declares
    except ET.ParseError as exc:
        raise LamError(f"{answer} is not valid Atom XML ({exc}); it starts with '{shown(collapse(text[:200])[:60])}'") from None
    if feed.tag != f"{{{NS['atom']}}}feed":
        raise LamError(f"{answer} is XML but not an Atom feed (root element {shown(feed.tag)})")
    return feed


def text_of(element: ET.Element, path: str) -> str:
    """The collapsed text of the first element at `path` ('' when there is none)."""
    found = element.find(path, NS)
    return collapse(found.text or "") if found is not None else ""


def authors_of(entry: ET.Element) -> tuple[str, ...]:
    """The author names of a feed entry, in order, blank ones left out."""
    names = (collapse(name.text or "") for name in entry.findall("atom:author/atom:name", NS))
    return tuple(name for name in names if name)
