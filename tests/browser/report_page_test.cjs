// The HTML report and the flame-graph page of a real traced program, in
// headless chromium: they load without console errors, the memory chart
// draws, a flame-graph click zooms, search highlights, tables sort, and the
// program's function names, which are markup (<script>, quotes, &), show as
// text without running anything. The same program recorded in sampled mode
// gives a page whose estimates are marked; in aggregate mode, a page whose
// event views say why they are missing.
//
//   node report_page_test.cjs --memscope BIN --program BIN --phases-program BIN
//        --node-modules DIR --work DIR
'use strict';
const path = require('node:path');
const fs = require('node:fs');
const { parseArgs, launchBrowser, memscope, freshDir, watchPage, Checks } = require('./browser_support.cjs');

const HOSTILE_SYMBOL = "evil<script>alert(1)</script>&amp;'q'";
const LITERAL_OPERATOR = 'operator"" _kib';
const TEMPLATE = 'make<script>';

async function checkReport(browser, file, checks) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchPage(page);
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 20000 });

  // Summary cards.
  const cards = await page.locator('#summary-cards .card').count();
  checks.ok(cards === 7, 'seven summary cards', `got ${cards}`);

  // The memory chart: uPlot's canvas has pixels drawn on it.
  const chart = await page.evaluate(() => {
    const canvas = document.querySelector('#timeline-chart canvas');
    if (!canvas) return { drawn: 0, points: 0 };
    const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
    let drawn = 0;
    let peakRed = 0;  // the peak marker is #b00; no series is drawn in that colour
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] !== 0) drawn += 1;
      if (data[i] > 150 && data[i + 1] < 40 && data[i + 2] < 40 && data[i + 3] > 200) peakRed += 1;
    }
    return { drawn, peakRed, points: Number(document.querySelector('#timeline-chart').dataset.points) };
  });
  checks.ok(chart.points > 10, 'memory chart has points', `${chart.points}`);
  checks.ok(chart.drawn > 1000, 'memory chart canvas has drawn content', `${chart.drawn} pixels`);
  checks.ok(chart.peakRed > 50, 'the heap peak is marked on the chart', `${chart.peakRed} marker pixels`);

  // Drag across the chart: the time axis zooms in; a double click zooms out.
  const xRange = () => page.evaluate(() => {
    const { x } = document.querySelector('.timeline').chart.scales;
    return [x.min, x.max];
  });
  const full = await xRange();
  const over = await page.locator('#timeline-chart .u-over').boundingBox();
  await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
  await page.mouse.down();
  await page.mouse.move(over.x + over.width * 0.5, over.y + over.height / 2, { steps: 5 });
  await page.mouse.up();
  const zoomedRange = await xRange();
  checks.ok(zoomedRange[0] > full[0] && zoomedRange[1] < full[1]
    && (zoomedRange[1] - zoomedRange[0]) < 0.5 * (full[1] - full[0]),
  'dragging across the memory chart zooms in', `${full} -> ${zoomedRange}`);
  await page.mouse.dblclick(over.x + over.width * 0.4, over.y + over.height / 2);
  const outRange = await xRange();
  checks.ok(outRange[0] <= full[0] && outRange[1] >= full[1], 'a double click zooms out', `${outRange}`);

  // Every metric of the switch draws its own flame graph (the root's value
  // is that metric's total).
  const rootTitles = [];
  for (const metric of ['peak', 'leaked', 'allocated', 'allocations', 'temporary']) {
    await page.selectOption('#flame-metric', metric);
    await page.waitForTimeout(350);
    rootTitles.push(await page.evaluate(() => {
      const frames = Array.from(document.querySelectorAll('#flame-chart g.frame'));
      const root = frames.find((g) => g.getAttribute('name') === 'all') || frames[0];
      const t = root && root.querySelector('title');
      return t ? t.textContent.split('\n')[1] : (document.querySelector('#flame-chart').textContent || '');
    }));
  }
  checks.ok(new Set(rootTitles).size === 5, 'each flame-graph metric shows its own totals', rootTitles.join(' | '));
  checks.ok(/B \(100\.00%\)$/.test(rootTitles[0]) && /^[\d,]+ \(100\.00%\)$/.test(rootTitles[3]),
    'byte metrics in units, counts as numbers', `${rootTitles[0]} / ${rootTitles[3]}`);

  // Flame graph: click a narrow frame, it becomes as wide as the chart.
  await page.selectOption('#flame-metric', 'allocated');
  await page.waitForTimeout(500);
  const target = await page.evaluate(() => {
    const svg = document.querySelector('#flame-chart svg');
    const full = Number(svg.getAttribute('width'));
    let best = null;
    for (const g of svg.querySelectorAll('g.frame')) {
      const w = Number(g.querySelector('rect').getAttribute('width'));
      if (w > 40 && w < full * 0.6 && (!best || w < best.w)) best = { w, name: g.getAttribute('name') };
    }
    return best && { ...best, full };
  });
  checks.ok(target !== null, 'flame graph has a frame narrower than the chart');
  if (target) {
    await page.evaluate((name) => {
      const g = Array.from(document.querySelectorAll('#flame-chart g.frame')).find((x) => x.getAttribute('name') === name);
      g.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    }, target.name);
    const zoomed = await page.waitForFunction((name) => {
      const svg = document.querySelector('#flame-chart svg');
      const full = Number(svg.getAttribute('width'));
      const g = Array.from(svg.querySelectorAll('g.frame')).find((x) => x.getAttribute('name') === name);
      return g && Number(g.querySelector('rect').getAttribute('width')) >= full * 0.99;
    }, target.name, { timeout: 5000 }).then(() => true, () => false);
    checks.ok(zoomed, 'clicking a flame-graph frame zooms it to full width', target.name);
    await page.click('#flame-reset');
  }

  // Search highlights matching frames.
  await page.fill('#flame-search', 'script');
  const highlighted = await page.waitForFunction(() => Array.from(document.querySelectorAll('#flame-chart g.frame rect'))
    .filter((r) => (r.getAttribute('fill') || '').toLowerCase() === '#e600e6').length > 0, null, { timeout: 5000 })
    .then(() => true, () => false);
  checks.ok(highlighted, 'search highlights matching frames');
  const matchText = await page.textContent('#flame-matches');
  checks.ok(/frames? match/.test(matchText), 'search reports its matches', matchText);

  // The top-sites table sorts on a header click.
  const readCalls = () => page.$$eval('#sites-table tbody tr', (rows) => rows.map((r) =>
    Number(r.children[4].textContent.replace(/,/g, ''))));
  await page.click('#sites-table th[data-key="allocations"]');
  const descending = await readCalls();
  await page.click('#sites-table th[data-key="allocations"]');
  const ascending = await readCalls();
  const sorted = (xs, cmp) => xs.every((x, i) => i === 0 || cmp(xs[i - 1], x));
  checks.ok(descending.length > 1 && sorted(descending, (a, b) => a >= b), 'sites table sorts descending', descending.join(' '));
  checks.ok(sorted(ascending, (a, b) => a <= b), 'sites table sorts ascending', ascending.join(' '));
  const sortState = await page.getAttribute('#sites-table th[data-key="allocations"]', 'aria-sort');
  checks.ok(sortState === 'ascending', 'sorted column is marked', sortState);

  // The filter narrows the table.
  await page.fill('#sites-table .table-filter', 'make<script>');
  const filtered = await page.$$eval('#sites-table tbody tr', (rows) => rows.length);
  checks.ok(filtered >= 1 && filtered < descending.length, 'sites table filters', `${filtered} rows`);

  // Leaks: a click shows the stack.
  await page.click('#leaks-table tbody tr');
  const stackFrames = await page.locator('#leaks-table ol.stack li').count();
  checks.ok(stackFrames > 1, 'leak row expands to its stack', `${stackFrames} frames`);

  // Hostile names are text, nothing ran.
  const text = await page.evaluate(() => document.body.innerText);
  checks.ok(text.includes(HOSTILE_SYMBOL), 'assembler-label name shows as text');
  checks.ok(text.includes(LITERAL_OPERATOR), 'name with double quotes shows as text');
  checks.ok(text.includes(TEMPLATE), 'template name with <script> shows as text');
  const scripts = await page.evaluate(() => document.querySelectorAll('script').length);
  checks.ok(scripts === 2, 'no script element was injected', `${scripts} script elements`);
  const flameNames = await page.$$eval('#flame-chart g.frame', (gs) => gs.map((g) => g.getAttribute('name')));
  checks.ok(flameNames.some((n) => n && n.includes('<script>')), 'flame graph frame names keep their markup as text');

  // Histograms, latency and threads are there.
  checks.ok(await page.locator('#size-histogram .bar-row').count() > 2, 'size histogram has buckets');
  checks.ok(await page.locator('#size-classes tbody tr').count() === 4, 'four size classes');
  const latencyHeads = await page.$$eval('#latency-functions th', (ths) => ths.map((t) => t.textContent));
  checks.ok(['p50', 'p90', 'p99', 'p99.9', 'max'].every((h) => latencyHeads.includes(h)),
    'latency table has p50/p90/p99/p99.9/max', latencyHeads.join(' '));
  const functions = await page.$$eval('#latency-functions tbody tr', (rows) => rows.map((r) => r.dataset.name));
  checks.ok(functions.includes('malloc') && functions.includes('free'),
    'latency per allocator function (malloc, free)', functions.join(' '));
  const classes = await page.$$eval('#latency-size-classes tbody tr', (rows) => rows.map((r) => r.dataset.name));
  checks.ok(classes.includes('tiny') && classes.includes('medium'),
    'latency per size class (tiny, medium)', classes.join(' '));
  const percentiles = await page.textContent('#latency-functions tbody');
  checks.ok(/µs|ns/.test(percentiles), 'latency percentiles are shown');
  await page.selectOption('#latency-kind', 'class:tiny');
  checks.ok(await page.locator('#latency-histogram .bar-row').count() >= 1, 'latency histogram of a size class draws');
  checks.ok(await page.locator('.estimate, .flame-estimate, .legend-estimate').count() === 0,
    'a full trace marks nothing as an estimate');
  checks.ok(await page.locator('#threads-table tbody tr').count() >= 2, 'per-thread figures for both threads');

  checks.ok(problems.errors.length === 0, 'no console errors', problems.errors.join(' | '));
  checks.ok(problems.dialogs.length === 0, 'no dialog opened', problems.dialogs.join(' | '));
  await page.close();
}

