"""Checks of the transcription of the MOEACA 107 (2018) service-efficiency plan.

Pure data tests: no database, no application imports. The YAML seed file is checked against
the counts in shared/design/DOMAIN.md and, when the source text is available, verbatim against
the source (shared/reference/moeaca-107-service-efficiency-plan.txt).
"""

import datetime
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO_ROOT = Path(__file__).parents[2]
DATA_FILE = REPO_ROOT / "backend/uplift/seed/data/moeaca-107.yaml"
SOURCE_FILE = REPO_ROOT.parent / "shared" / "reference" / "moeaca-107-service-efficiency-plan.txt"
PAGE_HEADER = "面向 執行策略 具體推動作法"

ENTERPRISES = {"TAIPOWER", "CPC", "TAISUGAR", "TAIWATER"}
UNITS = {"次", "小時", "%", "份", "場", "戶", "件", "人", None}
COMPARISONS = {
    "at_least",
    "at_most",
    "exactly",
    "by_date",
    "increase_over_baseline",
    "completion",
    "report_only",
}
FREQUENCIES = {
    "per_case",
    "monthly",
    "bimonthly",
    "quarterly",
    "half_yearly",
    "yearly",
    "once",
    "unspecified",
}
INDICATOR_KEYS = {
    "name",
    "unit",
    "target",
    "comparison",
    "frequency",
    "due_date",
    "source_phrase",
}
OPTIONAL_INDICATOR_KEYS = {"baseline", "inferred", "inferred_reason"}

# Measure-owner assignments per enterprise, counted from the source (肆).
ASSIGNMENTS_PER_ENTERPRISE = {"TAIPOWER": 48, "CPC": 45, "TAISUGAR": 43, "TAIWATER": 43}

# (dimension, strategy) -> assignments per enterprise, counted from the source.
ASSIGNMENTS_PER_STRATEGY = {
    ("一", "服務一致及正確性"): {"TAIPOWER": 6, "CPC": 6, "TAISUGAR": 8, "TAIWATER": 7},
    ("一", "服務友善性"): {"TAIPOWER": 10, "CPC": 9, "TAISUGAR": 9, "TAIWATER": 9},
    ("二", "服務便捷性"): {"TAIPOWER": 6, "CPC": 5, "TAISUGAR": 6, "TAIWATER": 5},
    ("二", "服務可近性"): {"TAIPOWER": 4, "CPC": 4, "TAISUGAR": 4, "TAIWATER": 4},
    ("二", "服務成長及優化"): {"TAIPOWER": 2, "CPC": 5, "TAISUGAR": 2, "TAIWATER": 2},
    ("三", "內部作業簡化"): {"TAIPOWER": 1, "CPC": 1, "TAISUGAR": 2, "TAIWATER": 1},
    ("三", "服務機制精進"): {"TAIPOWER": 3, "CPC": 2, "TAISUGAR": 1, "TAIWATER": 3},
    ("四", "提高服務滿意度"): {"TAIPOWER": 5, "CPC": 4, "TAISUGAR": 5, "TAIWATER": 6},
    ("四", "積極回應民眾意見"): {"TAIPOWER": 5, "CPC": 4, "TAISUGAR": 4, "TAIWATER": 3},
    ("五", "開放參與"): {"TAIPOWER": 3, "CPC": 2, "TAISUGAR": 1, "TAIWATER": 2},
    ("五", "創新服務"): {"TAIPOWER": 3, "CPC": 3, "TAISUGAR": 1, "TAIWATER": 1},
}

# (strategy, owner, parent code) -> sub-item codes
SUB_ITEMS = {
    ("服務便捷性", "TAIPOWER", "(1)"): ["甲", "乙", "丙"],
    ("服務可近性", "TAISUGAR", "(3)"): ["甲", "乙", "丙"],
    ("提高服務滿意度", "CPC", "(2)"): ["甲", "乙"],
    ("創新服務", "TAIPOWER", "(2)"): ["甲", "乙", "丙"],
}


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as f:
        loaded: dict[str, Any] = yaml.safe_load(f)
    return loaded


@pytest.fixture(scope="module")
def plan(data: dict[str, Any]) -> dict[str, Any]:
    assert len(data["plans"]) == 1
    result: dict[str, Any] = data["plans"][0]
    return result


