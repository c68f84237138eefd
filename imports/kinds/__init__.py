"""One importer per kind of data, each checking a whole file before writing any row. The kinds of the apps
above imports are added from their own `imports` modules when the app registry is ready (imports.apps)."""

from imports.kinds.people import HouseholdsImporter, ResidentsImporter
from imports.kinds.units import BuildingsImporter, ResponsiblesImporter, UnitsImporter
from imports.spec import BUILDINGS, HOUSEHOLDS, RESIDENTS, RESPONSIBLES, UNITS

IMPORTERS = {
    UNITS: UnitsImporter,
    BUILDINGS: BuildingsImporter,
    RESPONSIBLES: ResponsiblesImporter,
    HOUSEHOLDS: HouseholdsImporter,
    RESIDENTS: ResidentsImporter,
}
