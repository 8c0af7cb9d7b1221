"""Presidio as the alternative text engine: our detector specs registered as Presidio recognizers.

Teams that already run Presidio, or want its anonymizer, get the detections of the fast engine:
each spec with ``text_search`` becomes one ``PatternRecognizer`` with the spec's regexes, scores,
context words and validators. Nothing is downloaded and no predefined recognizer is loaded: the
tokens come from spaCy's blank Chinese pipeline (no model), and Presidio's own EmailRecognizer
would fetch the public suffix list. That pipeline splits Chinese into single characters, so a
context word inside the text never matches; the column name is passed as context instead.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import get_args

import polars as pl
import spacy
from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer import Pattern as PresidioPattern
from presidio_analyzer.nlp_engine import NlpArtifacts, NlpEngine
from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import OperatorConfig
from presidio_anonymizer.entities import RecognizerResult as AnonymizerResult
from presidio_anonymizer.operators import Operator, OperatorType
from spacy.language import Language
from spacy.tokens import Doc

from secsuite.detect.spec import DetectorSpec, Pattern, load_specs
from secsuite.detect.validators import VALIDATORS
from secsuite.errors import ConfigError
from secsuite.masking import MaskStyle, mask
from secsuite.once import loaded_once

LANGUAGE = "zh"
MASK_OPERATOR = "secsuite_mask"
_WORD_CHAR = "[0-9A-Za-z]"  # the fast engine's boundary: a match is not part of a longer number or word
_DIGIT_GAP = re.compile(r"(?<=\d)[ \-](?=\d)")


def searchable(spec: DetectorSpec) -> list[Pattern]:
    """The patterns searched inside text, as in the fast engine: whole-value patterns that need no
    column-name hint."""
    return [p for p in spec.patterns if p.match == "full" and not p.requires_name_hint]


def joined_digits(text: str) -> tuple[str, list[int]]:
    """``138-3764 5345`` → ``13837645345`` (people group digits in prose), with the position in
    ``text`` of every character kept, so spans found in the joined text map back to ``text``."""
    gaps = {match.start() for match in _DIGIT_GAP.finditer(text)}
    kept = [i for i in range(len(text)) if i not in gaps]
    return "".join(text[i] for i in kept), kept


class BlankNlpEngine(NlpEngine):
    """Tokens from spaCy's blank pipeline, which is rule-based and needs no model; no entities."""

    def __init__(self, language: str = LANGUAGE):
        self.language = language
        self.nlp: Language | None = None

    def load(self) -> None:
        self.nlp = spacy.blank(self.language)

    def is_loaded(self) -> bool:
        return self.nlp is not None

    def _pipeline(self, language: str) -> Language:
        if self.nlp is None or language != self.language:
            raise ValueError(f"BlankNlpEngine is loaded for {self.language!r}, not {language!r}")
        return self.nlp

    def _artifacts(self, doc: Doc, language: str) -> NlpArtifacts:
        # A blank pipeline has no lemmatiser: the token text stands in for the lemma.
        tokens = list(doc)
        return NlpArtifacts(
            entities=[],
            tokens=doc,
            tokens_indices=[token.idx for token in tokens],
            lemmas=[token.text for token in tokens],
            nlp_engine=self,
            language=language,
        )

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return self._artifacts(self._pipeline(language)(text), language)

    def process_batch(
        self, texts: Iterable[str], language: str, batch_size: int = 1, n_process: int = 1, **kwargs: object
    ) -> Iterator[tuple[str, NlpArtifacts]]:
        for doc in self._pipeline(language).pipe(texts, batch_size=batch_size, n_process=n_process):
            yield doc.text, self._artifacts(doc, language)

    def is_stopword(self, word: str, language: str) -> bool:
        return self._pipeline(language).vocab[word].is_stop

    def is_punct(self, word: str, language: str) -> bool:
        return self._pipeline(language).vocab[word].is_punct

    def get_supported_entities(self) -> list[str]:
        return []

    def get_supported_languages(self) -> list[str]:
        return [self.language]


