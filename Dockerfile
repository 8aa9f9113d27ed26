# syntax=docker/dockerfile:1
#
# Switchboard: one image for every role (APP_ROLE=web|worker|all).
#
#   base      node:24 (LTS; package.json engines >= 24)
#   deps      npm ci, dev dependencies included (the build and the migrations need them)
#   build     npm run build -> dist/ (server) and client/dist/ (SPA).
#   prod-deps npm prune --omit=dev (runs beside `build`)
#   runtime   the final image: production node_modules, dist, client/dist, package.json;
#             non-root, healthchecked (docker/healthcheck.cjs). Migrations ship compiled
#             inside dist/ (src/infra/database/migrations), with their runner: `node dist/migrate.js`
#             (what `npm run migration:run` runs through ts-node) is the compose `migrate` service
#             and the Helm chart's migration Job, from this same image.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS base
WORKDIR /app
ENV NPM_CONFIG_UPDATE_NOTIFIER=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_AUDIT=false
# Fail the build loudly if a pinned or cached base image is older than the engines field allows.
RUN node -e "if (Number(process.versions.node.split('.')[0]) < 24) { console.error('Node >= 24 required, got ' + process.version); process.exit(1); }"

FROM base AS deps
# No postinstall phone-home from @scarf/scarf (pulled in by swagger-ui-dist).
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --engine-strict

FROM deps AS build
COPY . .
RUN npm run build

FROM deps AS prod-deps
# npm keeps ts-node and typescript here: they are also optional peers of typeorm
# ("devOptional" in the lockfile). Harmless: the image ships no .ts file to run.
RUN npm prune --omit=dev

FROM base AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WORKER_HEALTH_PORT=3001 \
    STORAGE_DIR=/app/storage
# OCR of images and scanned PDF pages (docs/knowledge.md): Debian's tesseract with its English,
# German, French and Spanish data, and poppler-utils' pdftoppm to rasterise the pages.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-spa poppler-utils \
 && rm -rf /var/lib/apt/lists/*
# Application files stay root-owned (read-only to the app); only storage is writable.
COPY package.json ./
COPY docker/healthcheck.cjs ./docker/
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/client/dist ./client/dist
# A named volume mounted here starts out with this owner.
RUN mkdir -p /app/storage && chown node:node /app/storage
USER node
EXPOSE 3000
# Role-aware, in Node (no curl in slim images): /api/health on PORT for web and all,
# /health on WORKER_HEALTH_PORT (never published) for the worker.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "docker/healthcheck.cjs"]
CMD ["node", "dist/main.js"]