// A sampled trace: every heap figure is an estimate and says so.
async function checkSampledReport(browser, file, checks) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchPage(page);
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 20000 });
  const marked = await page.$$eval('#summary-cards .card.estimate .card-label', (ls) => ls.map((l) => l.textContent));
  checks.ok(['peak heap', 'allocation calls', 'allocated', 'temporary', 'leaked'].every((l) => marked.includes(l))
    && !marked.includes('peak RSS') && !marked.includes('duration'),
  'sampled: heap cards are marked as estimates, RSS and duration are not', marked.join(', '));
  const peakCard = await page.textContent('#summary-cards .card.estimate .card-value');
  checks.ok(peakCard.startsWith('≈'), 'sampled: estimated card values carry ≈', peakCard);
  const header = await page.textContent('.page-header');
  checks.ok(/estimates/.test(header), 'sampled: the header says figures are estimates');
  const siteHeads = await page.$$eval('#sites-table th', (ths) => ths.map((t) => t.textContent));
  checks.ok(siteHeads.filter((h) => h.includes('≈')).length === 5, 'sampled: site metric columns are marked', siteHeads.join(' | '));
  checks.ok((await page.textContent('#flame .legend')).includes('estimates'), 'sampled: flame graph legend says estimates');
  const label = await page.evaluate(() => {
    const t = document.querySelector('#flame-chart g.frame title');
    return t ? t.textContent : '';
  });
  checks.ok(label.includes('≈'), 'sampled: flame graph tooltip marks its value', label.split('\n').slice(0, 2).join(' / '));
  checks.ok((await page.textContent('#latency')).includes('only the sampled calls'), 'sampled: latency says it covers sampled calls');
  checks.ok(problems.errors.length === 0, 'sampled: no console errors', problems.errors.join(' | '));
  await page.close();
}