def _strategies(plan: dict[str, Any]) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    return [(d, s) for d in plan["dimensions"] for s in d["strategies"]]


def _measures(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for _, s in _strategies(plan) for m in s["measures"]]


def _sub_items(plan: dict[str, Any]) -> list[dict[str, Any]]:
    return [si for m in _measures(plan) for si in m.get("sub_items", [])]


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_organizations(data: dict[str, Any]) -> None:
    orgs = data["organizations"]
    codes = [o["code"] for o in orgs]
    assert codes == ["MOEA", "MOEACA", "TAIPOWER", "CPC", "TAISUGAR", "TAIWATER"]
    seen: set[str] = set()
    for org in orgs:
        assert org["kind"] in {"ministry", "commission", "enterprise", "unit"}
        assert org["parent"] is None or org["parent"] in seen  # parents before children
        seen.add(org["code"])
    short = {o["code"]: o["short_name_zh"] for o in orgs}
    assert short["TAIPOWER"] == "台電公司"
    assert short["CPC"] == "中油公司"
    assert short["TAISUGAR"] == "台糖公司"
    assert short["TAIWATER"] == "台水公司"


def test_plan_header(plan: dict[str, Any]) -> None:
    assert plan["year"] == 2018
    assert plan["issuer"] == "MOEACA"
    assert plan["title"] == "經濟部國營事業委員會107年度提升服務效能執行計畫"
    assert plan["report_due_date"] == datetime.date(2019, 3, 15)
    assert plan["core_values"] == ["公平共享", "參與合作", "開放透明"]
    bases = plan["bases"]
    assert [(b["issuer"], b["issued_on"]) for b in bases] == [
        ("行政院", datetime.date(2017, 1, 9)),
        ("經濟部", datetime.date(2017, 3, 15)),
    ]
    assert bases[0]["document_number"] == "院授發社字第1061300008號"
    assert bases[1]["document_number"] == "經研字第10604502170號"
    assert [r["kind"] for r in plan["review_rounds"]] == ["mid_year", "year_end"]
    assert [s["heading"] for s in plan["sections"]] == ["伍", "陸", "柒", "捌"]
    # 「捌、本計畫如有未盡事宜…」: the source gives this section no title
    assert [s["title"] for s in plan["sections"]] == ["實施步驟", "考核作業", "獎勵方式", None]


def test_target_categories(plan: dict[str, Any]) -> None:
    cats = {c["code"]: c for c in plan["target_categories"]}
    assert set(cats) == {"overall_service", "project_planning"}
    overall = {m["organization"]: m["scope"] for m in cats["overall_service"]["members"]}
    assert overall == {
        "TAIPOWER": "各區營業處",
        "CPC": "油品行銷事業部各營業處",
        "TAISUGAR": "各區處",
        "TAIWATER": "各區管理處",
    }
    project = [m["organization"] for m in cats["project_planning"]["members"]]
    assert project == ["MOEACA", "TAIPOWER", "CPC", "TAISUGAR", "TAIWATER"]


def test_dimensions_and_strategies(plan: dict[str, Any]) -> None:
    dims = plan["dimensions"]
    assert [d["code"] for d in dims] == ["一", "二", "三", "四", "五"]
    assert [d["name"] for d in dims] == ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新"]
    strategies = _strategies(plan)
    assert len(strategies) == 11
    assert [(d["code"], s["name"]) for d, s in strategies] == list(ASSIGNMENTS_PER_STRATEGY)
    for d in dims:
        codes = [s["code"] for s in d["strategies"]]
        assert codes == ["(一)", "(二)", "(三)"][: len(codes)]


def test_measure_counts(plan: dict[str, Any]) -> None:
    measures = _measures(plan)
    assert len(measures) == 177
    assert sum(len(m["owners"]) for m in measures) == 179
    assert len(_sub_items(plan)) == 11


def test_owners_are_enterprises(plan: dict[str, Any]) -> None:
    for m in _measures(plan):
        assert m["owners"], m
        assert set(m["owners"]) <= ENTERPRISES, m
        assert len(set(m["owners"])) == len(m["owners"]), m


