"""Settings are read strictly from the environment, and production settings pass check --deploy."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OVERRIDDEN = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "PORTAL_HTTPS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "CREDENTIAL_KEY_SECRET",
}


def run_manage(*args, env_overrides: dict[str, str], tmp_path) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in OVERRIDDEN}
    env.update({"PORTAL_VAR_DIR": str(tmp_path), **env_overrides})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Production runs on PostgreSQL. `check` without --database connects to no database, so an
# address nothing answers at will do where the suite itself runs on SQLite (`make test` without a
# DATABASE_URL), whose backend warns of what PostgreSQL does and SQLite does not.
PRODUCTION_DATABASE_URL = (
    os.environ["DATABASE_URL"]
    if os.environ.get("DATABASE_URL", "").startswith("postgres")
    else "postgres://portal@db.invalid:5432/portal"
)


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DATABASE_URL": PRODUCTION_DATABASE_URL,
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "kompetensi.example.go.id",
            "PORTAL_HTTPS": "true",
            "CREDENTIAL_KEY_SECRET": secrets.token_urlsafe(32),
        },
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_demands_the_credential_key_secret(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        env_overrides={
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "kompetensi.example.go.id",
            "PORTAL_HTTPS": "true",
        },
        tmp_path=tmp_path,
    )

    assert result.returncode != 0
    assert "certificates.E001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be a boolean"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT must be an integer"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 50 characters"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL cannot be parsed"),
        ("CREDENTIAL_KEY_SECRET", "short", "CREDENTIAL_KEY_SECRET must be at least 32"),
        ("PORTAL_LAPOR_URL", "https://169.254.169.254/lapor", "points into a private network"),
    ],
)
def test_bad_setting_stops_start_up_with_a_clear_message(tmp_path, name, value, message):
    result = run_manage("check", env_overrides={name: value}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert message in result.stderr


def test_secret_may_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s" * 60 + "\n")
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        env_overrides={"SECRET_KEY_FILE": str(secret)},
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "s" * 60
