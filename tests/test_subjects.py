"""Subjects printed by name alone (杭州 budget tables print no codes; 01/04 list 款 and 项 under
their 类 by name): the catalog's code, found under the rows above."""

from __future__ import annotations

from ingest.subjects import CodeResolver, named_as_catalog


def test_a_name_resolves_under_the_open_rows_deepest_first() -> None:
    r = CodeResolver("function")
    assert r.resolve_name("自然资源海洋气象等支出") == "220"
    assert r.resolve_name("气象事务", ("220",)) == "22005"
    # 行政运行 is a 项 under every 款: only the open 款 decides
    assert r.resolve_name("行政运行", ("22005", "220")) == "2200501"
    # a sibling 款 after a 项: not a child of the 项 or its 款, a child of the 类
    assert r.resolve_name("行政事业单位医疗", ("2080501", "20805", "210")) == "21011"
    # a new 类 after the last 项 of another
    assert r.resolve_name("卫生健康支出", ("2080506", "20805", "208")) == "210"


def test_a_name_without_a_certain_subject_is_not_guessed() -> None:
    r = CodeResolver("function")
    assert r.resolve_name("行政运行") is None  # no 类 of that name, no open row
    assert r.resolve_name("气象服务", ("201",)) is None  # not under the open 类


def test_a_name_twice_under_one_parent_takes_the_next_code() -> None:
    r = CodeResolver("economic")
    # 其他社会保障缴费 is both 30104 and 30112: printed after 30110, it is 30112
    assert r.resolve_name("其他社会保障缴费", ("30110", "301"), after="30110") == "30112"
    assert r.resolve_name("医疗费", ("30113", "301")) == "30114"  # 30307's variant 医疗费 is under 303


def test_a_clipped_code_completes_to_the_code_named_so_before_one_whose_name_begins_so() -> None:
    r = CodeResolver("function")
    # 预算 seed 2434 (scanned): `206060 | 社会科学研究` under 20606 is 2060602; 2060601 社会科学研究机构
    # only begins so, and was taken for the first code after the row before's (20606)
    assert r.resolve("206060", "社会科学研究", "20606", after="20606") == "2060602"
    assert r.resolve("206060", "社会科学研究机构", "20606", after="20606") == "2060601"
    # a name cut short that two codes' names begin is no code's exact name: not guessed
    assert r.resolve("206060", "社会科学研", "20606", after="20606") is None


def test_the_dropped_deng_of_a_template_is_no_misreading_but_that_of_zhongdeng_is() -> None:
    # Templates print 商业服务业支出 for 商业服务业等支出; 中职业学校教学设施 is a scan's misreading
    # of 2050905 中等职业学校教学设施 (预算 seed 2504: published under that code with the 等 lost)
    assert named_as_catalog("216", "商业服务业支出")
    assert named_as_catalog("2050905", "中等职业学校教学设施")
    assert not named_as_catalog("2050905", "中职业学校教学设施")
    assert not named_as_catalog("2050205", "高教育")
