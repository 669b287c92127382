"""The same work written to pass as a new one (generator.core.identity): look-alike digits, letters and URLs.

Each variant must meet the listed work on a key (`Identity.keys`), so that `validate` reports it
("one entry per work") and `awesome-lam new` refuses it; and genuinely different works, in any
script, must not meet.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

import pytest

from generator.core import identity
from generator.core.identity import Identity, first_clash, identity_of, normalise_url
from generator.core.load import parse_entry_text
from generator.core.rules.catalog import duplicate_work
from generator.lib.arxiv import arxiv_id_of
from tests.conftest import entry_text, problem_lines, run_cli

TITLE = "SpeechGPT: Empowering Large Language Models with Intrinsic Cross-Modal Conversational Abilities"


def duplicate_problems_of(identities: list[Identity]) -> list:
    """The problems the `duplicate-work` rule finds among these works."""
    assert duplicate_work.check is not None
    return [duplicate_work.problem(*finding) for finding in duplicate_work.check(SimpleNamespace(identities=identities, entries=()))]


def clashes(a: Identity, b: Identity) -> set[str]:
    """What two works share, as the `duplicate-work` rule reports it."""
    return {p.field for p in duplicate_problems_of([a, b]) if p.path == b.path}


def titled(title: str, path: str = "b.md") -> Identity:
    return Identity(path, path.removesuffix(".md"), title=title)


def same_title(a: str, b: str) -> bool:
    return "title" in clashes(titled(a, "a.md"), titled(b, "b.md"))


def raw_identity(arxiv: str, rel: str = "entries/music/copy.md") -> Identity:
    """The identity validation reads from a file's raw front matter (valid or not)."""
    doc = parse_entry_text(entry_text(arxiv=f'"{arxiv}"', title='"Copy"', links="\n  paper: https://e.org/c"), rel)
    found = identity_of(doc)
    assert found is not None
    return found


# 1. arXiv ids with digits of other scripts --------------------------------------------------


def test_every_pattern_in_identity_uses_ascii_classes() -> None:
    """`\\d` and `\\w` match the digits of every script (`２`, `٢`); identity's patterns must not."""
    patterns = {name: value for name, value in vars(identity).items() if isinstance(value, re.Pattern)}
    assert patterns
    unicode_classes = {name: p.pattern for name, p in patterns.items() if not p.flags & re.ASCII}
    assert unicode_classes == {}


@pytest.mark.parametrize(
    "written",
    [
        "２３０５.１１０００",  # full-width digits
        "٢٣٠٥.١١٠٠٠",  # Arabic-Indic digits
        "۲۳۰۵.۱۱۰۰۰",  # Extended Arabic-Indic (Persian) digits
        "२३०५.११०००",  # Devanagari digits
        "２３０５.１１０００v２",  # with a version
    ],
)
def test_an_arxiv_id_in_other_digits_is_the_same_paper(written: str) -> None:
    listed = Identity("entries/foundation-models/speechgpt.md", "speechgpt", arxiv="2305.11000")
    assert "arxiv" in clashes(listed, raw_identity(written))
    assert "arxiv" in clashes(listed, Identity("b.md", "b", arxiv=written))


@pytest.mark.parametrize(
    ("listed", "written"),
    [("math/0309136", "math.GT/0309136"), ("cs/0112017", "CS/0112017"), ("hep-th/9901001", "hep-th/9901001v2")],
)
def test_old_style_ids_are_the_same_paper_whatever_the_subject_class_or_archive_case(listed: str, written: str) -> None:
    assert "arxiv" in clashes(Identity("a.md", "a", arxiv=listed), raw_identity(written))


@pytest.mark.parametrize(("a", "b"), [("2305.11000", "2305.11001"), ("hep-th/9901001", "hep-ph/9901001"), ("1501.00001", "1501.00010")])
def test_different_arxiv_ids_stay_different(a: str, b: str) -> None:
    assert clashes(Identity("a.md", "a", arxiv=a), Identity("b.md", "b", arxiv=b)) == set()