def test_assignments_per_enterprise(plan: dict[str, Any]) -> None:
    counts = Counter(o for m in _measures(plan) for o in m["owners"])
    assert dict(counts) == ASSIGNMENTS_PER_ENTERPRISE
    for d, s in _strategies(plan):
        per = Counter(o for m in s["measures"] for o in m["owners"])
        assert dict(per) == ASSIGNMENTS_PER_STRATEGY[(d["code"], s["name"])], s["name"]


def test_shared_measures(plan: dict[str, Any]) -> None:
    shared = [(s["name"], m) for _, s in _strategies(plan) for m in s["measures"]]
    shared = [(name, m) for name, m in shared if len(m["owners"]) > 1]
    assert len(shared) == 2
    assert [name for name, _ in shared] == ["開放參與", "創新服務"]
    for _, m in shared:
        assert m["owners"] == ["TAISUGAR", "TAIWATER"]
        assert m["code"] is None


def test_measure_codes(plan: dict[str, Any]) -> None:
    for _, s in _strategies(plan):
        by_owner: dict[tuple[str, ...], list[str | None]] = {}
        for m in s["measures"]:
            by_owner.setdefault(tuple(m["owners"]), []).append(m["code"])
        for owners, codes in by_owner.items():
            numbered = [c for c in codes if c is not None]
            expected = [f"({i})" for i in range(1, len(numbered) + 1)]
            assert numbered == expected, (s["name"], owners, codes)


def test_sub_items(plan: dict[str, Any]) -> None:
    found = {
        (s["name"], m["owners"][0], m["code"]): [si["code"] for si in m["sub_items"]]
        for _, s in _strategies(plan)
        for m in s["measures"]
        if m.get("sub_items")
    }
    assert found == SUB_ITEMS
    for si in _sub_items(plan):
        assert not re.match(r"^[甲乙丙][、.]", si["text"]), si


def test_texts_are_clean(plan: dict[str, Any]) -> None:
    for item in _measures(plan) + _sub_items(plan):
        text = item["text"]
        assert isinstance(text, str)
        assert text
        assert "\n" not in text
        assert text == text.strip()
        assert _squash(PAGE_HEADER) not in _squash(text)
        assert not re.match(r"^\(\d+\)", text), text


def test_indicators_are_valid(plan: dict[str, Any]) -> None:
    count = 0
    for item in _measures(plan) + _sub_items(plan):
        for ind in item.get("indicators", []):
            count += 1
            assert INDICATOR_KEYS <= set(ind) <= INDICATOR_KEYS | OPTIONAL_INDICATOR_KEYS, ind
            assert ind["name"]
            assert ind["unit"] in UNITS, ind
            assert ind["comparison"] in COMPARISONS, ind
            assert ind["frequency"] in FREQUENCIES, ind
            assert ind["target"] is None or isinstance(ind["target"], int | float), ind
            assert ind["due_date"] is None or isinstance(ind["due_date"], datetime.date), ind
            if ind["comparison"] == "by_date":
                assert ind["due_date"] is not None, ind
            if ind["comparison"] in {"at_least", "at_most"}:
                assert ind["target"] is not None, ind
            assert _squash(ind["source_phrase"]) in _squash(item["text"]), ind
            if ind["comparison"] == "completion":
                assert (ind["target"], ind["unit"]) == (100, "%"), ind
            if ind["comparison"] == "report_only":
                assert ind["target"] is None, ind
            if ind.get("baseline") is not None:
                assert ind["comparison"] == "increase_over_baseline", ind
            assert bool(ind.get("inferred")) == bool(ind.get("inferred_reason")), ind
    assert count == 20


def _find(plan: dict[str, Any], strategy: str, owner: str, code: str) -> dict[str, Any]:
    for _, s in _strategies(plan):
        if s["name"] != strategy:
            continue
        for m in s["measures"]:
            if m["owners"] == [owner] and m["code"] == code:
                return m
    raise AssertionError(f"no measure {strategy} {owner} {code}")


def _indicator(item: dict[str, Any]) -> tuple[Any, ...]:
    ind = item["indicators"][0]
    return (ind["unit"], ind["target"], ind["comparison"], ind["frequency"], ind["due_date"])