class SpecRecognizer(PatternRecognizer):
    """One detector spec as a Presidio recognizer. Compact specs (identifiers people write in digit
    groups) search the text with the groups joined and report spans in the original text."""

    def __init__(self, spec: DetectorSpec, as_of: date):
        patterns = searchable(spec)
        self.spec = spec
        self.as_of = as_of
        self._validators = [(re.compile(p.regex), p.validator) for p in patterns]
        before = f"[0-9A-Za-z{spec.text_not_after}]"  # as in the fast engine (``text._edge_before``)
        super().__init__(
            supported_entity=spec.id,
            name=spec.id,
            supported_language=LANGUAGE,
            patterns=[
                PresidioPattern(p.name, f"(?<!{before})(?:{p.regex})(?!{_WORD_CHAR})", p.score) for p in patterns
            ],
            context=list(spec.context),
            global_regex_flags=0,  # the specs are case-sensitive and single-line, like the fast engine
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """The spec's validator for a pattern the text is written in: True lifts the score, False
        drops the match; None (keep the pattern's score) when that pattern has no validator."""
        validators = {validator for compiled, validator in self._validators if compiled.fullmatch(pattern_text)}
        if None in validators:
            return None
        value = pl.Series([pattern_text], dtype=pl.String)
        return any(bool(VALIDATORS[name](value, self.as_of)[0]) for name in sorted(validators))

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        if self.spec.normalize != "compact" or not _DIGIT_GAP.search(text):
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
        joined, origin = joined_digits(text)
        results = super().analyze(joined, entities, nlp_artifacts, regex_flags)
        for result in results:
            result.start, result.end = origin[result.start], origin[result.end - 1] + 1
        return results


def build_analyzer(specs: Iterable[DetectorSpec], as_of: date) -> AnalyzerEngine:
    """An AnalyzerEngine holding only our recognizers (one per spec with ``text_search``)."""
    recognizers = [SpecRecognizer(spec, as_of) for spec in specs if spec.text_search and searchable(spec)]
    if not recognizers:  # an empty registry would make Presidio load its predefined recognizers
        raise ConfigError("no detector spec has text_search: true with a pattern to search")
    registry = RecognizerRegistry(recognizers=recognizers, global_regex_flags=0, supported_languages=[LANGUAGE])
    return AnalyzerEngine(registry=registry, nlp_engine=BlankNlpEngine(), supported_languages=[LANGUAGE])


_BUILDING = threading.Lock()


@lru_cache(maxsize=4)
def _cached_analyzer(spec_json: tuple[str, ...], as_of: date) -> AnalyzerEngine:
    return build_analyzer((DetectorSpec.model_validate_json(text) for text in spec_json), as_of)


def shared_analyzer(specs: Iterable[DetectorSpec], as_of: date) -> AnalyzerEngine:
    """One analyzer per set of specs and date, shared by every column (building one loads spaCy)."""
    key = tuple(spec.model_dump_json() for spec in specs if spec.text_search)
    with _BUILDING:
        return _cached_analyzer(key, as_of)


def analyze_cells(analyzer: AnalyzerEngine, texts: list[str], column_name: str) -> list[list[RecognizerResult]]:
    """Presidio's findings in each cell, with the column name as context (it raises the score of
    an entity whose context words it contains)."""
    return [analyzer.analyze(text, LANGUAGE, context=[column_name]) if text else [] for text in texts]


def span_value(spec: DetectorSpec, text: str, result: RecognizerResult) -> str:
    """The identifier a span holds, as the fast engine reports it (digit groups joined)."""
    value = text[result.start : result.end]
    return joined_digits(value)[0] if spec.normalize == "compact" else value


def text_hits(
    specs: tuple[DetectorSpec, ...], as_of: date, texts: pl.Series, lengths: pl.Series, context: list[str]
) -> pl.DataFrame:
    """The fast engine's text search done by Presidio: for each cell, the entities whose identifiers
    are shorter than it; a frame of ``row`` (position in ``texts``), ``value``, ``score`` (the
    pattern's, before validation and context lift it), ``entity`` and ``weight`` (score × the
    entity's base confidence), each distinct row, value and score once."""
    analyzer = shared_analyzer(specs, as_of)
    supported = set(analyzer.get_supported_entities(LANGUAGE))
    by_id = {spec.id: spec for spec in specs if spec.id in supported}
    context = [word for word in context if word]
    columns: dict[str, list] = {"row": [], "value": [], "score": [], "entity": []}
    for row, (text, length) in enumerate(zip(texts.to_list(), lengths.to_list(), strict=True)):
        wanted = [entity for entity, spec in by_id.items() if (length or 0) > spec.length[1]]
        if not text or not wanted:  # no entities at all would mean every entity to Presidio
            continue
        for result in analyzer.analyze(text, LANGUAGE, entities=wanted, context=context, return_decision_process=True):
            columns["row"].append(row)
            columns["value"].append(span_value(by_id[result.entity_type], text, result))
            columns["score"].append(result.analysis_explanation.original_score)
            columns["entity"].append(result.entity_type)
    schema = {"row": pl.Int64, "value": pl.String, "score": pl.Float64, "entity": pl.String}
    base = {entity: spec.base_confidence for entity, spec in by_id.items()}
    return (
        pl.DataFrame(columns, schema=schema)
        .unique(["row", "value", "score", "entity"], maintain_order=True)
        .with_columns(weight=pl.col("score") * pl.col("entity").replace_strict(base, return_dtype=pl.Float64))
    )


class SecsuiteMask(Operator):
    """secsuite's masking as a Presidio operator, so evidence spans read the same in every output."""

    def operate(self, text: str, params: dict | None = None) -> str:
        params = params or {}
        return mask(text, params.get("style", "chars"), params.get("keep_start", 3), params.get("keep_end", 4))

    def validate(self, params: dict | None = None) -> None:
        style = (params or {}).get("style", "chars")
        if style not in get_args(MaskStyle):
            raise ValueError(f"unknown mask style {style!r}")

    def operator_name(self) -> str:
        return MASK_OPERATOR

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


@loaded_once
def _anonymizer() -> AnonymizerEngine:
    engine = AnonymizerEngine()
    engine.add_anonymizer(SecsuiteMask)
    return engine


def mask_text(text: str, results: list[RecognizerResult], specs: Iterable[DetectorSpec] | None = None) -> str:
    """``text`` with every detected span masked by its spec's mask settings (default chars for an
    entity no spec names). Adjacent spans are masked one by one, never merged."""
    operators = {"DEFAULT": OperatorConfig(MASK_OPERATOR, {})}
    for spec in specs if specs is not None else load_specs():
        settings = {"style": spec.mask.style, "keep_start": spec.mask.keep_start, "keep_end": spec.mask.keep_end}
        operators[spec.id] = OperatorConfig(MASK_OPERATOR, settings)
    spans = [AnonymizerResult(r.entity_type, r.start, r.end, r.score) for r in results]
    return _anonymizer().anonymize(text, spans, operators, merge_entities_with_spaces=False).text

