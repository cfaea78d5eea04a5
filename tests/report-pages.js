// SPDX-License-Identifier: GPL-2.0
// Open report pages in Debian's Chromium (playwright-core) from file://,
// with no network: follow every link of each page offline, read the layer
// graph the index draws, keep a screenshot of each page. Prints one JSON
// object: { pages: {PAGE: {links, broken: [...]}}, graph: {nodes: [...],
// edges: [{from, to, label}]}, header: {ID: text} }.
// Usage: node report-pages.js NODE_MODULES REPORT_DIR SHOT_DIR PAGE...
const fs = require('fs');
const path = require('path');
const { chromium } = require(path.join(process.argv[2], 'playwright-core'));
const [dir, shots, ...pages] = process.argv.slice(3);

// does file:// URL u name a file (and its #fragment an id in it)?
const seen = {};
function resolves(u) {
	const url = new URL(u);
	if (url.protocol !== 'file:')
		return false;	// the report loads nothing from outside
	const file = decodeURIComponent(url.pathname);
	if (!fs.existsSync(file))
		return false;
	const frag = decodeURIComponent(url.hash.slice(1));
	if (!frag || !file.endsWith('.html') || /^(rule|guarded|sort)=/.test(frag))
		return true;	// the index reads filters from its hash
	seen[file] = seen[file] || fs.readFileSync(file, 'utf8');
	return seen[file].includes(`id="${frag}"`);
}

(async () => {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
	await page.route(/^(?!file:)/, r => r.abort());	// offline: anything else fails
	const out = { pages: {}, graph: null, header: {} };
	for (const rel of pages) {
		await page.goto('file://' + path.join(dir, rel));
		const links = await page.$$eval('a', as => as.map(a => a.href && a.href.baseVal !== undefined ?
			a.href.baseVal : a.href).filter(Boolean));
		const abs = links.map(h => new URL(h, page.url()).href);
		out.pages[rel] = { links: abs.length, broken: abs.filter(u => !resolves(u)) };
		if (rel === 'index.html') {
			out.graph = await page.$$eval('#graph ~ .graph svg', svgs => {
				const svg = svgs[0];
				if (!svg)
					return null;
				const t = g => g.querySelector('title').textContent;
				return {
					nodes: Array.from(svg.querySelectorAll('g.node')).map(t),
					edges: Array.from(svg.querySelectorAll('g.edge')).map(g => {
						const [from, to] = t(g).split('->');
						return { from, to, label: g.querySelector('text').textContent };
					}),
				};
			});
			out.header = await page.$$eval('td[id^="meta-"]', tds =>
				Object.fromEntries(tds.map(td => [td.id, td.textContent])));
		}
		await page.screenshot({ path: path.join(shots, rel.replace(/[^A-Za-z0-9.]/g, '_') + '.png'),
					fullPage: true });
	}
	console.log(JSON.stringify(out));
	await browser.close();
})().catch(e => { console.error(e.message); process.exit(1); });
