# Sourced by scripts/demo and scripts/test: make .venv (once) and install scholarkg into it.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${SCHOLARKG_VENV:-$ROOT/.venv}"
EXTRAS="${1:-}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
# Reinstall only when pyproject.toml changed since the last install.
STAMP="$VENV/.scholarkg-installed$EXTRAS"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
  "$VENV/bin/pip" install -q -e "$ROOT$EXTRAS"
  touch "$STAMP"
fi
export PATH="$VENV/bin:$PATH"
