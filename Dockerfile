# The portal's image: the same code runs as web, Celery worker and Celery beat.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PORTAL_VAR_DIR=/var/lib/portal
# gettext for translations; pango for WeasyPrint (certificate PDFs), and HarfBuzz's subsetter,
# which embeds each certificate's fonts in a fraction of the time fontTools takes.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 \
       libharfbuzz-subset0 \
       fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /app portal

WORKDIR /app
COPY requirements.lock .
RUN pip install -r requirements.lock
COPY --chown=portal:portal . .
RUN mkdir -p /var/lib/portal && chown portal:portal /var/lib/portal \
    && SECRET_KEY=build-only-key-not-used-at-run-time-0123456789abcdefghijk \
       python manage.py collectstatic --noinput -v0

USER portal
EXPOSE 8000
# gunicorn reads GUNICORN_CMD_ARGS itself, and the settings read --threads from it: with threads,
# one is kept free to answer "portal sedang sibuk" (429) when every other one is busy. The
# portal's worker class is gunicorn's gthread taking new connections only while it has a free
# slot (portal.gunicorn_worker).
ENV GUNICORN_CMD_ARGS="--workers 4 --worker-class portal.gunicorn_worker.ThreadWorker --threads 4 --access-logfile -"
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000"]
