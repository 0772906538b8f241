from typing import Any, ClassVar

import skl_socialmedia as sm


class HelloSource:  # --source hello: two waves of one municipality
    name: ClassVar[str] = "hello"
    schemes: ClassVar[tuple[str, ...]] = ("hello",)
    suffixes: ClassVar[tuple[str, ...]] = ()
    description: ClassVar[str] = "a hello-world source"

    def load(self, location: str, **options: Any) -> sm.Survey:
        columns = {"wave": ["2010", "2012"], "org_code": ["0114"] * 2, "uses": [0, 1]}
        return sm.Survey.from_columns(columns, **options)


class HelloFormat:  # --format hello: one line per figure
    name: ClassVar[str] = "hello"
    suffixes: ClassVar[tuple[str, ...]] = (".hello",)
    media_type: ClassVar[str] = "text/plain"
    description: ClassVar[str] = "a hello-world format"

    def render(self, report: sm.Report, **options: Any) -> str:
        rows = [(r.group, r.item, e) for r in report.rows for e in r.estimates]
        return "".join(f"{g} {i} {e.wave}: {e.value:.0%}\n" for g, i, e in rows)


@sm.hookimpl
def register_data_sources() -> list[type]:
    return [HelloSource]


@sm.hookimpl
def register_output_formats() -> list[type]:
    return [HelloFormat]
