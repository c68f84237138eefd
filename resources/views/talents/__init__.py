"""社区达人 pages (/resources/talents/): the library, a talent's page and its review steps, entry and
editing, the review queue, a resident's own application, the public listing, and the resource types."""
