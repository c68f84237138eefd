"""Open311 settings, each with the default used when the project's settings leave it out.

- `OPEN311_JURISDICTION`: the jurisdiction_id this endpoint answers for; any other is a 404.
- `OPEN311_UNIT_CODE`: the code of the unit (a 街道) the jurisdiction covers: requests are read from
  its subtree, and a request located only by an address string hangs on it.
- `OPEN311_POST_RATE`: requests a key may post per minute.
- `OPEN311_PUBLIC_DESCRIPTION_SOURCES`: case sources whose description, typed address and exact pin the
  public read API shows. A resident who reports on the pages or by phone was not told the text, the
  address or the spot would be published, so by default only what came in through Open311 itself (a
  public API by design) and machine reports are shown in full.
- `OPEN311_PIN_DECIMALS`: the decimals a pin of any other source is rounded to (3: about 100 m).
- `OPEN311_CONTACT`: the discovery document's contact line.
"""

from django.conf import settings

DEFAULTS = {
    "OPEN311_JURISDICTION": "zhongshan.songjiang.sh.cn",
    "OPEN311_UNIT_CODE": "310117-ZS",
    "OPEN311_POST_RATE": 30,
    "OPEN311_PUBLIC_DESCRIPTION_SOURCES": ("open311", "device", "camera"),
    "OPEN311_PIN_DECIMALS": 3,
    "OPEN311_CONTACT": "中山街道城运中心 Zhongshan Subdistrict operations centre",
}

SPEC_URL = "http://wiki.open311.org/GeoReport_v2"
MAX_REQUESTS = 1000
MAX_SPAN_DAYS = 90
MAX_DESCRIPTION = 4000


def get(name: str):
    return getattr(settings, name, DEFAULTS[name])
