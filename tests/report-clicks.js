// SPDX-License-Identifier: GPL-2.0
// The report's index driven as a reader drives it, in Debian's Chromium
// through playwright-core: choose filters in the selects, click the id
// header (twice), and say what the page then shows. Prints one JSON object:
// { filtered: {shown, visible}, asc: [ids], desc: [ids], top }: top is
// where the findings table starts on a 1366x768 screen, in pixels.
// Usage: node report-clicks.js NODE_MODULES INDEX.html RULE
const path = require('path');
const { chromium } = require(path.join(process.argv[2], 'playwright-core'));

(async () => {
	const browser = await chromium.launch({
		executablePath: '/usr/bin/chromium',
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
	});
	const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
	await page.goto('file://' + process.argv[3]);
	const top = await page.$eval('#findings', t => t.getBoundingClientRect().top);
	await page.selectOption('select[data-col=rule]', process.argv[4]);
	await page.selectOption('select[data-col=guarded]', 'no');
	const filtered = {
		shown: Number(await page.textContent('#shown')),
		visible: await page.$$eval('#findings tbody tr', rs => rs.filter(r => !r.hidden).length),
	};
	await page.selectOption('select[data-col=rule]', '');
	await page.selectOption('select[data-col=guarded]', '');
	const ids = () => page.$$eval('#findings tbody tr', rs => rs.map(r => Number(r.cells[0].dataset.sort)));
	await page.click('#findings thead th >> nth=0');
	const asc = await ids();
	await page.click('#findings thead th >> nth=0');
	const desc = await ids();
	console.log(JSON.stringify({ filtered, asc, desc, all: Number(await page.textContent('#shown')), top }));
	await browser.close();
})().catch(e => { console.error(e.message); process.exit(1); });
