-- SPDX-License-Identifier: GPL-2.0
-- pageref database schema: the single source. Every stage reads and writes
-- one database; bump user_version whenever a table or view changes shape.
-- A newer database is refused. An older one is upgraded in place only when
-- db/migrations.sql says how (solver results are recomputed; facts are
-- kept); otherwise it is refused.
PRAGMA user_version = 20;

-- Key/value facts about the run: kernel tree, version, dirs, stage times.
CREATE TABLE meta (
	key	TEXT PRIMARY KEY,
	value	TEXT NOT NULL
);

-- Every file the extractor saw: main files and the headers they included.
-- size and mtime_ns let a re-run skip re-hashing unchanged files.
CREATE TABLE file (
	id		INTEGER PRIMARY KEY,
	path		TEXT NOT NULL UNIQUE,	-- relative to the kernel tree when inside it
	size		INTEGER NOT NULL,
	mtime_ns	INTEGER NOT NULL,
	hash		TEXT NOT NULL		-- XXH3-64 of the contents, hex
);

-- One row per translation unit. status: 'ok', 'failed', or 'pending' while
-- a worker owns it (an interrupted run leaves 'pending', which is re-done).
CREATE TABLE tu (
	id		INTEGER PRIMARY KEY,
	file_id		INTEGER NOT NULL UNIQUE REFERENCES file(id),
	command		TEXT NOT NULL,		-- JSON argv as given to libclang
	command_hash	TEXT NOT NULL,
	inputs_hash	TEXT NOT NULL,		-- over the contents of every input file
	status		TEXT NOT NULL CHECK (status IN ('ok', 'failed', 'pending')),
	seconds		REAL NOT NULL DEFAULT 0,
	error		TEXT
);

CREATE TABLE tu_input (
	tu_id	INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,
	file_id	INTEGER NOT NULL REFERENCES file(id),
	PRIMARY KEY (tu_id, file_id)
) WITHOUT ROWID;
CREATE INDEX tu_input_file ON tu_input(file_id);

-- Function definitions. A definition in a header is owned by the first TU
-- that extracted it (keyed by USR) and is never extracted twice.
CREATE TABLE function (
	id		INTEGER PRIMARY KEY,
	usr		TEXT NOT NULL UNIQUE,
	name		TEXT NOT NULL,
	file_id		INTEGER NOT NULL REFERENCES file(id),
	line		INTEGER NOT NULL,
	end_line	INTEGER NOT NULL,
	tu_id		INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,
	is_static	INTEGER NOT NULL,
	is_inline	INTEGER NOT NULL,
	is_exported	INTEGER NOT NULL,	-- EXPORT_SYMBOL*() names it
	layer		TEXT NOT NULL,
	return_type	TEXT NOT NULL
);
CREATE INDEX function_name ON function(name);
CREATE INDEX function_tu ON function(tu_id);

CREATE TABLE param (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	idx		INTEGER NOT NULL,
	name		TEXT NOT NULL,
	type		TEXT NOT NULL,
	PRIMARY KEY (function_id, idx)
) WITHOUT ROWID;

-- The layouts behind access paths, for typed channels (README "Pairing"):
-- the named record holding each field a recorded path steps through (an
-- anonymous member's fields belong to the record around it), what the
-- field holds (a record, or a scalar's spelling: netmem_ref) and how:
-- embed, ptr, ptrptr, array, ptrarray, value. Record '()' with a macro's
-- name as field is the type of that macro's expansion (skb_shinfo).
-- Shared by every TU (the same header, the same layout); the last
-- extraction's row wins, so two .c files that each define a struct of the
-- same name with a field of the same name but another type keep only one
-- of them (C struct tags have no file scope to tell them apart).
CREATE TABLE field_type (
	record		TEXT NOT NULL,
	field		TEXT NOT NULL,
	type		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('embed', 'ptr', 'ptrptr', 'array',
						      'ptrarray', 'value')),
	PRIMARY KEY (record, field)
) WITHOUT ROWID;

-- The type of each path base (pN, l:name, g:name, cN) a function's field
-- paths start from, in field_type's terms: the declared type (a local
-- array is an array, not the pointer it decays to), or the cast type
-- where the first field path of the function casts it.
CREATE TABLE root_type (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	root		TEXT NOT NULL,
	record		TEXT NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('embed', 'ptr', 'ptrptr', 'array',
						      'ptrarray', 'value')),
	PRIMARY KEY (function_id, root)
) WITHOUT ROWID;

