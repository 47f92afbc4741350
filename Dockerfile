# The IMT apprenticeship platform: one image for the web server (gunicorn), the
# Celery worker and Celery beat.  See docker-compose.yml for how they are wired.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    MEDIA_ROOT=/var/lib/imt/media

# WeasyPrint's native libraries (Pango, HarfBuzz subsetting), a font, MIME data.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz-subset0 \
        fonts-dejavu-core \
        shared-mime-info \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 1000 imt \
    && useradd --system --uid 1000 --gid imt --home-dir /app --no-create-home --shell /usr/sbin/nologin imt

WORKDIR /app

# Dependencies first, from the lock alone, so a code change keeps this layer: exactly the
# versions of requirements/base.txt, each file checked against its hash.  The code runs from /app.
COPY requirements/base.txt requirements/base.txt
RUN python -m venv "$VIRTUAL_ENV" \
    && pip install --require-hashes --no-deps -r requirements/base.txt

COPY . .

# Static files are collected into the image (served by WhiteNoise).  The values
# below exist only for this build step; the running container gets its own.
RUN DJANGO_ENV=production SECRET_KEY=build-only-placeholder-0123456789-abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=localhost \
        python manage.py collectstatic --noinput \
    && chmod 0755 scripts/docker-entrypoint.sh scripts/docker-healthcheck.py

# Writable state of the non-root user: uploads (MEDIA_ROOT, a named volume in
# compose) and the Celery beat schedule.  The code itself stays root-owned.
RUN mkdir -p /var/lib/imt/media /var/lib/imt/beat \
    && chown -R imt:imt /var/lib/imt \
    && chmod 0750 /var/lib/imt/media

USER imt:imt

EXPOSE 8000

# No HEALTHCHECK here: the image also runs the worker and beat, which serve no
# HTTP.  docker-compose.yml gives each service its own check.
ENTRYPOINT ["/app/scripts/docker-entrypoint.sh"]
CMD ["gunicorn", "imt.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-tmp-dir", "/dev/shm", "--access-logfile", "-"]
