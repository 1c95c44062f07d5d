#!/usr/bin/env python3
"""vendor_web.py -- copies the web page's libraries from npm into web/vendor/.

usage: python3 tools/vendor_web.py      (needs npm and Debian's iso-codes)

The page (web/) loads nothing from outside the server, so the few libraries it
uses are kept in the repository, pinned here, each with its licence file:

  uplot 1.6.32 (MIT)            the timeline: 50 KB, canvas, draws thousands of
                                points fast and has drag-to-select for zooming
  cytoscape 3.35.0 (MIT)        the actor network: directed edges, layouts,
                                node/edge styles from data, keyboard-free panning
  leaflet 1.9.4 (BSD-2-Clause)  the map: GeoJSON layers and circle markers with
                                no tile server (the page works offline)
  topojson-client 3.1.0 (ISC)   turns world-atlas' TopoJSON into GeoJSON
  world-atlas 2.0.2 (ISC)       Natural Earth 1:110m country shapes (public
                                domain data)

countries-110m.json names countries by ISO 3166-1 numeric code; the page
colours them by the alpha-3 codes of annals (KAZ), so the copy written here,
web/vendor/world-atlas/countries-110m.json, has each shape's id replaced by
its alpha-3 code from Debian iso-codes (iso_3166-1.json); shapes with no
numeric code (N. Cyprus, Somaliland, Kosovo) keep their names only, except
Kosovo, which takes KSV as in CAMEO. Rerunning gives the same files.
"""
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dictlib import ROOT, die, load_iso  # noqa: E402

PACKAGES = {
    # package@version: [(file in the package, file under web/vendor/<name>/)]
    'uplot@1.6.32': [('dist/uPlot.iife.min.js', 'uPlot.iife.min.js'), ('dist/uPlot.min.css', 'uPlot.min.css'),
                     ('LICENSE', 'LICENSE')],
    'cytoscape@3.35.0': [('dist/cytoscape.min.js', 'cytoscape.min.js'), ('LICENSE', 'LICENSE')],
    'leaflet@1.9.4': [('dist/leaflet.js', 'leaflet.js'), ('dist/leaflet.css', 'leaflet.css'), ('LICENSE', 'LICENSE')],
    'topojson-client@3.1.0': [('dist/topojson-client.min.js', 'topojson-client.min.js'), ('LICENSE', 'LICENSE')],
    'world-atlas@2.0.2': [('LICENSE', 'LICENSE')],
}


def main():
    if not shutil.which('npm'):
        die('npm not found (apt-get install npm)')
    out = os.path.join(ROOT, 'web', 'vendor')
    with tempfile.TemporaryDirectory() as tmp:
        for spec, files in PACKAGES.items():
            name = spec.split('@')[0]
            got = subprocess.run(['npm', 'pack', spec, '--silent'], cwd=tmp, capture_output=True, text=True)
            if got.returncode != 0:
                die('npm pack %s: %s' % (spec, got.stderr.strip()))
            tgz = os.path.join(tmp, got.stdout.strip().splitlines()[-1])
            pkg = os.path.join(tmp, name)
            with tarfile.open(tgz) as t:
                t.extractall(pkg, filter='data')
            os.makedirs(os.path.join(out, name), exist_ok=True)
            for src, dst in files:
                shutil.copyfile(os.path.join(pkg, 'package', src), os.path.join(out, name, dst))
            if name == 'world-atlas':
                write_countries(os.path.join(pkg, 'package', 'countries-110m.json'),
                                os.path.join(out, name, 'countries-110m.json'))
            print('vendored %s' % spec)


def write_countries(src, dst):
    numeric = {c['numeric']: c['alpha_3'] for c in load_iso('3166-1') if 'numeric' in c}
    with open(src, encoding='utf-8') as f:
        topo = json.load(f)
    for g in topo['objects']['countries']['geometries']:
        code = numeric.get(g.get('id', ''))
        if code is None and g.get('properties', {}).get('name') == 'Kosovo':
            code = 'KSV'
        if code:
            g['id'] = code
        else:
            g.pop('id', None)
    with open(dst, 'w', encoding='utf-8') as f:
        json.dump(topo, f, separators=(',', ':'), sort_keys=True)


if __name__ == '__main__':
    main()
