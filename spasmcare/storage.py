"""Static files as production serves them."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed files with content hashes in their names, and the `import`
    statements of our ES modules (static/js/player/) rewritten to those hashed names, so a
    browser or the service worker never mixes a new module with an old one it imports."""

    support_js_module_import_aggregation = True