# 2. URLs --------------------------------------------------------------------------------------

ARXIV = "https://arxiv.org/abs/2305.11000"


@pytest.mark.parametrize(
    "variant",
    [
        "https://ARXIV.org/abs/2305.11000",
        "https://ArXiv.Org/abs/2305.11000",
        "https://arxiv.org:443/abs/2305.11000",
        "http://arxiv.org:80/abs/2305.11000",
        "HTTPS://arxiv.org/abs/2305.11000",
        "https://arxiv.org./abs/2305.11000",
        "https://arxiv.org/html/2305.11000v2",
        "https://arxiv.org/html/2305.11000v2/",
        "https://arxiv.org//abs/2305.11000",
        "https://arxiv.org/abs//2305.11000",
        "https://arxiv.org/abs/2305.11000/",
        "https://www.arxiv.org/pdf/2305.11000v3.pdf",
        "https://export.arxiv.org/abs/2305.11000v1",
        "https://arxiv.org/abs/%32305.11000",
        "https://arxiv.org/abs/２３０５.１１０００",
    ],
)
def test_arxiv_url_variants_are_the_same_paper(variant: str) -> None:
    assert normalise_url(variant) == normalise_url(ARXIV)


def test_arxiv_ids_in_urls() -> None:
    assert normalise_url("https://arxiv.org/abs/math.GT/0309136v2") == normalise_url("https://arxiv.org/abs/math/0309136")
    assert normalise_url("https://arxiv.org/abs/HEP-TH/9901001") == normalise_url("https://arxiv.org/abs/hep-th/9901001")
    assert normalise_url("https://arxiv.org/abs/hep-th/9901001") != normalise_url("https://arxiv.org/abs/hep-ph/9901001")
    assert normalise_url("https://arxiv.org/abs/2305.11000") != normalise_url("https://arxiv.org/abs/2305.11001")
    assert arxiv_id_of("https://ARXIV.org:443//html/2305.11000v2/") == "2305.11000"
    # a page that is not an id keeps its path as written
    assert normalise_url("https://arxiv.org/list/cs.SD/recent") != normalise_url("https://arxiv.org/list/cs.sd/recent")


@pytest.mark.parametrize(
    ("variant", "listed"),
    [
        ("https://Example.ORG/a/b", "https://example.org/a/b"),  # host case
        ("https://example.org./a/b", "https://example.org/a/b"),  # trailing dot of the host
        ("http://example.org:80/a/b", "https://example.org/a/b"),  # default ports
        ("https://example.org:443/a/b", "https://example.org/a/b"),
        ("https://example.org//a///b", "https://example.org/a/b"),  # doubled slashes
        ("https://example.org/a/./c/../b", "https://example.org/a/b"),  # dot segments
        ("https://example.org/%7Euser/a%2db", "https://example.org/~user/a-b"),  # escaped unreserved characters
        ("https://example.org/a%2fb?q=%c3%a9", "https://example.org/a%2Fb?q=%C3%A9"),  # escape case
        ("https://example.org/caf%C3%A9", "https://example.org/café"),  # unescaped characters
        ("https://xn--bcher-kva.de/x", "https://bücher.de/x"),  # IDNA
        ("https://demo.github.io/proj/index.html", "https://demo.github.io/proj/"),  # index page
        ("https://github.com/Microsoft/UniLM.git", "https://github.com/microsoft/unilm"),  # GitHub repository
        ("https://github.com/microsoft/unilm.git/", "https://github.com/microsoft/unilm"),
        ("https://www.GitHub.com/microsoft/unilm/", "https://github.com/microsoft/unilm"),
        ("https://github.com/microsoft/unilm?tab=readme-ov-file", "https://github.com/microsoft/unilm"),
        ("https://github.com/Microsoft/unilm/tree/master/wavlm", "https://github.com/microsoft/unilm/tree/master/wavlm"),
    ],
)
def test_url_variants_are_the_same_page(variant: str, listed: str) -> None:
    assert normalise_url(variant) == normalise_url(listed)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("https://example.org:8080/a", "https://example.org/a"),  # another port
        ("https://example.org/A", "https://example.org/a"),  # paths are case-sensitive
        ("https://example.org/a?x=1&y=2", "https://example.org/a?y=2&x=1"),  # query order can matter
        ("https://example.org/a/index.php", "https://example.org/a"),  # only static index pages
        ("https://example.org/a%2Fb", "https://example.org/a/b"),  # an escaped slash is not a slash
        ("https://github.com/microsoft/unilm/tree/master/WavLM", "https://github.com/microsoft/unilm/tree/master/wavlm"),
        ("https://github.com/microsoft/unilm/tree/master/wavlm", "https://github.com/microsoft/unilm/tree/master/beats"),
        ("https://github.com/search?q=Audio", "https://github.com/search?q=audio"),
        ("https://notgithub.com/A/B", "https://notgithub.com/a/b"),
    ],
)
def test_different_pages_stay_different(a: str, b: str) -> None:
    assert normalise_url(a) != normalise_url(b)