-- Symbols named by EXPORT_SYMBOL*(); kept apart from function because the
-- export may sit in another TU than an inline definition.
CREATE TABLE export (
	name	TEXT NOT NULL,
	tu_id	INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,
	gpl	INTEGER NOT NULL,
	PRIMARY KEY (name, tu_id)
) WITHOUT ROWID;

-- Call sites. kind: 'direct' (callee_usr/callee_name), 'member' (through a
-- struct field: struct_name.field), 'pointer' (through a local, parameter
-- or global function pointer named in callee_name).
CREATE TABLE call (
	id		INTEGER PRIMARY KEY,
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,	-- order within the function; values name it as c<seq>
	kind		TEXT NOT NULL CHECK (kind IN ('direct', 'member', 'pointer')),
	callee_usr	TEXT,
	callee_name	TEXT NOT NULL,
	struct_name	TEXT,
	field		TEXT,
	file_id		INTEGER NOT NULL REFERENCES file(id),
	line		INTEGER NOT NULL,
	col		INTEGER NOT NULL,
	result_type	TEXT NOT NULL,
	macro		TEXT,			-- macro the call came from (kmalloc -> kmalloc_noprof)
	UNIQUE (function_id, seq)
);
CREATE INDEX call_callee ON call(callee_name);
CREATE INDEX call_member ON call(struct_name, field);

-- Page-relevant arguments of a call, as access paths (see README).
CREATE TABLE call_arg (
	call_id	INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	idx	INTEGER NOT NULL,
	value	TEXT NOT NULL,
	type	TEXT NOT NULL,
	PRIMARY KEY (call_id, idx)
) WITHOUT ROWID;

-- A function pointer copied from one struct field into another at run time
-- (6.1 iscsi_tcp: tcp_sw_conn->sendpage = tcp_sw_conn->sock->ops->sendpage):
-- a call through the destination field reaches whatever the source field
-- holds (link.c follows copies of copies).
CREATE TABLE field_copy (
	struct_name	TEXT NOT NULL,
	field		TEXT NOT NULL,
	src_struct	TEXT NOT NULL,
	src_field	TEXT NOT NULL,
	in_function_id	INTEGER REFERENCES function(id) ON DELETE CASCADE,
	tu_id		INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES file(id),
	line		INTEGER NOT NULL,
	UNIQUE (tu_id, file_id, line, struct_name, field, src_struct, src_field)
);
CREATE INDEX field_copy_dst ON field_copy(struct_name, field);
CREATE INDEX field_copy_tu ON field_copy(tu_id);

-- Functions placed in struct fields: kind 'init' for static initialisers
-- (.sendmsg = inet_sendmsg), 'assign' for run-time stores
-- (prot->sendmsg = tls_sw_sendmsg).
CREATE TABLE ops (
	id		INTEGER PRIMARY KEY,
	kind		TEXT NOT NULL CHECK (kind IN ('init', 'assign')),
	struct_name	TEXT NOT NULL,
	field		TEXT NOT NULL,
	function_usr	TEXT NOT NULL,
	function_name	TEXT NOT NULL,
	variable	TEXT,			-- the initialised variable, for 'init'
	in_function_id	INTEGER REFERENCES function(id) ON DELETE CASCADE,
	tu_id		INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES file(id),
	line		INTEGER NOT NULL,
	UNIQUE (tu_id, file_id, line, struct_name, field, function_usr)
);
CREATE INDEX ops_field ON ops(struct_name, field);
-- for the cascades when a TU's functions are replaced
CREATE INDEX ops_in_function ON ops(in_function_id);
CREATE INDEX ops_tu ON ops(tu_id);

