"""gunicorn's settings file, read by itself from the directory it starts in (the Dockerfile's and
`make bench`'s). The rest comes from GUNICORN_CMD_ARGS and the command line."""

# The access log's lines as gunicorn writes them, with less work per request (portal.access_log).
logger_class = "portal.access_log.AccessLogger"
