#!/bin/sh
# Extract the UI strings, merge them into the Italian and English catalogues, and compile them.
#   scripts/translations.sh            extract + update (or init) + compile
#   scripts/translations.sh compile    compile only (e.g. after editing a .po file)
set -eu
cd "$(dirname "$0")/.."
DIR=app/translations
POT=$DIR/messages.pot

if [ "${1:-}" != "compile" ]; then
    pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 \
        --project "PdZ Partecipato" --copyright-holder "PdZ Partecipato" -o "$POT" .
    for lang in it en; do
        if [ -f "$DIR/$lang/LC_MESSAGES/messages.po" ]; then
            pybabel update -i "$POT" -d "$DIR" -l "$lang" --no-fuzzy-matching
        else
            pybabel init -i "$POT" -d "$DIR" -l "$lang"
        fi
    done
fi
pybabel compile -d "$DIR" --statistics
