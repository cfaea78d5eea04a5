/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every data file compiled into the binary, named once. CMake reads this
 * list for the embed (CMakeLists.txt), and C includes it with the two
 * macros defined for what it needs: the declarations (embedded.h), the
 * table of files and the keys they feed (embedded_table.c), the parsed
 * models' fields, loader and release (resolve.h, resolve.c).
 *
 *   EMBED(id, file, hash)         the file as embedded_<id>[]
 *   MODEL(id, file, hash, field)  the same, parsed by models_load() into
 *                                 struct models' field and nr_<field>
 *
 * hash says which key the file feeds, so that editing it redoes what
 * depends on it: EXTRACT (every TU's command hash: the extractor reads
 * it), SOLVE (the link and solve key), BOTH, NONE (report assets,
 * migrations). Adding a model: a line here, its file, its fixture.
 * No include guard: included once per use, with other macros.
 */
EMBED(schema_sql,        "db/schema.sql",               SOLVE)
EMBED(macros_txt,        "db/models/macros.txt",        EXTRACT)
EMBED(page_types_txt,    "db/models/page-types.txt",    EXTRACT)
EMBED(header_layers_txt, "db/models/header-layers.txt", EXTRACT)
MODEL(atomics_txt,       "db/models/atomics.txt",       SOLVE,   atomic)
MODEL(conversions_txt,   "db/models/conversions.txt",   SOLVE,   conv)
MODEL(origins_txt,       "db/models/origins.txt",       SOLVE,   origin)
MODEL(guards_txt,        "db/models/guards.txt",        SOLVE,   guard)
MODEL(frees_txt,         "db/models/frees.txt",         SOLVE,   frees)
MODEL(writes_txt,        "db/models/writes.txt",        SOLVE,   writes)
MODEL(copies_txt,        "db/models/copies.txt",        SOLVE,   copies)
MODEL(versions_txt,      "db/models/versions.txt",      SOLVE,   versions)
MODEL(splice_txt,        "db/models/splice.txt",        SOLVE,   splice)
MODEL(io_pages_txt,      "db/models/io-pages.txt",      SOLVE,   io_pages)
MODEL(directions_txt,    "db/models/directions.txt",    BOTH,    directions)
EMBED(migrations_txt,    "db/migrations.txt",           NONE)
EMBED(page_html,         "reports/page.html",           NONE)
EMBED(style_css,         "reports/style.css",           NONE)
EMBED(findings_js,       "reports/findings.js",         NONE)
