/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_OUTLOCK_H
#define PAGEREF_OUTLOCK_H

/*
 * One writer per OUT: a command that writes OUT takes OUT/.pageref-lock
 * (flock) for as long as it runs. The kernel lets go of it when the
 * process and the workers it forked are gone, whatever ends them, so a
 * lock is never stale: a file naming a dead process is simply taken over.
 * Tools the run executes (make, spatch) do not inherit it. Readers
 * (query, sql, report --format=text, diff) take no lock.
 *
 * 0 when this process holds it; -1 with one line (exit 3) naming the
 * holder when another does, or when OUT cannot hold the file.
 */
int out_lock(const char *out, const char *what);

#endif
