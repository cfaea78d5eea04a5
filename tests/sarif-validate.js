// SPDX-License-Identifier: GPL-2.0
// Validate a SARIF file against the official SARIF 2.1.0 JSON schema (the
// copy Microsoft ships in @microsoft/jest-sarif), with ajv's draft-04 build.
// Usage: node sarif-validate.js NODE_MODULES FILE.sarif; exit 0 when valid.
const path = require('path');
const mods = process.argv[2];
const Ajv = require(path.join(mods, 'ajv-draft-04'));
const addFormats = require(path.join(mods, 'ajv-formats'));
const schema = require(path.join(mods, '@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'));
// the schema's language-tag pattern is not a valid unicode regexp
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false, logger: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const doc = JSON.parse(require('fs').readFileSync(process.argv[3], 'utf8'));
if (!validate(doc)) {
	for (const e of validate.errors.slice(0, 10))
		console.log(`${e.instancePath}: ${e.message}`);
	process.exit(1);
}
console.log(`valid SARIF 2.1.0 (${schema.title}), ${doc.runs[0].results.length} results`);