// An aggregate-mode trace: summary, flame graph, sites and leaks; the views
// that need events say why they are missing.
async function checkAggregateReport(browser, file, checks) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchPage(page);
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 20000 });
  checks.ok(await page.locator('#summary-cards .card').count() === 7, 'aggregate: seven summary cards');
  checks.ok(await page.locator('#flame-chart g.frame').count() > 3, 'aggregate: flame graph draws');
  checks.ok(await page.locator('#sites-table tbody tr').count() > 1, 'aggregate: sites table has rows');
  checks.ok(await page.locator('#leaks-table tbody tr').count() >= 1, 'aggregate: leaks table has rows');
  for (const id of ['memory', 'sizes', 'latency', 'threads']) {
    const text = await page.textContent(`#${id}`);
    checks.ok(/aggregate-mode trace/.test(text), `aggregate: ${id} says it needs events`, text.slice(0, 120));
  }
  checks.ok(problems.errors.length === 0, 'aggregate: no console errors', problems.errors.join(' | '));
  await page.close();
}

// A program that announces phases: they are named and shaded on the chart.
async function checkPhases(browser, file, checks) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const problems = watchPage(page);
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 20000 });
  const names = await page.$$eval('#memory .phase-name', (ns) => ns.map((n) => n.textContent));
  checks.ok(['setup', 'solve', 'assemble', 'checkpoint'].every((p) => names.some((n) => n.includes(p))),
    'phases are named under the chart', names.slice(0, 6).join(''));
  // The phases take the first millisecond of a trace that runs on for tens of
  // milliseconds, so at full range they are a few pixels wide and overlap.
  // Zoomed onto the first phase, its fill covers the plot from edge to edge.
  // uPlot redraws after the task that changed the scale, hence two steps.
  const first = await page.evaluate(() => {
    const phase = JSON.parse(document.getElementById('memscope-data').textContent).timeline.phases[0];
    document.querySelector('.timeline').chart.setScale('x', { min: phase.begin_ns / 1e9, max: phase.end_ns / 1e9 });
    return phase.name;
  });
  const shaded = await page.evaluate(() => {
    const u = document.querySelector('.timeline').chart;
    const canvas = document.querySelector('#timeline-chart canvas');
    const { left, top, width, height } = u.bbox;
    const { data } = canvas.getContext('2d').getImageData(left, top, width, height);
    let n = 0;  // the first phase fill, rgba(120,120,220,0.10), over the transparent canvas
    for (let i = 0; i < data.length; i += 4) {
      const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
      if (a > 0 && a < 80 && Math.abs(r - g) <= 4 && b > r + 60) n += 1;
    }
    return n / (width * height);
  });
  checks.ok(first === 'setup' && shaded > 0.1, 'phases are shaded on the chart',
    `${(100 * shaded).toFixed(1)}% of the plot zoomed onto ${first}`);
  checks.ok(problems.errors.length === 0, 'phases: no console errors', problems.errors.join(' | '));
  await page.close();
}

