"""The Excel import kinds of the resource libraries (S2.1-S2.3), discovered by the imports framework
(`imports.apps`): `SPECS` (the workbook formats, in the order the import page lists them) and `IMPORTERS`."""

from accounts.roles import VIEW_RESOURCE
from resources.imports.orgs import OrganisationsImporter, ProjectsImporter
from resources.imports.spaces import SpacesImporter
from resources.imports.spec import ORGANISATIONS, PROJECTS, RESOURCE_SPECS, SPACES, TALENTS
from resources.imports.talents import TalentsImporter

SPECS = RESOURCE_SPECS
# the library exports linked from the import page: (url name, kind, capability)
EXPORTS = [(f"resources:export-{kind}", kind, VIEW_RESOURCE) for kind in (TALENTS, SPACES, ORGANISATIONS)]
IMPORTERS = {TALENTS: TalentsImporter, SPACES: SpacesImporter, ORGANISATIONS: OrganisationsImporter, PROJECTS: ProjectsImporter}
