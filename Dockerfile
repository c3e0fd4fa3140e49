# The timeline worker (and CLI) image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY timeline ./timeline
RUN pip install . && useradd --system --uid 10001 --no-create-home timeline
# Never root; the root filesystem can be mounted read-only (see docker-compose.yml).
USER 10001
ENTRYPOINT ["timeline"]
CMD ["worker"]