-- Data flow between page-relevant values inside a function: dst := src.
-- kind: 'assign', 'init' (declaration), 'return' (dst is 'ret').
CREATE TABLE flow (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('assign', 'init', 'return')),
	dst		TEXT NOT NULL,
	src		TEXT NOT NULL,
	type		TEXT NOT NULL,
	line		INTEGER NOT NULL,
	PRIMARY KEY (function_id, seq)
) WITHOUT ROWID;

-- Atomic updates of a page's or folio's _refcount: the primitive every
-- refcount helper reduces to. path is the page/folio whose count changes.
CREATE TABLE refop (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,	-- the call's seq
	primitive	TEXT NOT NULL,		-- atomic_inc, atomic_add_unless, ...
	object		TEXT NOT NULL CHECK (object IN ('page', 'folio')),
	path		TEXT NOT NULL,
	line		INTEGER NOT NULL,
	PRIMARY KEY (function_id, seq)
) WITHOUT ROWID;

-- Macros the AST loses, recovered from the tokens and tied to the value the
-- expansion produced (value is that expression's access path or c<seq>).
CREATE TABLE macro_use (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	name		TEXT NOT NULL,
	line		INTEGER NOT NULL,
	col		INTEGER NOT NULL,
	value		TEXT NOT NULL,		-- what the expansion produced
	arg		TEXT NOT NULL,		-- first argument's access path
	PRIMARY KEY (function_id, line, col)
) WITHOUT ROWID;
CREATE INDEX macro_use_name ON macro_use(name);

-- Conditions of if/?:/loops: each call or test in the condition, with the
-- line extent of the statements it controls when true and when false.
CREATE TABLE cond (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,
	kind		TEXT NOT NULL CHECK (kind IN ('if', 'ternary', 'while', 'for', 'do')),
	test		TEXT NOT NULL,		-- callee name, or the tested value for a bare test
	arg		TEXT,			-- first argument's access path
	negated		INTEGER NOT NULL,
	-- which branches imply the test is !negated (1: true, 2: false, 3: both)
	decides		INTEGER NOT NULL DEFAULT 3,
	line		INTEGER NOT NULL,
	true_first	INTEGER, true_last INTEGER,
	false_first	INTEGER, false_last INTEGER,
	PRIMARY KEY (function_id, seq)
) WITHOUT ROWID;

-- MSG_SPLICE_PAGES set or cleared on a message's flags.
CREATE TABLE msgflag (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	line		INTEGER NOT NULL,
	col		INTEGER NOT NULL,
	flag		TEXT NOT NULL,
	op		TEXT NOT NULL CHECK (op IN ('set', 'clear', 'test')),
	path		TEXT NOT NULL,
	PRIMARY KEY (function_id, line, col)
) WITHOUT ROWID;

-- Stores into the command fields of db/models/directions.txt (an NVMe
-- command's opcode): value is the constant stored, NULL when the stored
-- value is not a constant. record is the object's type at the root of
-- path (nvme_command for c.identify.opcode and cmd->common.opcode).
CREATE TABLE const_store (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	seq		INTEGER NOT NULL,
	record		TEXT NOT NULL,
	field		TEXT NOT NULL,
	path		TEXT NOT NULL,
	value		INTEGER,
	line		INTEGER NOT NULL,
	param		INTEGER,	-- not a constant: the parameter stored (its callers' arguments tell)
	PRIMARY KEY (function_id, seq)
) WITHOUT ROWID;

-- Link: the whole-program call graph. A member call resolves to every
-- function placed in that struct field (ops tables, run-time stores):
-- indirect = 1. Rebuilt by every link run.
CREATE TABLE edge (
	call_id		INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	callee_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	caller_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	indirect	INTEGER NOT NULL,
	PRIMARY KEY (call_id, callee_id)
) WITHOUT ROWID;
CREATE INDEX edge_callee ON edge(callee_id);
CREATE INDEX edge_caller ON edge(caller_id);

-- Link: the run's scope gaps (analyzer/scope.h). A function the analysed
-- code calls directly with a page-carrying argument (a pointer to one of
-- db/models/page-types.txt's structs, a netmem_ref), or whose result it
-- keeps as a page or a buffer, that has no body in the database and no
-- model line: every path through it is missing from
-- the results. file is the .c file of the tree that defines it (outside
-- DIRS, or a TU that failed), NULL when none does (assembly, a file this
-- configuration does not build, or no tree at hand). call_id is its first
-- call. Rebuilt by every link run.
CREATE TABLE scope_gap (
	name		TEXT PRIMARY KEY,
	calls		INTEGER NOT NULL,
	callers		INTEGER NOT NULL,
	file		TEXT,
	call_id		INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	-- of calls, those passing a page, bio, bvec, skb, scatterlist or
	-- message (the rest only keep the result as a page or a buffer)
	page_calls	INTEGER NOT NULL DEFAULT 0
);

-- Solve: the producers of heap channels. A function that has a page (an
-- allocation, or one it was handed that its callers do not pass in) and
-- stores it, itself or through its callees, into a field of an object of
-- known type: object is that object's type and field path
-- (fxd_ring.pages[*], mthca_user_db_table.page[*].mem.page_link), channel
-- the typed channel of the field (scatterlist.page_link), file and
-- line the store or the call that passes the page down, page what is
-- stored, origin its memory (origins.txt's kinds, or unknown), risky 1 when
-- a reference on it is a finding. A consumer that reads the channel is
-- joined to its risky producers (findings with both parts of the witness).
-- Rebuilt by every solve.
CREATE TABLE channel_store (
	id		INTEGER PRIMARY KEY,
	channel		TEXT NOT NULL,
	object		TEXT NOT NULL,
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	alloc_function_id INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES file(id),
	line		INTEGER NOT NULL,
	page		TEXT NOT NULL,
	origin		TEXT NOT NULL,
	risky		INTEGER NOT NULL CHECK (risky IN (0, 1))
);
CREATE INDEX channel_store_channel ON channel_store(channel);
CREATE INDEX channel_store_object ON channel_store(object);

-- Solve: the functions whose summaries reach a page reference or a page
-- store (relevance.h): an effect (not a free's), a store of a page through a
-- parameter, a page put into block I/O, a channel site. The
-- relevance filter keeps every TU that names one of them. Rebuilt by every
-- solve.
CREATE TABLE relevant_fn (
	function_id	INTEGER PRIMARY KEY REFERENCES function(id) ON DELETE CASCADE,
	why		TEXT NOT NULL
);

-- The relevance filter's skipped TUs (relevance.h): listed by kbuild,
-- never parsed, because they name no function, macro or field through
-- which a page reference or a page can be reached, and no analysed code
-- calls into them with a page. reason says so. Rebuilt by every analyze
-- that filters; v_tu shows them with status 'skipped'.
CREATE TABLE tu_skip (
	path	TEXT PRIMARY KEY,
	reason	TEXT NOT NULL
);

-- Why the relevance filter kept each TU it kept: the name it matched
-- (a function, macro or field; or '(scope gap)' for a TU defining a
-- function analysed code calls with a page, '(last run)' for one a
-- previous run kept before reasons were recorded), the file the name was
-- read in (the .c or a header it includes), and the round that kept it
-- (1 is the first). Rebuilt with tu_skip; v_tu shows it.
CREATE TABLE tu_keep (
	path	TEXT PRIMARY KEY,
	name	TEXT NOT NULL,
	file	TEXT,
	round	INTEGER NOT NULL
);

-- Solve: each function's effect on the reference count of the page or
-- folio reached through a parameter access path, derived bottom-up from
-- the _refcount primitives (refop). depth 0 is the primitive itself.
CREATE TABLE refeffect (
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	op		TEXT NOT NULL CHECK (op IN ('get', 'put', 'tryget', 'freeze', 'unfreeze', 'set')),
	path		TEXT NOT NULL,
	-- '' or the message flag the effect depends on, as the code tests it
	-- ("p1->msg_flags & MSG_SPLICE_PAGES"): a test of it controls the call on
	-- the way to the effect
	needs		TEXT NOT NULL DEFAULT '',
	derived_from	TEXT NOT NULL CHECK (derived_from IN ('code', 'model')),
	depth		INTEGER NOT NULL,
	indirect	INTEGER NOT NULL DEFAULT 0,	-- indirect calls crossed on the way
	splice		INTEGER NOT NULL DEFAULT 0,	-- pages handed to MSG_SPLICE_PAGES/sendpage
	-- the kind of socket the effect needs, bits: 1, one given an upper-layer
	-- protocol (kTLS: an indirect call into a splice.txt "ulp" layer on the
	-- way); 2, a driver's private socket (tap, tun: "private-ops")
	ulp		INTEGER NOT NULL DEFAULT 0,
	via_call_id	INTEGER REFERENCES call(id) ON DELETE CASCADE,	-- NULL: a primitive here
	excludes	TEXT NOT NULL DEFAULT '',	-- origins a guard on the way rules out
	PRIMARY KEY (function_id, op, path, needs, splice, ulp)
) WITHOUT ROWID;

-- Findings: memory of a risky origin reaching a reference-count effect.
-- fingerprint names the finding without line numbers, so runs compare.
CREATE TABLE finding (
	id		INTEGER PRIMARY KEY,
	rule		TEXT NOT NULL,
	severity	TEXT NOT NULL CHECK (severity IN ('error', 'warning', 'note')),
	confidence	TEXT NOT NULL CHECK (confidence IN ('high', 'medium', 'low')),
	guarded		INTEGER NOT NULL,
	guard		TEXT,			-- the guard's test and line when guarded
	origin		TEXT NOT NULL,		-- slab, large-kmalloc, vmalloc, stack, tail, ...
	origin_expr	TEXT NOT NULL,		-- kmalloc(#64,#3264), &l:buf, ...
	source_function_id INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	source_line	INTEGER NOT NULL,
	sink_function_id INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	sink_api	TEXT NOT NULL,		-- the function called with the page
	sink_call_id	INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	op		TEXT NOT NULL,
	sink_path	TEXT NOT NULL,		-- the page, resolved in the sink function
	entry_call_id	INTEGER NOT NULL REFERENCES call(id) ON DELETE CASCADE,
	field_steps	INTEGER NOT NULL,
	fingerprint	TEXT NOT NULL UNIQUE,
	channel		TEXT			-- the typed channel the sink reads the page from
);

CREATE TABLE finding_step (
	finding_id	INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
	step		INTEGER NOT NULL,
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES file(id),
	line		INTEGER NOT NULL,
	what		TEXT NOT NULL,
	PRIMARY KEY (finding_id, step)
) WITHOUT ROWID;

-- Pairing: a channel is a struct field that can hold a page, named by the
-- record that holds it (bio_vec.bv_page, skb_frag.netmem; README
-- "Pairing"). A site is where a function first takes (get) or drops (put)
-- a reference on a page through that field (or hands the element to a
-- helper that does), or stores a page it took a reference on into it.
CREATE TABLE channel_site (
	channel		TEXT NOT NULL,
	op		TEXT NOT NULL CHECK (op IN ('get', 'put')),
	function_id	INTEGER NOT NULL REFERENCES function(id) ON DELETE CASCADE,
	file_id		INTEGER NOT NULL REFERENCES file(id),
	line		INTEGER NOT NULL,
	how		TEXT NOT NULL CHECK (how IN ('effect', 'store')),
	PRIMARY KEY (channel, op, function_id)
) WITHOUT ROWID;

-- Repairs: what `pageref patch` did for each unguarded finding. A patch in
-- the series has status 'series' and its path under OUT/patches; every
-- other status says why the finding has no patch (detail: the reason,
-- checkpatch's warnings, spatch's complaint).
CREATE TABLE patch (
	finding_id	INTEGER NOT NULL REFERENCES finding(id) ON DELETE CASCADE,
	recipe		TEXT NOT NULL,		-- '-' when none applies
	file		TEXT NOT NULL,
	function	TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('series', 'no-recipe', 'no-change',
				'spatch-failed', 'timeout', 'apply-failed', 'checkpatch-failed')),
	checkpatch_errors INTEGER,
	checkpatch_warnings INTEGER,
	path		TEXT,			-- patches/NNNN-subject.patch, relative to OUT
	detail		TEXT,
	diff		TEXT,			-- the change alone against the tree (diff -u),
						-- for SARIF fixes: a series patch applies on the
						-- patches before it
	PRIMARY KEY (finding_id)
) WITHOUT ROWID;

-- Validation: what `make validate` (validation/run.sh) checked, one row per
-- step in the order it ran, imported by `pageref validation`; a new import
-- replaces the old rows. status 'skip' says why in detail.
CREATE TABLE validation (
	seq		INTEGER PRIMARY KEY,
	step		TEXT NOT NULL,
	status		TEXT NOT NULL CHECK (status IN ('pass', 'fail', 'skip')),
	detail		TEXT NOT NULL,
	seconds		REAL NOT NULL CHECK (seconds >= 0)
);

-- Public views (documented in the README; keep names and columns stable).
CREATE VIEW v_tu AS
	SELECT f.path AS path, t.status AS status, t.seconds AS seconds, t.error AS error,
	       k.name AS kept_by, k.file AS kept_in, k.round AS round
	FROM tu t JOIN file f ON f.id = t.file_id LEFT JOIN tu_keep k ON k.path = f.path
	UNION ALL
	SELECT path, 'skipped', 0, reason, NULL, NULL, NULL FROM tu_skip;

CREATE VIEW v_function AS
	SELECT fn.name AS name, fn.usr AS usr, f.path AS file, fn.line AS line,
	       fn.layer AS layer, fn.is_static AS is_static, fn.is_inline AS is_inline,
	       (fn.is_exported OR EXISTS (SELECT 1 FROM export e WHERE e.name = fn.name
					   AND fn.is_static = 0)) AS is_exported
	FROM function fn JOIN file f ON f.id = fn.file_id;

CREATE VIEW v_call AS
	SELECT fn.name AS caller,
	       CASE c.kind WHEN 'member' THEN c.struct_name || '.' || c.field
			   ELSE c.callee_name END AS callee,
	       c.kind AS kind, f.path AS file, c.line AS line
	FROM call c JOIN function fn ON fn.id = c.function_id
	JOIN file f ON f.id = c.file_id;

CREATE VIEW v_ops AS
	SELECT DISTINCT o.struct_name AS struct_name, o.field AS field,
	       o.function_name AS function, f.path AS file, o.line AS line,
	       o.variable AS variable
	FROM ops o JOIN file f ON f.id = o.file_id;

CREATE VIEW v_edge AS
	SELECT a.name AS caller, b.name AS callee, c.kind AS kind, e.indirect AS indirect,
	       f.path AS file, c.line AS line
	FROM edge e JOIN call c ON c.id = e.call_id
	JOIN function a ON a.id = e.caller_id JOIN function b ON b.id = e.callee_id
	JOIN file f ON f.id = c.file_id;

CREATE VIEW v_refeffect AS
	SELECT f.name AS function, r.op AS op, r.path AS param_path,
	       r.derived_from AS derived_from, r.depth AS depth, r.excludes AS excludes,
	       r.needs AS needs, r.indirect AS indirect, r.splice AS splice, r.ulp AS ulp
	FROM refeffect r JOIN function f ON f.id = r.function_id;

CREATE VIEW v_finding AS
	SELECT fi.id AS id, fi.rule AS rule, fi.severity AS severity, fi.confidence AS confidence,
	       fi.guarded AS guarded, fi.origin AS origin,
	       src.name AS source_function, sf.path AS source_file, fi.source_line AS source_line,
	       snk.name AS sink_function, fi.sink_api AS sink_api, kf.path AS sink_file,
	       kc.line AS sink_line,
	       ent.name AS entry_function, ef.path AS entry_file, ec.line AS entry_line,
	       fi.fingerprint AS fingerprint, fi.channel AS channel
	FROM finding fi
	JOIN function src ON src.id = fi.source_function_id JOIN file sf ON sf.id = src.file_id
	JOIN function snk ON snk.id = fi.sink_function_id
	JOIN call kc ON kc.id = fi.sink_call_id JOIN file kf ON kf.id = kc.file_id
	JOIN call ec ON ec.id = fi.entry_call_id JOIN function ent ON ent.id = ec.function_id
	JOIN file ef ON ef.id = ec.file_id;

CREATE VIEW v_finding_step AS
	SELECT s.finding_id AS finding_id, s.step AS step, f.name AS function, fl.path AS file,
	       s.line AS line, s.what AS what
	FROM finding_step s JOIN function f ON f.id = s.function_id JOIN file fl ON fl.id = s.file_id;

CREATE VIEW v_channel_site AS
	SELECT c.channel AS channel, c.op AS op, f.name AS function, fl.path AS file,
	       c.line AS line, f.layer AS layer, c.how AS how
	FROM channel_site c JOIN function f ON f.id = c.function_id JOIN file fl ON fl.id = c.file_id;

CREATE VIEW v_pair AS
	SELECT g.channel AS channel, g.function AS get_function, g.file AS get_file,
	       g.line AS get_line, g.layer AS get_layer, p.function AS put_function,
	       p.file AS put_file, p.line AS put_line, p.layer AS put_layer
	FROM v_channel_site g JOIN v_channel_site p ON p.channel = g.channel
	WHERE g.op = 'get' AND p.op = 'put';

CREATE VIEW v_unpaired AS
	SELECT s.channel AS channel, s.op AS op, s.function AS function, s.file AS file,
	       s.line AS line, s.layer AS layer
	FROM v_channel_site s
	WHERE NOT EXISTS (SELECT 1 FROM channel_site o WHERE o.channel = s.channel AND o.op <> s.op);

CREATE VIEW v_balance AS
	SELECT f.name AS function, r.path AS param_path,
	       sum(r.op IN ('get', 'tryget')) AS gets, sum(r.op = 'put') AS puts
	FROM refeffect r JOIN function f ON f.id = r.function_id
	GROUP BY r.function_id, r.path;

CREATE VIEW v_patch AS
	SELECT p.finding_id AS finding_id, p.recipe AS recipe, p.file AS file, p.status AS status,
	       p.checkpatch_errors AS checkpatch_errors, p.checkpatch_warnings AS checkpatch_warnings,
	       p.path AS path, p.function AS function, f.rule AS rule, p.detail AS detail,
	       p.diff AS diff
	FROM patch p JOIN finding f ON f.id = p.finding_id;

CREATE VIEW v_channel_store AS
	SELECT cs.channel AS channel, cs.object AS object, f.name AS function, fl.path AS file, cs.line AS line,
	       f.layer AS layer, cs.page AS page, cs.origin AS origin, cs.risky AS risky,
	       a.name AS alloc_function
	FROM channel_store cs JOIN function f ON f.id = cs.function_id
	JOIN function a ON a.id = cs.alloc_function_id JOIN file fl ON fl.id = cs.file_id;

CREATE VIEW v_scope_gap AS
	SELECT g.name AS name, g.calls AS calls, g.callers AS callers, g.file AS file,
	       fn.name AS first_caller, cf.path AS first_call_file, c.line AS first_call_line,
	       g.page_calls AS page_calls
	FROM scope_gap g JOIN call c ON c.id = g.call_id JOIN function fn ON fn.id = c.function_id
	JOIN file cf ON cf.id = c.file_id
	ORDER BY g.page_calls DESC, g.calls DESC, g.name;

CREATE VIEW v_validation AS
	SELECT step, status, detail, seconds FROM validation ORDER BY seq;
