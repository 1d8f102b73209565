#!/usr/bin/env bash
# Refresh the vendored browser libraries from their npm packages (no CDN at run time, no build step).
#
#   console/vendor.sh          fetch the pinned versions below with `npm pack` and copy the files
#
# The console (console/vendor/) uses ECharts, cytoscape.js and graphql-ws; GraphiQL (graphiql/vendor/,
# served in development mode only) uses React 18's UMD builds, GraphiQL 3 and its explorer plugin, the
# versions strawberry's own GraphiQL page pins. Each library keeps its licence files beside it, and
# VERSIONS records what was copied and the sha256 of each file. Bump a version here, run this, commit.
set -euo pipefail
cd "$(dirname "$0")/.."

# package@version  files to copy (paths inside the package, after package/)
CONSOLE=(
  "echarts@6.1.0 dist/echarts.min.js LICENSE NOTICE licenses/LICENSE-d3"
  "cytoscape@3.35.0 dist/cytoscape.min.js LICENSE"
  "graphql-ws@6.4.2 umd/graphql-ws.min.js LICENSE.md"
)
GRAPHIQL=(
  "react@18.2.0 umd/react.production.min.js LICENSE"
  "react-dom@18.2.0 umd/react-dom.production.min.js LICENSE"
  "graphiql@3.8.3 graphiql.min.js graphiql.min.css LICENSE"
  "@graphiql/plugin-explorer@1.0.2 dist/index.umd.js dist/style.css"
)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

fetch() {  # fetch DEST "pkg@version file..."
  local dest=$1 spec=$2
  read -r -a parts <<<"$spec"
  local pkg=${parts[0]} name=${parts[0]%@*}
  local dir="$dest/${name#@*/}"
  rm -rf "$dir" && mkdir -p "$dir"
  (cd "$work" && rm -rf package && npm pack --silent "$pkg" >/dev/null && tar xzf ./*.tgz && rm ./*.tgz)
  for file in "${parts[@]:1}"; do
    cp "$work/package/$file" "$dir/$(basename "$file")"
  done
  # A package without a licence file of its own (the explorer plugin) states its licence in package.json.
  if ! ls "$dir" | grep -qi -e licen -e notice; then
    node -e 'const p=require(process.argv[1]); console.log(`${p.name}@${p.version}: licence ${p.license} (from package.json)`)' \
      "$work/package/package.json" >"$dir/LICENSE"
  fi
  echo "$pkg" >>"$dest/VERSIONS"
  (cd "$dir" && sha256sum -- * | sed "s|  |  ${dir#"$dest"/}/|") >>"$dest/VERSIONS"
}

for dest in console/vendor graphiql/vendor; do mkdir -p "$dest" && : >"$dest/VERSIONS"; done
for spec in "${CONSOLE[@]}"; do fetch console/vendor "$spec"; done
for spec in "${GRAPHIQL[@]}"; do fetch graphiql/vendor "$spec"; done
echo "vendored:" && cat console/vendor/VERSIONS graphiql/vendor/VERSIONS | grep @
