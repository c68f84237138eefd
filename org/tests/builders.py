"""Responsible persons and grid elements at three distances, for tests/test_scope_matrix.py."""

from org.services import element_create, responsible_create


def scope_responsibles(tree, world):
    other = world["unit"][2].parent.parent  # the other subdistrict's grid (its house's building's grid)
    return tuple(responsible_create(unit=grid, name=f"网格长{i}", title="网格长") for i, grid in enumerate((tree.G1, tree.G2, other)))


def scope_grid_elements(tree, world):
    other = world["unit"][2].parent.parent
    return tuple(element_create(grid=grid, kind="shop", name=f"商户{i}") for i, grid in enumerate((tree.G1, tree.G2, other)))
