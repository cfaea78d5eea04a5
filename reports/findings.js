// sort on a header click, filter with the selects; no network, no library
const tbl = document.getElementById('findings');
const rows = Array.from(tbl.tBodies[0].rows);
function apply() {
  const want = {};
  document.querySelectorAll('select[data-col]').forEach(s => want[s.dataset.col] = s.value);
  let shown = 0;
  rows.forEach(r => {
    const ok = Object.keys(want).every(k => !want[k] || r.dataset[k] === want[k]);
    r.hidden = !ok; shown += ok;
  });
  document.getElementById('shown').textContent = shown;
}
// index.html#rule=slab-page-get&guarded=no opens with those filters set
const want = new URLSearchParams(location.hash.slice(1));
document.querySelectorAll('select[data-col]').forEach(s => {
  if (want.has(s.dataset.col)) s.value = want.get(s.dataset.col);
  s.addEventListener('change', apply);
});
tbl.tHead.querySelectorAll('th').forEach((th, i) => th.addEventListener('click', () => {
  const dir = th.dataset.dir === 'asc' ? -1 : 1; th.dataset.dir = dir > 0 ? 'asc' : 'desc';
  const key = r => r.cells[i].dataset.sort || r.cells[i].textContent;
  rows.sort((a, b) => dir * key(a).localeCompare(key(b), undefined, {numeric: true}));
  rows.forEach(r => tbl.tBodies[0].appendChild(r));
}));
// index.html#sort=0 opens sorted by that column (a click on its header)
if (want.has('sort')) tbl.tHead.rows[0].cells[+want.get('sort')].click();
apply();
