#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Print what a solve decided, one sorted line per fact, with no ids or
# times: every finding (fingerprint, rule, guarded, guard, confidence,
# origin, source and sink), its witness steps, every channel site, every
# pair and every reference-count effect. Two solves of the same facts are
# the same solve exactly when these lines are equal (issue 28: the solver's
# rewrite keeps its results). Usage: solve-results.sh DB
set -eu
db=$1
sqlite3 -readonly "$db" "
SELECT 'finding|' || f.fingerprint || '|' || f.rule || '|' || f.guarded || '|' ||
       coalesce(f.guard, '') || '|' || f.confidence || '|' || f.origin || '|' ||
       coalesce(f.origin_expr, '') || '|' || src.name || '|' || snk.name || '|' ||
       coalesce(f.sink_api, '') || '|' || coalesce(f.channel, '')
FROM finding f JOIN function src ON src.id = f.source_function_id
JOIN function snk ON snk.id = f.sink_function_id;
SELECT 'step|' || f.fingerprint || '|' || s.step || '|' || s.function || '|' ||
       coalesce(s.file, '') || '|' || s.line || '|' || s.what
FROM v_finding_step s JOIN finding f ON f.id = s.finding_id;
SELECT 'site|' || channel || '|' || op || '|' || function || '|' || coalesce(file, '') || '|' ||
       line || '|' || coalesce(how, '') FROM v_channel_site;
SELECT 'pair|' || channel || '|' || get_function || '|' || get_line || '|' ||
       put_function || '|' || put_line FROM v_pair;
SELECT 'effect|' || function || '|' || op || '|' || param_path || '|' || derived_from || '|' ||
       depth || '|' || excludes || '|' || needs || '|' || indirect || '|' || splice || '|' || ulp
FROM v_refeffect;
" | LC_ALL=C sort
