"""`manage.py open311_key create NAME [--user USERNAME]` prints a new Open311 API key once;
`list` shows the keys (never the keys themselves); `revoke NAME` switches one off."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from open311.models import ApiKey
from open311.services import apikey_create


class Command(BaseCommand):
    help = "Create, list or revoke Open311 API keys. A new key is printed once and only its digest is kept."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="create a key and print it")
        create.add_argument("name")
        create.add_argument("--user", help="username of the acting user recorded on the cases the key posts")
        sub.add_parser("list", help="list the keys")
        revoke = sub.add_parser("revoke", help="switch a key off")
        revoke.add_argument("name")

    def handle(self, *args, action, **options):
        if action == "create":
            if ApiKey.objects.filter(name=options["name"]).exists():
                raise CommandError(f"A key named {options['name']!r} exists already.")
            user = None
            if options.get("user"):
                user = get_user_model().objects.filter(username=options["user"]).first()
                if user is None:
                    raise CommandError(f"No user {options['user']!r}.")
            _key, raw = apikey_create(name=options["name"], user=user)
            self.stdout.write(raw)
        elif action == "list":
            for key in ApiKey.objects.select_related("user"):
                state = "active" if key.is_active else "revoked"
                self.stdout.write(f"{key.name}\t{key.prefix}…\t{state}\t{key.user or '-'}\t{key.created_at:%Y-%m-%d}")
        else:
            if not ApiKey.objects.filter(name=options["name"]).update(is_active=False):
                raise CommandError(f"No key named {options['name']!r}.")
            self.stdout.write(f"Revoked {options['name']}.")
