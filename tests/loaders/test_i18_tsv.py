"""The ``mysql -B`` export reader: what the batch client writes reads back as the values stored."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.errors import LoadError
from linter.loaders.db_rows import tables_of
from linter.loaders.db_tsv import iter_tsv, load_tsv
from linter.loaders.reading import read_text

HEADER = "config_id\tscope\tscope_id\tpath\tvalue\tupdated_at\n"


def _rows(text: str, file: str = "core_config_data.tsv") -> list[tuple[str | None, ...]]:
    return tables_of(load_tsv(text, file))[file.rsplit(".", 1)[0].rsplit("/", 1)[-1]].rows


def _written(value: str | None) -> str:
    """A value as mysql -B writes it (client/mysql.cc, safe_put_field: NUL, tab, newline, backslash)."""
    if value is None:
        return "NULL"
    return value.replace("\\", "\\\\").replace("\0", "\\0").replace("\t", "\\t").replace("\n", "\\n")


def test_the_four_escapes_null_and_a_raw_carriage_return() -> None:
    text = (
        HEADER
        + "17\tstores\t1\tdesign/head/includes\t<link />\r\\n<script>x</script>\r\\n\t2026-11-03 09:05:12\n"
        + "19\tstores\t1\tdesign/footer/absolute_footer\tCol A\\tCol B\\\\nnot\\0end\t2026-11-03 09:05:12\n"
        + "8\tdefault\t0\tweb/cookie/cookie_domain\tNULL\t2026-09-14 08:12:04\n"
    )
    rows = _rows(text)
    assert rows[0][4] == "<link />\r\n<script>x</script>\r\n"
    assert rows[1][4] == "Col A\tCol B\\nnot\0end"
    assert rows[2][4] is None
    assert [row[0] for row in rows] == ["17", "19", "8"]


def test_a_subset_of_columns_in_any_order_and_the_line_of_each_row() -> None:
    document = load_tsv(
        "path\tvalue\tscope_id\tscope\nweb/seo/use_rewrites\t1\t0\tdefault\n\n", "x/core_config_data.tsv"
    )
    table = tables_of(document)["core_config_data"]
    assert table.columns == ("path", "value", "scope_id", "scope")
    assert table.rows == [("web/seo/use_rewrites", "1", "0", "default")]
    assert table.lines == [2]
    assert document.format == "db_tsv" and document.file == "x/core_config_data.tsv"


def test_the_store_tables_are_named_after_their_files() -> None:
    text = (
        "website_id\tcode\tname\tsort_order\tdefault_group_id\tis_default\n"
        "0\tadmin\tAdmin\t0\t0\t0\n1\tbase\tMain Website\t0\t1\t1\n"
    )
    assert [row[1] for row in _rows(text, "store_website.tsv")] == ["admin", "base"]
    with pytest.raises(LoadError, match="store export without the column website_id") as raised:
        load_tsv("store_id\tcode\n1\tdefault\n", "shop/store.tsv")
    assert raised.value.line == 1


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("1\tdefault\t0\tweb/a/b\tv\n", 1, "must name the columns"),  # --skip-column-names
        ("scope\tscope\tscope_id\tpath\tvalue\n", 1, "names a column twice"),
        (HEADER + "1\tdefault\t0\tweb/a/b\tv\n", 2, "5 values where the header names 6 columns"),
        (HEADER + "1\tdefault\t0\tweb/a/b\tC:\\temp\\x\t2026\n", 2, "an escape that mysql -B does not write"),
        (
            HEADER + "1\tdefault\t0\tweb/a/b\tv\t2026\n2\tdefault\t0\tweb/a/c\tend\\\t2026\n",
            3,
            "backslash ending",
        ),
    ],
)
def test_malformed_exports_name_the_line(text: str, line: int, message: str) -> None:
    with pytest.raises(LoadError, match=message) as raised:
        load_tsv(text, "core_config_data.tsv")
    assert raised.value.line == line and raised.value.file == "core_config_data.tsv"


def test_bytes_that_are_not_utf8_are_kept_and_a_secret_in_a_bad_row_is_not_quoted(tmp_path: Path) -> None:
    path = tmp_path / "core_config_data.tsv"
    path.write_bytes(b"scope\tscope_id\tpath\tvalue\ndefault\t0\tgeneral/store_information/city\tK\xf6ln\r\n")
    rows = _rows(read_text(path, "core_config_data.tsv", exact=True))
    assert rows[0][3].encode("utf-8", "surrogateescape") == b"K\xf6ln\r"
    secret = "0:3:Zp4mV9kQ2rT6wY1uE8iO3aS7dF5gH0jK4lX2"
    with pytest.raises(LoadError) as raised:
        load_tsv(f"scope\tscope_id\tpath\tvalue\ndefault\t0\tx/y\t{secret}\\q\n", "core_config_data.tsv")
    assert secret[4:12] not in raised.value.one_line()


@pytest.mark.parametrize(
    "text",
    [
        HEADER + "1\tdefault\t0\tweb/a/b\t" + "\\\\" * 2_000_000 + "\t2026\n",  # a 4 MB value of escapes
        HEADER + "\t" * 3_000_000,  # one line of tabs
        HEADER + "1\tdefault\t0\tweb/a/b\tv\t2026\n" * 200_000,  # many rows
    ],
)
def test_huge_lines_and_many_rows_take_linear_time(text: str) -> None:
    started = time.perf_counter()
    try:
        load_tsv(text, "core_config_data.tsv")
    except LoadError as error:
        assert error.line == 2
    assert time.perf_counter() - started < 20


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["default", "websites", "stores"]),
            st.integers(0, 400),
            st.one_of(st.none(), st.text()),
        ),
        max_size=20,
    )
)
def test_what_mysql_writes_reads_back_as_what_was_stored(rows: list[tuple[str, int, str | None]]) -> None:
    stored = [(scope, str(scope_id), f"a/b/c{i}", value) for i, (scope, scope_id, value) in enumerate(rows)]
    # mysql -B cannot tell the string NULL from SQL NULL; neither can any reader of its output.
    stored = [row if row[3] != "NULL" else (*row[:3], None) for row in stored]
    text = "scope\tscope_id\tpath\tvalue\n" + "".join("\t".join(map(_written, row)) + "\n" for row in stored)
    streamed = [
        row for _, _, row, _ in iter_tsv(io.StringIO(text, newline="\n"), "t.tsv", "core_config_data")
    ]
    assert streamed == stored
    assert _rows(text) == stored
