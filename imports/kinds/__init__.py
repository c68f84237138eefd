"""One importer per kind of data, each checking a whole file before writing any row."""

from ..spec import BUILDINGS, HOUSEHOLDS, RESIDENTS, RESPONSIBLES, UNITS
from ..spec_resources import ORGANISATIONS, PROJECTS, SPACES, TALENTS
from .people import HouseholdsImporter, ResidentsImporter
from .resources_orgs import OrganisationsImporter, ProjectsImporter
from .resources_spaces import SpacesImporter
from .resources_talents import TalentsImporter
from .units import BuildingsImporter, ResponsiblesImporter, UnitsImporter

IMPORTERS = {
    UNITS: UnitsImporter,
    BUILDINGS: BuildingsImporter,
    RESPONSIBLES: ResponsiblesImporter,
    HOUSEHOLDS: HouseholdsImporter,
    RESIDENTS: ResidentsImporter,
    TALENTS: TalentsImporter,
    SPACES: SpacesImporter,
    ORGANISATIONS: OrganisationsImporter,
    PROJECTS: ProjectsImporter,
}
