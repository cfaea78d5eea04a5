/* SPDX-License-Identifier: GPL-2.0 */
#ifndef PAGEREF_DISPATCH_H
#define PAGEREF_DISPATCH_H

#include "producers.h"
#include "solve.h"

/*
 * Does a producer's request reach its consumer? A producer that puts a
 * page into a request (blk_rq_map_kern()) and a transport that reads a
 * request's pages are joined on the field; the join is resolved when a
 * function on the producer's way (the producer, a callee on its store
 * chain, or a caller up to DISPATCH_UP calls above) makes, after the call
 * that puts the page in, a call that reaches the consumer through the
 * call graph: __nvme_submit_sync_cmd() maps the connect data, then
 * nvme_execute_rq() -> ... -> blk_mq_ops.queue_rq -> nvme_tcp_queue_rq()
 * -> ... -> nvme_tcp_try_send_data(). The request is not followed as an
 * object: an indirect call reaches every target the call graph gives it.
 */
#define DISPATCH_UP 4

struct dispatch;

struct dispatch *dispatch_new(const struct solve_input *in);
void dispatch_free(struct dispatch *d);

/*
 * The path from the producer p to the consumer function cons, as text
 * ("__nvme_submit_sync_cmd() line 1163: nvme_execute_rq() -> ... ->
 * nvme_tcp_try_send_data()"), or NULL when none is found.
 */
char *dispatch_path(struct dispatch *d, const struct store_effects *ps,
		    const struct producer *p, int cons);

#endif