def test_key_indicators(plan: dict[str, Any]) -> None:
    courtesy = _find(plan, "服務友善性", "TAIWATER", "(6)")
    assert _indicator(courtesy) == ("次", 1, "at_least", "bimonthly", None)
    complaints = _find(plan, "積極回應民眾意見", "TAISUGAR", "(4)")
    assert _indicator(complaints) == ("小時", 72, "at_most", "per_case", None)
    simplify = _find(plan, "內部作業簡化", "TAISUGAR", "(2)")
    assert _indicator(simplify) == ("份", 1, "at_least", "half_yearly", None)
    assert simplify["indicators"][0]["inferred"] is True
    survey = _find(plan, "提高服務滿意度", "CPC", "(1)")
    assert _indicator(survey) == ("次", 1, "exactly", "yearly", None)
    stations = _find(plan, "提高服務滿意度", "CPC", "(2)")
    assert _indicator(stations["sub_items"][0]) == ("次", 1, "at_least", "yearly", None)
    assert stations["sub_items"][0]["indicators"][0]["inferred"] is True
    in_time = _find(plan, "服務一致及正確性", "TAIWATER", "(3)")
    assert _indicator(in_time) == ("%", 100, "completion", "unspecified", None)
    web = _find(plan, "服務友善性", "TAIPOWER", "(5)")
    assert _indicator(web)[4] is None  # the source gives no date
    online = _find(plan, "服務便捷性", "TAIPOWER", "(5)")
    assert _indicator(online) == ("%", None, "increase_over_baseline", "unspecified", None)
    payment = _find(plan, "服務便捷性", "TAIPOWER", "(1)")
    e_pay = payment["sub_items"][1]
    assert e_pay["code"] == "乙"
    assert _indicator(e_pay) == (None, None, "by_date", "once", datetime.date(2018, 6, 30))


def test_known_typos_kept(plan: dict[str, Any]) -> None:
    texts = "\n".join(item["text"] for item in _measures(plan) + _sub_items(plan))
    for typo in ["服務。。", "推動動電子發票", "處裡期限", "案計處理時間", "建建置", "對對本公司"]:
        assert typo in texts, typo


def test_verbatim_against_source(plan: dict[str, Any]) -> None:
    if not SOURCE_FILE.exists():
        pytest.skip(f"source not available: {SOURCE_FILE}")
    source = _squash(SOURCE_FILE.read_text(encoding="utf-8").replace(PAGE_HEADER, ""))
    for item in _measures(plan) + _sub_items(plan):
        assert _squash(item["text"]) in source, item["text"]
    for _, s in _strategies(plan):
        assert _squash(s["name"]) in source, s["name"]
    others = [plan["objectives"], *(b["text"] for b in plan["bases"])]
    others += [line for sec in plan["sections"] for line in sec["body"].split("\n")]
    others += [r["description"] for r in plan["review_rounds"]]
    for text in others:
        assert _squash(text) in source, text


# What a phrase must say for a value to count as read from it. A value not read is allowed
# only on an indicator marked inferred, with its reason.
FREQUENCY_WORDS = {
    "per_case": r"案件",
    "monthly": r"每(個)?月",
    "bimonthly": r"每(2|兩)個月",
    "quarterly": r"每季",
    "half_yearly": r"每半年",
    "yearly": r"每年",
}
AT_LEAST = r"至少|以上"
AT_MOST = r"以?內|不超過|至多"
INCREASE = r"提升|提高|增加|成長"
COMPLETION = r"完成|取得"
RATE = r"率|比例|%"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _unit_read(unit: str, phrase: str) -> bool:
    if unit == "%":
        return re.search(RATE, phrase) is not None
    # a counted unit: 「1次」, or the count named by it: 「次數」「戶數」
    return re.search(rf"\d{re.escape(unit)}|{re.escape(unit)}數", phrase) is not None


def _date_read(due: datetime.date, phrase: str) -> bool:
    if f"{due.year - 1911}" not in phrase:
        return False
    if (due.month, due.day) == (6, 30):
        return "上半年" in phrase
    if (due.month, due.day) == (12, 31):
        return re.search(r"年底|下半年", phrase) is not None
    return f"{due.month}月" in phrase


