"""Which subtrees a user may act on, per capability. Cached on the user object for one request."""

from accounts.roles import ROLES


def grants(user):
    """[(role_code, unit_path)] for the user, loaded once per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_jiayuan_grants", None)
    if cached is None:
        cached = list(user.role_assignments.values_list("role", "unit_path"))
        user._jiayuan_grants = cached
    return cached


def forget(user):
    user.__dict__.pop("_jiayuan_grants", None)


def scope_paths(user, perm: str):
    """Minimal list of path prefixes where `perm` holds, or None when nowhere."""
    paths = sorted({path for role, path in grants(user) if perm in ROLES[role].perms})
    minimal = []
    for p in paths:
        if not any(p.startswith(m) for m in minimal):
            minimal.append(p)
    return minimal or None


def has_perm_at(user, perm: str, path: str) -> bool:
    return any(path.startswith(p) for p in scope_paths(user, perm) or ())


def has_perm_anywhere(user, perm: str) -> bool:
    return scope_paths(user, perm) is not None


def role_codes(user) -> set[str]:
    return {role for role, _ in grants(user)}
