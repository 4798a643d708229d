#!/usr/bin/env bash
# Regenerates src/rules/surnames.txt and given_names.txt, the names giji's person-name
# lexicon knows: every 人名,姓 and 人名,名 entry of IPADIC (Debian's mecab-ipadic, /usr/share/mecab/dic/ipadic,
# EUC-JP), one per line, sorted and unique. Its licence is in src/rules/surnames.LICENSE.
#
#   apt-get install mecab-ipadic && scripts/make-surnames.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src=/usr/share/mecab/dic/ipadic/Noun.name.csv
[ -f "$src" ] || { echo "$src: missing; apt-get install mecab-ipadic" >&2; exit 2; }
iconv -f EUC-JP -t UTF-8 "$src" | awk -F, '$7 == "人名" && $8 == "姓" { print $1 }' \
  | LC_ALL=C sort -u > "$root/src/rules/surnames.txt"
# The given names (人名,名): what tells `内田教育改革推進室長` (a family name, then a post)
# from `山田太郎課長` (a full name, then a post).
iconv -f EUC-JP -t UTF-8 "$src" | awk -F, '$7 == "人名" && $8 == "名" { print $1 }' \
  | LC_ALL=C sort -u > "$root/src/rules/given_names.txt"
{
  echo "src/rules/surnames.txt is made by scripts/make-surnames.sh from IPADIC"
  echo "(Debian package mecab-ipadic, $(dpkg-query -W -f '${Version}' mecab-ipadic 2>/dev/null || echo unknown)):"
  echo "the surface forms of its 名詞,固有名詞,人名,姓 entries (and given_names.txt, of its"
  echo "名詞,固有名詞,人名,名 entries). IPADIC's licence follows."
  echo
  cat /usr/share/doc/mecab-ipadic/copyright
} > "$root/src/rules/surnames.LICENSE"
wc -l "$root/src/rules/surnames.txt" "$root/src/rules/given_names.txt"
