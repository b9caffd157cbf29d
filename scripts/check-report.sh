#!/usr/bin/env bash
# Open a report.html in headless Chromium with no network, check that every chart
# rendered (each <svg> has a non-empty box and drawn shapes) and that the page logged no
# console message, and take a screenshot.
#
#   scripts/check-report.sh out/examples/report.html [shot.png] [WIDTHxHEIGHT]
#
# Needs Debian's `chromium` (apt-get install chromium) or CHROMIUM=/path/to/chrome.
# Exit 0: every chart rendered, no console message; 1: a check failed; 2: bad usage or
# no browser.
set -euo pipefail

report=${1:?usage: check-report.sh REPORT.html [SCREENSHOT.png] [WIDTHxHEIGHT]}
shot=${2:-}
size=${3:-1280x2400}
browser=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)}
if [[ -z "$browser" ]]; then
    echo "check-report: no Chromium found; install Debian's chromium (apt-get install chromium) or set CHROMIUM" >&2
    exit 2
fi
if [[ ! -f "$report" ]]; then
    echo "check-report: no such file: $report" >&2
    exit 2
fi
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Flags: headless, no sandbox (containers), nothing fetched or synced, a fresh profile.
flags=(--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking
    --disable-component-update --disable-sync --enable-logging=stderr --v=0)

# The report has no script (its CSP forbids one); a wrapper page loads it in a frame and
# measures every chart, writing one line per <svg> into its own DOM.
cat > "$work/check.html" <<EOF
<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
<iframe id="f" src="file://$abs" width="1200" height="900"></iframe>
<pre id="result">pending</pre>
<script>
document.getElementById('f').addEventListener('load', function () {
  var out = [], d = null;
  try { d = document.getElementById('f').contentDocument; } catch (e) { out.push('FAIL frame: ' + e); }
  if (d) {
    var svgs = d.querySelectorAll('svg');
    out.push('svgs ' + svgs.length);
    svgs.forEach(function (s, k) {
      var b = s.getBBox(), r = s.getBoundingClientRect();
      var n = s.querySelectorAll('rect,circle,line,polyline,path,text').length;
      var ok = r.width > 0 && r.height > 0 && b.width > 0 && b.height > 0 && n > 0;
      out.push('svg ' + k + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) +
        ' shapes ' + n + ' ' + (ok ? 'ok' : 'EMPTY'));
    });
  }
  document.getElementById('result').textContent = out.join('\n');
});
</script></body></html>
EOF

status=0
timeout 120 "$browser" "${flags[@]}" --user-data-dir="$work/profile1" --allow-file-access-from-files \
    --virtual-time-budget=10000 --dump-dom "file://$work/check.html" >"$work/dom.html" 2>"$work/check.log" || {
    echo "check-report: Chromium failed (see below)" >&2
    tail -20 "$work/check.log" >&2
    exit 1
}
result=$(perl -0ne 'print $1 if /<pre id="result">(.*?)<\/pre>/s' "$work/dom.html")
echo "$result"
charts=$(grep -c ' ok$' <<<"$result" || true)
if ! grep -q '^svgs [1-9]' <<<"$result"; then
    echo "check-report: FAIL: no chart found (frame not loaded?)" >&2
    status=1
fi
if grep -q 'EMPTY\|FAIL\|pending' <<<"$result"; then
    echo "check-report: FAIL: a chart did not render" >&2
    status=1
fi

# The report alone, in a fresh profile: any console message (an error, a refused load) fails.
args=(--user-data-dir="$work/profile2" --window-size="${size/x/,}" --hide-scrollbars)
if [[ -n "$shot" ]]; then
    args+=(--screenshot="$(realpath -m "$shot")")
else
    args+=(--dump-dom)
fi
timeout 120 "$browser" "${flags[@]}" "${args[@]}" "file://$abs" >"$work/page.out" 2>"$work/page.log" || {
    echo "check-report: Chromium failed on the report" >&2
    tail -20 "$work/page.log" >&2
    exit 1
}
if grep -q 'CONSOLE' "$work/page.log"; then
    echo "check-report: FAIL: console messages:" >&2
    grep 'CONSOLE' "$work/page.log" >&2
    status=1
fi
if [[ -n "$shot" && ! -s "$shot" ]]; then
    echo "check-report: FAIL: no screenshot written" >&2
    status=1
fi
if [[ $status -eq 0 ]]; then
    echo "check-report: ok: $charts chart(s) rendered, no console message${shot:+, screenshot $shot}"
fi
exit $status
