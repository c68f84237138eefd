"""Per-installation secrets for development and the demo: `var/secrets.env`, written on first use.

A fresh clone has no secret: the first `make demo` (or any `manage.py` command under the dev settings)
writes a random `SECRET_KEY`, `FIELD_ENCRYPTION_KEY` (Fernet) and `BLIND_INDEX_KEY` into
`var/secrets.env` (mode 0600, never committed), and later runs read them. An environment variable of
the same name wins. Production takes all three from the environment (config/settings/prod.py).

    python -m config.secrets [path]      # create the file when it is missing; says which it did
"""

import base64
import os
import secrets
import sys
import tempfile
from pathlib import Path

NAMES = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "BLIND_INDEX_KEY")


def generate() -> dict[str, str]:
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),  # a Fernet key
        "BLIND_INDEX_KEY": secrets.token_urlsafe(32),
    }


def read(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        name, sep, value = line.partition("=")
        if sep and not name.startswith("#"):
            values[name.strip()] = value.strip()
    return values


def ensure(path: Path) -> tuple[dict[str, str], bool]:
    """The installation's secrets in `path`, created when missing; (values, created).

    Written to a temporary file and linked into place, so two processes starting together agree on
    one set of keys and nobody reads a half-written file."""
    path = Path(path)
    if path.exists():
        return read(path), False
    path.parent.mkdir(parents=True, exist_ok=True)
    values = generate()
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".secrets-")
    try:
        with os.fdopen(fd, "w") as f:  # mkstemp: mode 0600
            f.write("# Per-installation secrets of this checkout (config/secrets.py). Never commit or share; losing\n")
            f.write("# FIELD_ENCRYPTION_KEY makes the stored ID and mobile numbers unreadable.\n")
            f.writelines(f"{name}={values[name]}\n" for name in NAMES)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return read(path), False
    finally:
        os.unlink(tmp)
    return values, True


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parent.parent / "var" / "secrets.env"
    _, created = ensure(path)
    print(f"{'Generated' if created else 'Using'} this installation's secret and keys: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
