"""The PC-Axis reader: SCB's real files, symbols, encodings, languages, errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from skl_socialmedia import PublishedFigures, load
from skl_socialmedia.errors import DataError, UsageError
from skl_socialmedia.published.flags import Flag
from skl_socialmedia.published.mapping import CubeMapping, cube_figures
from skl_socialmedia.sources.cubes.px import read_px

DATA = Path(__file__).parent / "data"


def test_scb_population_by_county_holds_its_cells() -> None:
    cube = read_px(DATA / "scb-pxweb-BE0101N1.px")
    assert cube.id == "BE0101N1"
    assert [d.id for d in cube.dimensions] == ["region", "period", "sex"]
    assert [len(d) for d in cube.dimensions] == [21, 2, 2]
    assert cube.dimension("period").role == "time"
    assert len(cube.observations) == 84
    # cells read by hand from the file (DATA rows 1, 2 and 21)
    assert cube.get(region="01", period="2007", sex="1").value == 961146
    assert cube.get(region="01", period="2008", sex="2").value == 1003464
    assert cube.get(region="03", period="2007", sex="1").value == 160281
    assert cube.get(region="25", period="2008", sex="2").value == 123149
    # CHARSET="ANSI": cp1252 bytes read as such
    region = cube.dimension("region")
    assert region.label_of("04") == "04 Södermanland county"
    note = cube.get(region="03", period="2007", sex="1").note
    assert note is not None
    assert "Heby" in note.en
    assert cube.unit is not None
    assert cube.unit.kind == "count"


def test_scb_symbols_file_keeps_every_symbol() -> None:
    cube = read_px(DATA / "scb-pxweb-BE0101F1pnosymbol.px")
    women = {(o.key[0], o.key[1]): o for o in cube.observations if o.key[3] == "2"}
    # DATA=456 "." / 613 ".." / 835 "..." / 590 "...." / 771 "....." / 924 "......"
    expected = {
        ("00", "20"): ".",
        ("00", "21"): "..",
        ("00", "22"): "...",
        ("01", "20"): "....",
        ("01", "21"): ".....",
        ("01", "22"): "......",
    }
    for key, symbol in expected.items():
        assert women[key].value is None
        assert women[key].symbols == (symbol,)
        assert women[key].missing
    assert women[("00", "20")].flags == (Flag.NOT_APPLICABLE,)
    assert women[("00", "21")].flags == (Flag.NOT_AVAILABLE,)
    assert cube.get(region="01", age="20", period="2003", sex="1").value == 590
    assert cube.get(region="01", age="22", period="2003", sex="1").value == 924
    assert women[("0115", "22")].value == 23
    assert cube.dimension("region").label_of("0114") == "0114 Upplands Väsby"
    assert cube.dimension("region").notes["00"].en == "Request value note for Sweden"
    cell = cube.get(region="0114", age="20", period="2003", sex="1")
    assert cell is not None
    assert cell.note is not None
    assert cell.note.en == "Cellnote 20 year old men"
    assert any("Mandatory English note" in n.en for n in cube.notes)


def test_scb_births_with_290_municipalities() -> None:
    cube = read_px(DATA.parent / "data" / "scb-pxweb-BE0101D1.px")
    assert len(cube.observations) == 46176
    region = cube.dimension("region")
    assert len(region) == 312
    assert "1917" in region.codes
    assert region.label_of("2081") == "2081 Borcountyge"
    # the file ends its DATA without ';' (as SCB wrote it); rows 2 and 3 by hand
    assert cube.get(**{"region": "00", "maternal age": "15", "year": "2002",
                       "gender": "2"}).value == 9  # fmt: skip
    assert cube.get(**{"region": "00", "maternal age": "16", "year": "2003",
                       "gender": "2"}).value == 27  # fmt: skip


def _px(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "t.px") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


HEAD = """CHARSET="ANSI";
MATRIX="T1";
TITLE="Företag med sociala medier";
UNITS="procent";
STUB="land";
HEADING="år";
VALUES("land")="Danmark","Sverige";
VALUES("år")="2013","2019";
CODES("land")="DK","SE";
TIMEVAL("år")=TLIST(A1),"2013","2019";
"""


def test_cp1252_and_utf8_give_the_same_table(tmp_path: Path) -> None:
    body = HEAD + 'DATA=\n49 75\n54 "-";\n'
    ansi = read_px(_px(tmp_path, body, "cp1252", "a.px"))
    utf8 = read_px(
        _px(tmp_path, body.replace('CHARSET="ANSI";', 'CODEPAGE="utf-8";'), "utf-8")
    )
    assert ansi.title.en == utf8.title.en == "Företag med sociala medier"
    assert ansi.observations == utf8.observations
    nil = ansi.get(land="SE", år="2019")
    assert nil is not None
    assert (nil.value, nil.flags, nil.symbols) == (0.0, (Flag.NIL,), ("-",))
    figures = cube_figures(ansi)
    assert figures.get("Danmark", "T1", "2019").percent == 75  # type: ignore[union-attr]


def test_two_languages(tmp_path: Path) -> None:
    text = (
        HEAD.replace(
            'CHARSET="ANSI";', 'CHARSET="ANSI";\nLANGUAGE="sv";\nLANGUAGES="sv","en";'
        )
        + 'TITLE[en]="Enterprises with social media";\n'
        'STUB[en]="country";\nHEADING[en]="year";\n'
        'VALUES[en]("country")="Denmark","Sweden";\n'
        'VALUES[en]("year")="2013","2019";\n'
        "DATA=\n49 75\n54 71;\n"
    )
    cube = read_px(_px(tmp_path, text, "cp1252"))
    assert cube.title.en == "Enterprises with social media"
    assert cube.title.sv == "Företag med sociala medier"
    land = cube.dimension("land")
    assert (land.label.en, land.label.sv) == ("country", "land")
    assert land.label_of("DK", "en") == "Denmark"
    assert land.label_of("DK", "sv") == "Danmark"
    assert cube.dimension("country") is land
    english = cube_figures(cube, CubeMapping(lang="en"))
    swedish = cube_figures(cube, CubeMapping(lang="sv"))
    assert english.groups == ("Denmark", "Sweden")
    assert swedish.groups == ("Danmark", "Sverige")


def test_the_px_source_through_load(tmp_path: Path) -> None:
    path = _px(tmp_path, HEAD + "DATA=\n49 75\n54 71;\n", "cp1252")
    loaded = load(str(path))
    assert isinstance(loaded, PublishedFigures)
    assert loaded.get("Sverige", "T1", "2013").percent == 54  # type: ignore[union-attr]
    picked = load(f"px://{path}", by="land", items="T1")
    assert isinstance(picked, PublishedFigures)
    with pytest.raises(UsageError, match="no option colour"):
        load(str(path), colour="red")


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        ("DATA=\n49 75\n54;\n", 5, "3 cells; the variables need 4"),
        ("DATA=\n49 75\n54 x;\n", 5, "not a number"),
        ('DATA=\n49 75\n54 "..;\n', 5, "not closed"),
        ("DATA=\n49 75\n54 71; 3\n", 5, "after the end"),
    ],
)
def test_bad_data_names_file_and_line(
    tmp_path: Path, data: str, line: int, message: str
) -> None:
    head = HEAD.replace("\n", " ", 10)  # the keywords on one line, then DATA
    path = _px(
        tmp_path, head.rstrip() + "\n" + "\n" + data.replace("DATA=\n", "DATA=\n")
    )
    with pytest.raises(DataError, match=message) as info:
        read_px(path)
    assert info.value.location is not None
    assert info.value.location.file == str(path)
    assert info.value.location.line is not None


def test_truncated_files_name_the_file(tmp_path: Path) -> None:
    whole = (DATA / "scb-pxweb-BE0101N1.px").read_bytes()
    for cut in (40, 700, len(whole) - 30):
        path = tmp_path / "cut.px"
        path.write_bytes(whole[:cut])
        with pytest.raises(DataError) as info:
            read_px(path)
        assert info.value.location is not None
        assert info.value.location.file == str(path)
        assert info.value.location.line is not None


def test_datanote_symbols_and_note_lines(tmp_path: Path) -> None:
    text = HEAD + (
        'DATANOTE("land","Sverige")="p";\n'
        'DATANOTECELL("Danmark","2019")="b";\n'
        'DATANOTE="*";\n'
        'NOTE="First line#second line##new paragraph";\n'
        "DATA=\n49 75\n54 71;\n"
    )
    cube = read_px(_px(tmp_path, text, "cp1252"))
    sweden = cube.get(land="SE", år="2013")
    assert sweden is not None
    assert (sweden.symbols, sweden.flags) == (("p",), (Flag.PROVISIONAL,))
    denmark = cube.get(land="DK", år="2019")
    assert denmark is not None
    assert (denmark.symbols, denmark.flags) == (("b",), (Flag.BREAK,))
    assert cube.get(land="DK", år="2013").symbols == ()  # type: ignore[union-attr]
    notes = [n.en for n in cube.notes]
    assert "First line second line new paragraph" in notes
    assert "Data note: *" in notes


def test_keys_records_give_the_full_table(tmp_path: Path) -> None:
    head = HEAD.replace('STUB="land";', 'STUB="land","kön";').replace(
        'CODES("land")="DK","SE";',
        'CODES("land")="DK","SE";\nVALUES("kön")="män","kvinnor";\n'
        'KEYS("land")=CODES;\nKEYS("kön")=VALUES;',
    )
    data = 'DATA=\n"DK","män",49 75\n"SE","kvinnor",54 ".."\n;\n'
    keyed = read_px(_px(tmp_path, head + data, "cp1252"))
    plain = head.replace("KEYS", "X-KEYS") + 'DATA=\n49 75\n0 0\n0 0\n54 ".."\n;\n'
    full = read_px(_px(tmp_path, plain, "cp1252", name="full.px"))
    assert keyed.observations == full.observations
    assert keyed.get(land="SE", kön="män", år="2013").value == 0  # type: ignore[union-attr]
    bad = _px(tmp_path, head + 'DATA=\n"NO","män",49 75\n;\n', "cp1252", "bad.px")
    with pytest.raises(DataError, match="expected a key of 'land'") as info:
        read_px(bad)
    assert info.value.location is not None
    assert info.value.location.line == head.count("\n") + 2
