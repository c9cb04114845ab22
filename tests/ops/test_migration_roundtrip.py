"""Every migration reverses on a populated database, and forward again.

Runs scripts/migration_roundtrip.py (the CI step) on a scratch database of the
suite's backend: the seeded content survives a roll-back to the initial
migrations, and a roll-back to zero and forward again leaves a working site.
"""

import subprocess
import sys

import pytest

from tests.ops.scratch import ROOT, command_env, scratch_database_url


@pytest.mark.slow
def test_every_migration_reverses_on_seeded_content_and_reapplies(tmp_path):
    # The script makes this database afresh and drops it at the end.
    url = scratch_database_url("roundtrip", tmp_path)
    result = subprocess.run(
        [sys.executable, "scripts/migration_roundtrip.py", url],
        cwd=ROOT,
        env=command_env(url),
        capture_output=True,
        text=True,
        timeout=600,
        stdin=subprocess.DEVNULL,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Migration round trip passed" in result.stdout
