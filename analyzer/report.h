/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_REPORT_H
#define PAGEREF_REPORT_H

#include "db.h"

/* Severities in order; SEV_NONE: --fail-on not given. */
enum severity { SEV_NONE, SEV_NOTE, SEV_WARNING, SEV_ERROR };

/* "note", "warning", "error" -> the severity; SEV_NONE for anything else. */
enum severity severity_of(const char *name);

/*
 * `pageref report --format=text`: every unguarded finding as a gcc-style
 * diagnostic, `file:line:col: SEVERITY: message [rule]`, on stdout, in a
 * stable order. *worst is set to the highest severity printed.
 */
int report_text(struct db *db, enum severity *worst);

/*
 * OUT/pageref.sarif: SARIF 2.1.0, one result per unguarded finding with its
 * witness path as a code flow, its fingerprint, and the patch as a fix.
 */
int report_sarif(struct db *db, const char *out, long *nresults);

/*
 * OUT/report: the offline HTML report (index with counts, layer graph and
 * the findings table; a page per finding; pairs; patches; source pages).
 * With a baseline database, findings whose fingerprint it lacks are marked
 * new.
 */
int report_html(struct db *db, const char *out, struct db *baseline, long *npages);

#endif
