"""Number formats of the project's languages, on top of Django's (FORMAT_MODULE_PATH): only what differs."""
