"""One importer per kind of data, each checking a whole file before writing any row. The kinds of the apps
above imports are added from their own `imports` modules when the app registry is ready (imports.apps)."""

from ..spec import BUILDINGS, HOUSEHOLDS, RESIDENTS, RESPONSIBLES, UNITS
from .people import HouseholdsImporter, ResidentsImporter
from .units import BuildingsImporter, ResponsiblesImporter, UnitsImporter

IMPORTERS = {
    UNITS: UnitsImporter,
    BUILDINGS: BuildingsImporter,
    RESPONSIBLES: ResponsiblesImporter,
    HOUSEHOLDS: HouseholdsImporter,
    RESIDENTS: ResidentsImporter,
}
