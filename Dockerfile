# Production image: static files built in, translations compiled, non-root, gunicorn.
# The same image runs the worker (`celery -A fritt worker`) and beat (`celery -A fritt beat`).

FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --omit=dev

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app/platform:/app \
    DJANGO_SETTINGS_MODULE=fritt.settings.production
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
RUN pip install -r requirements/base.txt
COPY --from=assets /build/node_modules node_modules
COPY . .
# Build-time only values: nothing here connects to a database or a broker.
RUN SECRET_KEY=build-only FNR_ENCRYPTION_KEY=build-only FNR_INDEX_KEY=build-only EMAIL_HOST=build-only CELERY_BROKER_URL=memory:// python manage.py collectstatic --noinput \
 && SECRET_KEY=build-only FNR_ENCRYPTION_KEY=build-only FNR_INDEX_KEY=build-only EMAIL_HOST=build-only CELERY_BROKER_URL=memory:// python manage.py compilemessages \
      --ignore 'node_modules/*' \
 && rm -rf node_modules
RUN useradd --system --uid 10001 --no-create-home --home-dir /app fritt
USER fritt
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz').status == 200 else 1)"
CMD ["gunicorn", "fritt.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
