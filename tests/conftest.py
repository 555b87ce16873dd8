"""Test configuration shared by every test file: the Hypothesis profiles.

`ci` (the default) keeps the property tests quick enough to run on every commit; `thorough`
tries many more summaries: `HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_properties.py`.
Neither profile has a deadline, so a slow machine never fails a test by time alone.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile

from hypothesis import HealthCheck, settings

# Prepared Word templates (learnsum.render.docx_text) are kept in a folder of this run, never in
# the user's cache; the processes the tests start inherit it.
_CACHE = tempfile.mkdtemp(prefix="learnsum-test-cache-")
os.environ["LEARNSUM_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)

settings.register_profile(
    "ci", max_examples=30, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough", max_examples=500, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
