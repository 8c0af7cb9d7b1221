"""Every signal a scan can give an entity has its words, in both languages, for the report and the
web pages (a missing one stopped the report with a KeyError)."""

from __future__ import annotations

import pytest

from secsuite.detect import ner
from secsuite.detect.context import CONTEXT_SIGNALS
from secsuite.report.texts import Texts

SIGNALS = {"name_hint", "mixed_column", "bare_with_name", "about_individuals", "composite_cell", "labelled_piece",
           "sampled_cells", "text", "free_text_name", f"ner:{ner.ENGINE}", *CONTEXT_SIGNALS}


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("signal", sorted(SIGNALS))
def test_every_signal_has_its_words(signal: str, lang: str) -> None:
    assert Texts(lang)(f"signal_{signal}").strip()