# 3. titles with look-alike letters ------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        TITLE.replace("a", "\u0430"),  # Cyrillic а for every Latin a
        TITLE.replace("E", "\u0415").replace("o", "\u043e"),  # Cyrillic Е, о
        TITLE.replace("C", "\u0421").replace("p", "\u0440"),  # Cyrillic С, р
        "\u0405\u0440\u0435\u0435\u0441\u04bb" + TITLE[6:],  # Ѕреесһ: a whole word in Cyrillic
        TITLE.replace("M", "\u039c").replace("A", "\u0391"),  # Greek Μ, Α
        TITLE.replace("o", "\u03bf"),  # Greek ο
        TITLE.replace("I", "\u0399"),  # Greek capital iota for I
        TITLE.replace("B", "\u0392").replace("E", "\u0395"),  # Greek Β, Ε
        "𝐒𝐩𝐞𝐞𝐜𝐡𝐆𝐏𝐓" + TITLE[9:],  # mathematical bold
        "𝑆𝑝𝑒𝑒𝑐ℎ𝐺𝑃𝑇" + TITLE[9:],  # mathematical italic
        "ＳｐｅｅｃｈＧＰＴ" + TITLE[9:],  # full-width
        TITLE.replace("i", "\u0456"),  # Cyrillic і
        TITLE.replace("a", "\u0251"),  # Latin alpha ɑ
        TITLE.replace("S", "\ua4e2"),  # Lisu letter sa
    ],
)
def test_a_title_with_look_alike_letters_is_the_same_title(variant: str) -> None:
    assert variant != TITLE
    assert same_title(TITLE, variant)


def test_greek_capital_letters_spoofing_latin_ones() -> None:
    assert same_title("HuBERT: Self-Supervised Speech Representation Learning", "\u0397uBERT: Self-Supervised Speech Representation Learning")
    assert same_title("OpenAI Whisper", "\u039fpenAI Whisper")
    assert same_title("Yet Another Model", "\u03a5et Another Model")


def test_titles_in_other_scripts_are_compared_letter_for_letter() -> None:
    chinese = "基于大语言模型的语音识别"
    assert same_title(chinese, chinese)  # a title fully in Chinese still meets itself
    assert same_title(chinese, chinese + "。")  # and punctuation is still set aside
    assert not same_title(chinese, "基于大语言模型的语音合成")
    assert not same_title("语音合成模型", "语音识别模型")
    assert not same_title("Синтез речи с помощью больших моделей", "Распознавание речи с помощью больших моделей")
    assert same_title("Синтез речи", "СИНТЕЗ РЕЧИ")  # case is still set aside
    # σ and ο share a Latin look-alike, but a Greek word keeps its own letters
    assert not same_title("Μοντέλο λόγος", "Μοντέλο λόγοο")
    assert not same_title("Ήχος και λόγος", "Ήχος και λόγοι")