def _unread(ind: dict[str, Any]) -> list[str]:
    """The values of an indicator its source phrase does not state."""
    phrase = _squash(ind["source_phrase"] or "")
    comparison, target, unit = ind["comparison"], ind["target"], ind["unit"]
    unread = []
    if comparison == "completion":
        # 100 % is what 完成 means: every case, all of it
        if re.search(COMPLETION, phrase) is None:
            unread.append("comparison")
    else:
        if target is not None and re.search(rf"(?<!\d){_number(target)}(?!\d)", phrase) is None:
            unread.append("target")
        if unit is not None and not _unit_read(unit, phrase):
            unread.append("unit")
        words = {
            "at_least": AT_LEAST,
            "at_most": AT_MOST,
            "increase_over_baseline": INCREASE,
        }.get(comparison)
        if words is not None and re.search(words, phrase) is None:
            unread.append("comparison")
        if comparison == "exactly" and (
            target is None
            or re.search(rf"(?<!\d){_number(target)}{re.escape(unit or '')}", phrase) is None
            or re.search(f"{AT_LEAST}|{AT_MOST}", phrase) is not None
        ):
            unread.append("comparison")
        if comparison == "by_date" and ind["due_date"] is None:
            unread.append("comparison")
    if ind.get("baseline") is not None and _number(ind["baseline"]) not in phrase:
        unread.append("baseline")
    if ind["due_date"] is not None and not _date_read(ind["due_date"], phrase):
        unread.append("due_date")
    frequency = ind["frequency"]
    if frequency == "once":
        if ind["due_date"] is None:  # a one-off is read from the date it is due by
            unread.append("frequency")
    elif frequency != "unspecified":
        if re.search(FREQUENCY_WORDS[frequency], phrase) is None:
            unread.append("frequency")
    elif any(
        re.search(words, phrase)
        for name, words in FREQUENCY_WORDS.items()
        if name != "per_case"  # a phrase about cases may still leave the period open
    ):
        unread.append("frequency")  # the phrase says how often; unspecified would hide it
    return unread


def test_indicators_say_only_what_their_source_phrase_says(plan: dict[str, Any]) -> None:
    if not SOURCE_FILE.exists():
        pytest.skip(f"source not available: {SOURCE_FILE}")
    source = _squash(SOURCE_FILE.read_text(encoding="utf-8").replace(PAGE_HEADER, ""))
    wrong = []
    for item in _measures(plan) + _sub_items(plan):
        for ind in item.get("indicators", []):
            phrase = ind["source_phrase"]
            assert phrase, ind
            assert _squash(phrase) in source, phrase
            assert _squash(phrase) in _squash(item["text"]), phrase
            unread = _unread(ind)
            if unread and not ind.get("inferred"):
                wrong.append(f"{ind['name']}: {', '.join(unread)} not in 「{phrase}」")
            if ind.get("inferred") and not unread:
                wrong.append(f"{ind['name']}: marked inferred but every value is read")
            if ind.get("inferred"):
                assert ind.get("inferred_reason"), ind
    assert not wrong, "\n".join(wrong)


def test_inferred_check_catches_a_guess() -> None:
    """The check above fails on the guesses it exists to catch."""
    guess = {
        "name": "直銷客戶滿意度調查",
        "unit": "次",
        "target": 1,
        "comparison": "at_least",  # the source says 每年辦理 1次: exactly once
        "frequency": "yearly",
        "due_date": None,
        "source_phrase": "每年辦理 1次「直銷客戶滿意度調查」",
    }
    assert _unread(guess) == ["comparison"]
    assert _unread({**guess, "comparison": "exactly"}) == []
    silent = {**guess, "comparison": "report_only", "target": None, "frequency": "half_yearly"}
    assert _unread({**silent, "source_phrase": "提供辦理次數及成果"}) == ["frequency"]
    dated = {**guess, "comparison": "by_date", "target": None, "unit": None, "frequency": "once"}
    dated["due_date"] = datetime.date(2018, 12, 31)
    assert _unread({**dated, "source_phrase": "各區營業處網站通過無障礙檢測"}) == ["due_date"]
