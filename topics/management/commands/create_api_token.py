"""Create an API token for a user and print it (the only time it is shown)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from milidip_site.api.token_admin import MAX_DAYS, issue_token


class Command(BaseCommand):
    help = (
        "Create an API token for USERNAME and print it once; only its hash is "
        "stored. Revoke it in the admin (API tokens)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days until the token expires (default: DJANGO_API_TOKEN_TTL_DAYS).",
        )

    def handle(self, *args, username, days, **options):
        User = get_user_model()
        try:
            user = User.objects.get(**{User.USERNAME_FIELD: username})
        except User.DoesNotExist:
            raise CommandError(f"No user named “{username}”.") from None
        if not user.is_active:
            raise CommandError(f"User “{username}” is inactive.")
        if days is not None and not 1 <= days <= MAX_DAYS:
            raise CommandError(f"--days must be between 1 and {MAX_DAYS}.")
        instance, token = issue_token(user, days)
        self.stderr.write(
            f"Token for {username}, valid until {instance.expiry:%Y-%m-%d %H:%M} UTC. "
            "It is not shown again:"
        )
        self.stdout.write(token)
