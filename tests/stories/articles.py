"""Articles written for the lateral-reading tests (no third-party text).

`WIRE` (tests.conftest) and `LOCAL_TV` tell one event in different words; `LOCAL_TV`
repeats the council vote and the hearing date, but gives a different grant figure.
`BAKERY` is an unrelated story from another town.
"""

import json

from tests.conftest import SENSATIONAL_BODY, SENSATIONAL_TITLE, WIRE_BODY, WIRE_TITLE

LOCAL_TV_TITLE = "Ardenport takes Washington to court over police grant strings"
LOCAL_TV_BODY = (
    "Ardenport's city attorneys went to federal court on Tuesday to block conditions the "
    "Justice Department placed on a $5.8 million police grant.\n\n"
    '"Congress wrote the law, and the federal government has to follow it," Mayor Elena '
    "Vasquez told reporters outside City Hall.\n\n"
    "Police Chief Marcus Reed said officers depend on residents who report crimes. State "
    "Attorney General Diane Holloway has joined the lawsuit.\n\n"
    "The city council voted 7-2 on Monday to authorise the lawsuit. A first hearing is set "
    "for March 14."
)

BAKERY_TITLE = "Millbrook bakery wins regional bread award"
BAKERY_BODY = (
    "A family bakery in Millbrook won first prize at the regional bread festival on Saturday, "
    "beating 40 other entries from across the county.\n\n"
    '"We have baked the same sourdough for thirty years," owner Tomasz Novak said. The judges '
    "praised the crust and the flavour of the loaf.\n\n"
    "The bakery plans to open a second shop on Elm Street next spring, Novak said, and will "
    "hire six new staff."
)

WIRE = {"title": WIRE_TITLE, "text": WIRE_BODY, "url": "https://www.wirenews.example/ardenport-suit",
        "published": "2026-03-03"}
LOCAL_TV = {"title": LOCAL_TV_TITLE, "text": LOCAL_TV_BODY,
            "url": "https://www.channel9.example/news/ardenport-court", "published": "2026-03-03"}
SENSATIONAL = {"title": SENSATIONAL_TITLE, "text": SENSATIONAL_BODY,
               "url": "https://patriot-relay.example/watch-cop", "published": "2026-03-04"}
BAKERY = {"title": BAKERY_TITLE, "text": BAKERY_BODY, "url": "https://millbrook-gazette.example/bread",
          "published": "2026-03-05"}


def write_record(folder, name, record) -> str:
    """`record` as `<folder>/<name>.json`, for the commands that read files; its path."""
    path = folder / f"{name}.json"
    path.write_text(json.dumps(record), encoding="utf-8")
    return str(path)
