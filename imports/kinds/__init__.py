"""One importer per kind of data, each checking a whole file before writing any row."""

from ..spec import BUILDINGS, HOUSEHOLDS, RESIDENTS, UNITS
from ..spec_resources import ORGANISATIONS, PROJECTS, SPACES, TALENTS
from .people import HouseholdsImporter, ResidentsImporter
from .resources_orgs import OrganisationsImporter, ProjectsImporter
from .resources_spaces import SpacesImporter
from .resources_talents import TalentsImporter
from .units import BuildingsImporter, UnitsImporter

IMPORTERS = {
    UNITS: UnitsImporter,
    BUILDINGS: BuildingsImporter,
    HOUSEHOLDS: HouseholdsImporter,
    RESIDENTS: ResidentsImporter,
    TALENTS: TalentsImporter,
    SPACES: SpacesImporter,
    ORGANISATIONS: OrganisationsImporter,
    PROJECTS: ProjectsImporter,
}
