"""Static files as production serves them."""

from pathlib import Path

import rcssmin
import rjsmin
from django.conf import settings
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

MINIFIERS = {".css": rcssmin.cssmin, ".js": rjsmin.jsmin}


class Minified:
    """One of our own source folders, read as its CSS and JavaScript without comments and spare
    white space. The sources keep their comments (they are for the next engineer); a phone
    shouldn't download them: they were a sixth of the player's first load."""

    def __init__(self, storage):
        self.storage = storage

    def open(self, path, mode="rb"):
        minify = MINIFIERS[Path(path).suffix]
        with self.storage.open(path) as source:
            return ContentFile(minify(source.read().decode("utf-8")).encode("utf-8"), name=path)


def own_source(storage) -> bool:
    location = getattr(storage, "location", None)
    return location is not None and Path(location).resolve() in {
        Path(d).resolve() for d in settings.STATICFILES_DIRS
    }


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's compressed files with content hashes in their names, and the `import`
    statements of our ES modules (static/js/player/) rewritten to those hashed names, so a
    browser or the service worker never mixes a new module with an old one it imports. Our own
    CSS and JavaScript are minified first (rcssmin, rjsmin), so the hash is of what is served."""

    support_js_module_import_aggregation = True

    def post_process(self, paths, dry_run=False, **options):
        paths = {
            name: (Minified(storage), path)
            if Path(path).suffix in MINIFIERS and own_source(storage)
            else (storage, path)
            for name, (storage, path) in paths.items()
        }
        yield from super().post_process(paths, dry_run=dry_run, **options)
