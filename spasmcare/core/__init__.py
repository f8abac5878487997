"""What every app may use, and which uses no app: the layer under all of them (ARCHITECTURE.md).

- models.py: PublishedContent (what exercises, routines and articles share) and ContentRevision
- caching.py: the one caching rule (public pages and shared page parts, under the content revision)
- admin.py: admin mixins (BadInputIs400, LabelledListEditable, IdAutocompleteFields)
- http.py: the htmx request type, JSON bodies, safe `next` URLs, file downloads
- middleware.py: privacy headers, htmx log-in answers; private_link for secret-link pages
- tokens.py: sealed, expiring tokens for links in mail
- widgets.py: ISO date and time inputs
- storage.py: static files, minified and hashed
- files.py: files made on first start (the secret key, the VAPID key), safely when processes race
"""
