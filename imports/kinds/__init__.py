"""One importer per kind of data, each checking a whole file before writing any row."""

from ..spec import BUILDINGS, HOUSEHOLDS, RESIDENTS, UNITS
from .people import HouseholdsImporter, ResidentsImporter
from .units import BuildingsImporter, UnitsImporter

IMPORTERS = {UNITS: UnitsImporter, BUILDINGS: BuildingsImporter, HOUSEHOLDS: HouseholdsImporter, RESIDENTS: ResidentsImporter}