def test_ascii_titles_keep_their_distinctions() -> None:
    assert not same_title("GPT-4o Audio", "GPT-40 Audio")  # UTS #39 would read 0 as O
    assert not same_title("A Modem for Speech", "A Modern for Speech")  # ... and m as rn
    assert not same_title("Llama 1 Speech", "Llama I Speech")
    assert same_title("AudioLM: A Language-Modeling Approach", "audiolm a language modeling approach")


def test_a_title_shared_on_both_keys_is_reported_once_per_file() -> None:
    spoof = TITLE.replace("a", "\u0430")
    found = duplicate_problems_of([titled(spoof, "a.md"), titled(spoof, "b.md")])
    assert sorted(p.path for p in found) == ["a.md", "b.md"]


def test_new_refuses_a_look_alike_title() -> None:
    listed = [Identity("entries/foundation-models/speechgpt.md", "speechgpt", "2305.11000", TITLE)]
    clash = first_clash(Identity("", "", title=TITLE.replace("o", "\u043e")), listed)
    assert clash is not None and clash[0] == "the same title"
    clash = first_clash(Identity("", "", arxiv="２３０５.１１０００"), listed)
    assert clash is not None and clash[0] == "the same arXiv id"


# validate, end to end ---------------------------------------------------------------------------


def test_validate_reports_the_disguised_copy(lam_root: Path, write_entry: Callable[[str, str | bytes], Path]) -> None:
    write_entry("entries/foundation-models/speechgpt.md", entry_text(links="\n  paper: https://arxiv.org/abs/2305.11000\n  code: https://github.com/0nutation/SpeechGPT"))
    spoof_title = TITLE.replace("a", "\u0430").replace("o", "\u03bf")
    write_entry(
        "entries/speech-recognition/speechgpt-again.md",
        entry_text(
            name="SpeechGPT again",
            title=f'"{spoof_title}"',
            arxiv='"２３０５.１１０００"',
            links="\n  paper: https://ARXIV.org:443//html/2305.11000v2/\n  code: https://www.github.com/0nutation/speechgpt.git",
        ),
    )
    result = run_cli(lam_root, "validate")
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    copy, listed = "entries/speech-recognition/speechgpt-again.md", "entries/foundation-models/speechgpt.md"
    for line, field, what, there in [
        (2, "title", "the same title", 2),
        (11, "arxiv", "the same arXiv id", 11),
        (9, "links.paper", "the same URL", 9),
        (10, "links.code", "the same URL", 10),
    ]:
        expected = f"{copy}:{line}: {field}: {what} is also used by {listed}:{there}; one entry per work"
        assert expected in problem_lines(result.stderr), result.stderr
    assert f"{listed}:2: title: the same title is also used by {copy}:2; one entry per work" in problem_lines(result.stderr)


def test_validate_reports_a_copy_with_a_full_width_arxiv_id_only(lam_root: Path, write_entry: Callable[[str, str | bytes], Path]) -> None:
    """Nothing else shared: the arXiv id alone, in other digits, gives the copy away."""
    write_entry("entries/foundation-models/speechgpt.md", entry_text())
    write_entry(
        "entries/music/other.md",
        entry_text(name="Other", title='"Something Else Entirely"', arxiv='"٢٣٠٥.١١٠٠٠"', links="\n  paper: https://example.org/other"),
    )
    result = run_cli(lam_root, "validate")
    assert result.returncode == 1, result.stderr
    expected = "entries/music/other.md:10: arxiv: the same arXiv id is also used by entries/foundation-models/speechgpt.md:10; one entry per work"
    assert expected in problem_lines(result.stderr), result.stderr