async function checkFlamegraphPage(browser, file, checks) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 800 } });
  const problems = watchPage(page);
  await page.goto(`file://${file}`);
  await page.waitForSelector('body[data-rendered="true"]', { timeout: 20000 });
  const frames = await page.locator('#flame-chart g.frame').count();
  checks.ok(frames > 3, 'flame graph page draws frames', `${frames}`);
  const metric = await page.inputValue('#flame-metric');
  checks.ok(metric === 'leaked', 'flame graph page starts on the --metric given', metric);
  const title = await page.textContent('h1');
  checks.ok(title.includes('<b>&"title\''), 'custom title is text', title);
  checks.ok(problems.errors.length === 0, 'flame graph page: no console errors', problems.errors.join(' | '));
  checks.ok(problems.dialogs.length === 0, 'flame graph page: no dialog opened');
  await page.close();
}

async function checkSvg(browser, file, checks) {
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(`file://${file}`);
  const result = await page.evaluate(() => ({
    root: document.documentElement.tagName,
    parseErrors: document.getElementsByTagName('parsererror').length,
    titles: document.getElementsByTagName('title').length,
    groups: document.querySelectorAll('g.frame').length,
    text: document.documentElement.textContent,
  }));
  checks.ok(result.root === 'svg' && result.parseErrors === 0, 'SVG parses as XML');
  checks.ok(result.titles === result.groups && result.groups > 3, 'every SVG frame has a <title> tooltip');
  checks.ok(result.text.includes(HOSTILE_SYMBOL), 'SVG keeps the hostile name as text');
  checks.ok(problems.dialogs.length === 0, 'SVG: no dialog opened');
  await page.close();
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const checks = new Checks();
  const work = freshDir(args.work);
  const trace = path.join(work, 'hostile.mst');
  memscope(args.memscope, ['run', '-o', trace, '--', args.program]);
  const report = path.join(work, 'report.html');
  const flame = path.join(work, 'flame.html');
  const svg = path.join(work, 'flame.svg');
  memscope(args.memscope, ['report', trace, '-o', report]);
  memscope(args.memscope, ['flamegraph', trace, '-o', flame, '--metric', 'leaked', '--title', '<b>&"title\'']);
  memscope(args.memscope, ['flamegraph', trace, '-o', svg]);
  checks.ok(fs.statSync(report).size > 10000, 'report written');
  // A small rate so that the program's small blocks are sampled too.
  const sampledTrace = path.join(work, 'sampled.mst');
  const sampledReport = path.join(work, 'sampled.html');
  memscope(args.memscope, ['run', '--mode', 'sampled', '--sample-rate', '256', '-o', sampledTrace, '--', args.program]);
  memscope(args.memscope, ['report', sampledTrace, '-o', sampledReport]);
  const aggregateTrace = path.join(work, 'aggregate.mst');
  const aggregateReport = path.join(work, 'aggregate.html');
  memscope(args.memscope, ['run', '--mode', 'aggregate', '-o', aggregateTrace, '--', args.program]);
  memscope(args.memscope, ['report', aggregateTrace, '-o', aggregateReport]);
  const phasesTrace = path.join(work, 'phases.mst');
  const phasesReport = path.join(work, 'phases.html');
  memscope(args.memscope, ['run', '-o', phasesTrace, '--', args['phases-program']]);
  memscope(args.memscope, ['report', phasesTrace, '-o', phasesReport]);

  const browser = await launchBrowser(args['node-modules']);
  try {
    await checkReport(browser, report, checks);
    await checkSampledReport(browser, sampledReport, checks);
    await checkAggregateReport(browser, aggregateReport, checks);
    await checkPhases(browser, phasesReport, checks);
    await checkFlamegraphPage(browser, flame, checks);
    await checkSvg(browser, svg, checks);
  } finally {
    await browser.close();
  }
  checks.finish();
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exitCode = 1;
});
