"""The Presidio text engine: our specs as recognizers, no model or network, the same verdicts as the
fast engine on the bundled example's free text."""

from __future__ import annotations

import json
import socket
import subprocess
import sys

import pytest
import spacy
import yaml

from secsuite.detect.presidio_engine import (
    LANGUAGE,
    SpecRecognizer,
    analyze_cells,
    build_analyzer,
    mask_text,
)
from secsuite.masking import mask
from secsuite.scan.dataset import ScanOptions
from secsuite.scan.pipeline import ScanRequest, run_scan
from tests.conftest import EXAMPLES

TRUTH = yaml.safe_load((EXAMPLES / "truth.yaml").read_text(encoding="utf-8"))["datasets"]
FREE_TEXT = {
    "data/公安/人口基本信息.csv": "备注",
    "data/卫健/门诊就诊记录.json": "病历摘要",
    "data/政务服务/办件记录.jsonl": "满意度评价",
}

CASES = [
    ("监护人身份证号11010519491231002X，已核实", [("CN_RESIDENT_ID", "11010519491231002X")]),
    ("原登记身份证号110105194912310021有误", []),  # wrong check digit: dropped by the validator
    ("请致电+86 138-0013-8000联系", [("CN_MOBILE", "+86 138-0013-8000")]),
    ("家属电话13800138000，13912345678", [("CN_MOBILE", "13800138000"), ("CN_MOBILE", "13912345678")]),
    ("邮箱 zhang.san@example.com.cn 已登记", [("EMAIL", "zhang.san@example.com.cn")]),
    ("退款至卡号6222020200112233446", [("BANK_CARD", "6222020200112233446")]),
    ("车牌苏A12345违章停车", [("CN_LICENSE_PLATE", "苏A12345")]),
    ("异常号牌浙苏H6F681", []),  # after a province's character: part of a malformed plate, as in the fast engine
    ("登录IP 192.168.1.10，网卡00:1A:2B:3C:4D:5E", [("IP_ADDRESS", "192.168.1.10"), ("MAC_ADDRESS", "00:1A:2B:3C:4D:5E")]),
    ("企业信用代码91350100M000100Y43", [("CN_USCC", "91350100M000100Y43")]),
    ("订单编号A13800138000B", []),  # inside a longer word: not a phone
    ("排队时间太长，希望增加窗口", []),
]


@pytest.fixture(scope="module")
def analyzer(specs, as_of):
    return build_analyzer(specs, as_of)


def spans(text: str, results) -> list[tuple[str, str]]:
    return sorted((r.entity_type, text[r.start : r.end]) for r in results)


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_spans_found_and_validated(analyzer, text, expected):
    [results] = analyze_cells(analyzer, [text], "备注")
    assert spans(text, results) == sorted(expected)


def test_the_analyzer_holds_only_our_recognizers(analyzer, specs):
    recognizers = analyzer.registry.recognizers
    assert all(isinstance(r, SpecRecognizer) for r in recognizers)
    assert {r.supported_entities[0] for r in recognizers} == {s.id for s in specs if s.text_search}
    assert analyzer.get_supported_entities(LANGUAGE) == analyzer.get_supported_entities()


def test_no_model_and_no_network_needed(monkeypatch, specs, as_of):
    def refuse(*args, **kwargs):
        raise AssertionError("no spaCy model and no network may be used")

    monkeypatch.setattr(spacy.util, "get_installed_models", lambda: [])
    monkeypatch.setattr(spacy, "load", refuse)
    monkeypatch.setattr(spacy.cli, "download", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    fresh = build_analyzer(specs, as_of)
    [results] = analyze_cells(fresh, ["邮箱 zhang.san@example.com.cn，电话13800138000"], "备注")
    assert {r.entity_type for r in results} == {"EMAIL", "CN_MOBILE"}


def test_the_column_name_as_context_raises_the_score(analyzer):
    text = "车牌苏A12345违章停车"  # the plate has no validator, so its pattern score is below 1
    [plain] = analyze_cells(analyzer, [text], "备注")
    [hinted] = analyze_cells(analyzer, [text], "车牌号码")
    assert spans(text, plain) == spans(text, hinted) == [("CN_LICENSE_PLATE", "苏A12345")]
    assert hinted[0].score > plain[0].score


@pytest.mark.parametrize(("text", "expected"), [case for case in CASES if case[1]])
def test_the_anonymizer_masks_spans_like_secsuite(analyzer, specs, text, expected):
    [results] = analyze_cells(analyzer, [text], "备注")
    settings = {s.id: s.mask for s in specs}
    masked = text
    for result in sorted(results, key=lambda r: r.start, reverse=True):
        m = settings[result.entity_type]
        span = mask(text[result.start : result.end], m.style, m.keep_start, m.keep_end)
        masked = masked[: result.start] + span + masked[result.end :]
    assert mask_text(text, results, specs) == masked
    assert all(value not in masked for _, value in expected)


def scan_free_text(specs, guide, as_of, engine: str) -> dict[str, list[tuple[str, str, int]]]:
    request = ScanRequest(paths=[str(EXAMPLES / key) for key in FREE_TEXT], guide=guide, specs=specs, as_of=as_of,
                          options=ScanOptions(full=True, text_engine=engine))
    result = run_scan(request)
    assert not result.errors
    found = {}
    for dataset in result.datasets:
        key = dataset.source.split("examples/", 1)[1]
        [field] = [f for f in dataset.fields if f.name == FREE_TEXT[key]]
        found[key] = sorted((e.type, e.mode, e.hits) for e in field.entities)
    return found


def test_presidio_and_fast_engines_agree_on_the_example(specs, guide, as_of):
    fast = scan_free_text(specs, guide, as_of, "fast")
    presidio = scan_free_text(specs, guide, as_of, "presidio")
    assert presidio == fast
    searched = {spec.id for spec in specs if spec.text_search}  # HEALTH_INFO is a vocabulary found as a value
    for key, column in FREE_TEXT.items():
        text_hits = {entity: hits for entity, mode, hits in presidio[key] if mode == "text"}
        assert text_hits == {e: n for e, n in TRUTH[key]["hits"][column].items() if e in searched}
        assert text_hits


def test_scan_command_takes_the_text_engine(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "secsuite", "scan", str(EXAMPLES / "data/政务服务/办件记录.jsonl"), "--no-store",
         "--full", "--text-engine", "presidio", "--format", "json", "--as-of", "2025-12-31"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [dataset] = json.loads(done.stdout)["datasets"]
    [field] = [f for f in dataset["fields"] if f["name"] == "满意度评价"]
    assert [(e["type"], e["mode"], e["hits"]) for e in field["entities"]] == [("CN_MOBILE", "text", 85)]
    assert all("****" in example for example in field["entities"][0]["examples"])
