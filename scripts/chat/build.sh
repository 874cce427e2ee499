# shellcheck shell=bash
# ./chat, build part: the Maven build of the services and the SPA build.
# Sourced by ./chat (never run on its own); uses the settings and helpers of common.sh.

# ----------------------------------------------------------------------------------------------- build
build_backend() {
  info "building services: ./mvnw -B -ntp -DskipTests install"
  ./mvnw -B -ntp -DskipTests install || { err "maven build failed"; return 1; }
}
frontend_stale() { # 0 if frontend/dist is missing or older than its sources
  [[ -f frontend/dist/index.html ]] || return 0
  [[ -n "$(find frontend/src frontend/public frontend/index.html frontend/package.json frontend/package-lock.json \
    frontend/vite.config.* frontend/tsconfig*.json -newer frontend/dist/index.html -print -quit 2>/dev/null)" ]]
}
build_frontend() {
  if [[ ! -f frontend/package.json ]]; then
    warn "frontend/ has no package.json yet: the gateway will serve no SPA (the API and socket work)"
    return 0
  fi
  if ! frontend_stale; then ok "frontend/dist is up to date"; return 0; fi
  check_node || return 1
  info "building frontend (npm ci && npm run build)"
  npm_ci_if_needed frontend || { err "npm ci failed in frontend/"; return 1; }
  (cd frontend && npm run build) || { err "frontend build failed"; return 1; }
}

