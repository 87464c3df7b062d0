"""The one place tests and benchmarks get their content bundles from.

Two kinds of bundle, one package:

- `spec` (re-exported here): small hand-written bundles a test can read at a
  glance and corrupt on purpose (`bundle_spec()`, `BundleSpec`), publisher
  source folders (`source_folder()`), and `library_snapshot()` to prove a
  refused sync changed nothing. `from tests.bundles import bundle_spec`.
- `synthetic` (with `prose` and `words`): large, realistic, reproducible
  bundles of N generated articles for crash-safety tests and benchmarks.
  `from tests.bundles import synthetic`; `benchmarks/` puts the repository
  root on sys.path and imports it the same way.

Nothing here imports the app except `library_snapshot()`, so a factory can
never agree with a bug in the code under test.
"""

from tests.bundles.spec import (
    CATEGORIES,
    DEFAULT_ARTICLES,
    HOW_TO_READ,
    INSTALLED_ARTICLES,
    PAGES,
    SNAPSHOT_WORDS,
    BundleSpec,
    article_text,
    bundle_spec,
    full_article_text,
    library_snapshot,
    sha256,
    source_folder,
    write_dir,
    write_zip,
)

__all__ = [
    "CATEGORIES",
    "DEFAULT_ARTICLES",
    "HOW_TO_READ",
    "INSTALLED_ARTICLES",
    "PAGES",
    "SNAPSHOT_WORDS",
    "BundleSpec",
    "article_text",
    "bundle_spec",
    "full_article_text",
    "library_snapshot",
    "sha256",
    "source_folder",
    "write_dir",
    "write_zip",
]
