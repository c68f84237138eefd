"""`{% jmap_config %}`: what static/core/maps.js needs on every page with a map, as a JSON data block
(templates/components/map_scripts.html): the tiles and their coordinate system (`MAP_TILE_URL`, `MAP_CRS`), the
base layer and place search of org (org/views/maps.py), and the texts of the search box and the pin in the
user's language. No query."""

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import json_script
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def jmap_config():
    config = {
        "tiles": settings.MAP_TILE_URL,
        "attribution": settings.MAP_TILE_ATTRIBUTION,
        "crs": settings.MAP_CRS,
        "center": list(settings.MAP_CENTER),
        "base": reverse("org:map-base"),
        "search": reverse("org:map-search"),
        "text": {
            "search": _("Find a place"),
            "searchHint": _("Address, building, grid or residential district; pinyin initials work too"),
            "searchPlaceholder": _("e.g. 白云路 or by"),
            "noResults": _("No place found."),
            "results": _("{n} places found. Use the arrow keys to choose."),
            "moved": _("Map moved to {place}."),
            "locate": _("Use my location"),
            "locating": _("Finding your location…"),
            "locateFailed": _("Your location could not be found. Tap the map instead."),
            "pinSet": _("Pin placed."),
            "noPin": _("No pin yet."),
            "pin": _("The pin"),
        },
    }
    return json_script(config, "jmap-config")
