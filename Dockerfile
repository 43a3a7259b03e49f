# The tracker with its embedded SQLite database in a volume (or DATABASE_URL for PostgreSQL).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    TRACKER_DATA_DIR=/data TRACKER_HOST=0.0.0.0 TRACKER_PORT=8000

WORKDIR /srv/tracker
COPY pyproject.toml README.md alembic.ini ./
COPY app/ app/
RUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir .
COPY templates/ templates/
COPY static/ static/
COPY migrations/ migrations/

RUN useradd --create-home --uid 10001 tracker && mkdir -p /data && chown tracker /data
USER tracker
VOLUME ["/data"]
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz').status != 200)"

# Migrations first, then uvicorn (`serve` does both).
CMD ["python", "-m", "app", "serve"]
