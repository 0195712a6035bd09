#!/usr/bin/env bash
# The portal's catalog and search pages over HTTP at 100 clients while items
# are published, as measured in docs/bench/catalog-indexing.md.
#
# Usage, from the repository's root:
#   bash docs/bench/catalog-writes.sh DB [SECONDS]
#
# DB is a catalog kept by "gongkai load catalog --keep": a SQLite file, or
# a postgres:// URL of its database (gongkai_bench). The script builds
# gongkai and serves DB on 127.0.0.1:$PORT (18090). It first loads the
# pages for 15 s without writes, to warm up. Then, for SECONDS (30), it
# loads them again while a second process imports one published item of a
# random agency every 2 s ("gongkai catalog import"). It prints the second
# run's figures per group of paths:
#   static           the stylesheet, the baseline
#   catalog-page1    /gongkai?agency=A and ?agency=A&year=Y, every agency, 7 years
#   catalog-deeper   /gongkai?agency=A&page=N, N = 2, 5, 20, 50
#   catalog-landing  /gongkai and /gongkai?year=Y
#   search-all       /search?q=W, 13 words
#   search-agency    /search?q=W&agency=A, the same words, 5 agencies each
# The imports stay in DB: each has an index number of this year, which
# the synthetic catalog (2019–2025) does not use.
set -euo pipefail

db=${1:?usage: catalog-writes.sh DB [SECONDS]}
secs=${2:-30}
port=${PORT:-18090}
url=http://127.0.0.1:$port
work=$(mktemp -d)
cleanup() {
	kill $(jobs -p) 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/gongkai" ./cmd/gongkai
gk=$work/gongkai
export GONGKAI_SECRET=${GONGKAI_SECRET:-$(head -c 48 /dev/urandom | base64 | tr -d '\n')}
"$gk" serve --db "$db" --addr "127.0.0.1:$port" >"$work/serve.log" 2>&1 &
for _ in $(seq 1 120); do
	curl -sf "$url/" >"$work/home.html" && break
	sleep 1
done
[ -s "$work/home.html" ] || { cat "$work/serve.log" >&2; exit 1; }

# The agencies: "id code" per line.
curl -sf "$url/api/v1/agencies" | grep -o '"id":"[^"]*","name":"[^"]*","code":"[^"]*"' |
	sed -E 's/"id":"([^"]*)","name":"[^"]*","code":"([^"]*)"/\1 \2/' >"$work/agencies"
mapfile -t ids < <(cut -d' ' -f1 "$work/agencies")
n=${#ids[@]}
[ "$n" -gt 0 ] || { echo "no agencies at $url/api/v1/agencies" >&2; exit 1; }

{
	echo "static $(grep -o '/static/[^"]*\.css' "$work/home.html" | head -1)"
	for a in "${ids[@]}"; do
		echo "catalog-page1 /gongkai?agency=$a"
		for y in 2019 2020 2021 2022 2023 2024 2025; do echo "catalog-page1 /gongkai?agency=$a&year=$y"; done
		for p in 2 5 20 50; do echo "catalog-deeper /gongkai?agency=$a&page=$p"; done
	done
	echo "catalog-landing /gongkai"
	for y in 2019 2020 2021 2022 2023 2024 2025; do echo "catalog-landing /gongkai?year=$y"; done
	i=0
	for w in 教育 低保 预算 公开 通知 管理 营养餐 棚户区 河长制 特种设备 森林防火 龙泉村 学前教育; do
		q=$(printf '%s' "$w" | od -An -tx1 | tr -d ' \n' | sed 's/../%&/g')
		echo "search-all /search?q=$q"
		for k in 0 1 2 3 4; do echo "search-agency /search?q=$q&agency=${ids[$(((i * 7 + k * 11) % n))]}"; done
		i=$((i + 1))
	done
} >"$work/paths"

"$gk" load --url "$url" --paths "$work/paths" --clients 100 --duration 15s >/dev/null

# The writer: one item every 2 s, as a second process.
year=$(date +%Y)
today=$(date +%F)
(
	end=$((SECONDS + secs + 2))
	i=0
	while [ $SECONDS -lt $end ]; do
		i=$((i + 1))
		read -r id code < <(shuf -n1 "$work/agencies")
		seq=$(printf '%05d' $((10000 + (RANDOM * 3 + i) % 90000)))
		printf '索引号,标题,成文日期,发布日期,主题分类,条例第二十条事项,正文\n%s/%s-%s,关于做好学前教育资助工作的通知（第%s号）,%s,%s,教育/学前教育,十一,为做好学前教育资助工作，现将有关事项通知如下。\n' \
			"$code" "$year" "$seq" "$i" "$today" "$today" >"$work/row.csv"
		if "$gk" catalog import --agency "$id" --db "$db" "$work/row.csv" >"$work/import.log" 2>&1; then
			echo ok >>"$work/imports"
		else
			tail -1 "$work/import.log" >&2
		fi
		sleep 2
	done
) &
writer=$!

"$gk" load --url "$url" --paths "$work/paths" --clients 100 --duration "${secs}s"
wait "$writer"
imports=0
[ -f "$work/imports" ] && imports=$(wc -l <"$work/imports")
echo "items imported during the run: $imports"
