#!/usr/bin/env node
// Opens a validation report (RenderValidationHtml's output) in headless
// Chromium and fails on any console error, uncaught exception, loaded
// resource or script, or an empty plot; saves a full-page screenshot.
//
//   node check_html_report.js [--generate PROGRAM] REPORT.html SCREENSHOT.png
//
// With --generate, PROGRAM REPORT.html is run first to write the report.
// Chromium (Debian package `chromium`; `apt-get install chromium`) is driven
// over the DevTools protocol on a pipe (--remote-debugging-pipe: JSON messages
// separated by NUL on file descriptors 3 and 4), so no WebSocket or npm
// package is needed. Set CHROMIUM to use another binary.
'use strict';

const {spawn, spawnSync} = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const url = require('url');

function usage() {
  console.error('usage: check_html_report.js [--generate PROGRAM] REPORT.html SCREENSHOT.png');
  process.exit(2);
}

const args = process.argv.slice(2);
let generator = null;
if (args[0] === '--generate') {
  generator = args[1];
  args.splice(0, 2);
}
if (args.length !== 2) usage();
const [reportPath, screenshotPath] = args.map((p) => path.resolve(p));

if (generator) {
  const run = spawnSync(generator, [reportPath], {stdio: ['ignore', 'ignore', 'inherit']});
  if (run.status !== 0) {
    console.error(`FAIL: ${generator} exited with ${run.status}`);
    process.exit(1);
  }
}
if (!fs.existsSync(reportPath)) {
  console.error(`FAIL: no report at ${reportPath}`);
  process.exit(1);
}

const chromium = process.env.CHROMIUM || 'chromium';
const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'reentry-chromium-'));
const browser = spawn(chromium, [
  '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-extensions', '--hide-scrollbars', '--remote-debugging-pipe',
  `--user-data-dir=${profile}`,
], {stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe']});
let browserLog = '';
browser.stderr.on('data', (chunk) => { browserLog += chunk; });

const toBrowser = browser.stdio[3];
const fromBrowser = browser.stdio[4];
let nextId = 1;
const pending = new Map();
const listeners = [];
let buffered = '';
fromBrowser.on('data', (chunk) => {
  buffered += chunk.toString('utf8');
  let end;
  while ((end = buffered.indexOf('\0')) >= 0) {
    const message = JSON.parse(buffered.slice(0, end));
    buffered = buffered.slice(end + 1);
    if (message.id !== undefined && pending.has(message.id)) {
      const {resolve, reject} = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) reject(new Error(JSON.stringify(message.error)));
      else resolve(message.result);
    } else {
      for (const listener of listeners) listener(message);
    }
  }
});

function send(method, params = {}, sessionId = undefined) {
  const id = nextId++;
  const message = {id, method, params};
  if (sessionId) message.sessionId = sessionId;
  toBrowser.write(JSON.stringify(message) + '\0');
  return new Promise((resolve, reject) => pending.set(id, {resolve, reject}));
}

function waitFor(predicate) {
  return new Promise((resolve) => {
    listeners.push((message) => { if (predicate(message)) resolve(message); });
  });
}

const failures = [];
const timer = setTimeout(() => {
  console.error('FAIL: timed out after 60 s');
  if (browserLog) console.error(browserLog);
  finish(1);
}, 60000);

// Stops the browser, then removes its profile once it has exited (it may
// still be writing there until then).
function finish(code) {
  clearTimeout(timer);
  const removeProfile = () => {
    try {
      fs.rmSync(profile, {recursive: true, force: true, maxRetries: 20, retryDelay: 100});
    } catch (error) {
      console.error(`note: could not remove ${profile}: ${error.message}`);
    }
    process.exit(code);
  };
  if (browser.exitCode !== null || browser.signalCode !== null) return removeProfile();
  // Its helper processes may outlive it by a moment.
  browser.once('exit', () => setTimeout(removeProfile, 300));
  browser.kill('SIGKILL');
}

async function main() {
  const {targetId} = await send('Target.createTarget', {url: 'about:blank'});
  const {sessionId} = await send('Target.attachToTarget', {targetId, flatten: true});
  listeners.push((message) => {
    if (message.sessionId !== sessionId) return;
    const p = message.params || {};
    if (message.method === 'Runtime.exceptionThrown') {
      failures.push(`uncaught exception: ${p.exceptionDetails.text}`);
    } else if (message.method === 'Runtime.consoleAPICalled' &&
               (p.type === 'error' || p.type === 'assert')) {
      failures.push(`console ${p.type}: ${p.args.map((a) => a.value).join(' ')}`);
    } else if (message.method === 'Log.entryAdded' && p.entry.level === 'error') {
      failures.push(`console error (${p.entry.source}): ${p.entry.text}`);
    } else if (message.method === 'Network.requestWillBeSent' &&
               !p.request.url.startsWith('file:') && !p.request.url.startsWith('about:')) {
      failures.push(`the report loads ${p.request.url}`);
    }
  });
  await send('Runtime.enable', {}, sessionId);
  await send('Log.enable', {}, sessionId);
  await send('Page.enable', {}, sessionId);
  await send('Network.enable', {}, sessionId);
  await send('Emulation.setDeviceMetricsOverride',
             {width: 1200, height: 900, deviceScaleFactor: 1, mobile: false}, sessionId);
  const loaded = waitFor((m) => m.sessionId === sessionId && m.method === 'Page.loadEventFired');
  await send('Page.navigate', {url: url.pathToFileURL(reportPath).href}, sessionId);
  await loaded;

  // The checks run from the DevTools side: the report itself has no scripts.
  const {result} = await send('Runtime.evaluate', {
    returnByValue: true,
    expression: `(() => {
      const out = {};
      const box = (e) => { const b = e.getBBox(); return b.width > 0 && b.height > 0; };
      const roc = document.querySelector('svg#roc');
      out.roc = !!roc;
      out.plotWidths = [...document.querySelectorAll('svg.plot')].map(
          (svg) => Math.round(svg.getBoundingClientRect().width));
      out.rocCurves = roc ? [...roc.querySelectorAll('path.roc-curve')].map((p) => ({
        group: p.dataset.group,
        points: (p.getAttribute('d').match(/[ML]/g) || []).length,
        drawn: box(p),
      })) : [];
      const cal = document.querySelector('svg#calibration');
      out.calibration = !!cal;
      out.calibrationPoints = cal ? cal.querySelectorAll('g.calibration-point circle').length : 0;
      out.calibrationLines = cal ? [...cal.querySelectorAll('path.calibration-line')]
          .filter(box).length : 0;
      out.tableRows = document.querySelectorAll('table.rates tbody tr').length;
      out.scripts = document.scripts.length;
      out.resources = performance.getEntriesByType('resource').length;
      out.title = document.title;
      out.height = document.documentElement.scrollHeight;
      return out;
    })()`,
  }, sessionId);
  const dom = result.value;

  if (!dom.roc) failures.push('no ROC plot (svg#roc)');
  if (dom.rocCurves.length === 0) failures.push('the ROC plot has no curves');
  for (const curve of dom.rocCurves) {
    if (curve.points < 2) failures.push(`ROC curve '${curve.group}' has ${curve.points} point(s)`);
    if (!curve.drawn) failures.push(`ROC curve '${curve.group}' draws nothing`);
  }
  if (!dom.calibration) failures.push('no calibration plot (svg#calibration)');
  if (dom.calibrationPoints === 0) failures.push('the calibration plot has no points');
  if (dom.calibrationLines === 0) failures.push('the calibration plot has no lines');
  for (const width of dom.plotWidths) {
    if (width < 300) failures.push(`a plot is drawn ${width} px wide (at least 300 expected)`);
  }
  if (dom.tableRows < 2) failures.push(`the rate table has ${dom.tableRows} row(s)`);
  if (dom.scripts !== 0) failures.push(`the report has ${dom.scripts} script(s)`);
  if (dom.resources !== 0) failures.push(`the report loaded ${dom.resources} resource(s)`);

  const shot = await send('Page.captureScreenshot',
                          {format: 'png', captureBeyondViewport: true,
                           clip: {x: 0, y: 0, width: 1200, height: dom.height, scale: 1}},
                          sessionId);
  fs.writeFileSync(screenshotPath, Buffer.from(shot.data, 'base64'));
  // Let late console messages arrive before judging.
  await new Promise((resolve) => setTimeout(resolve, 200));

  console.log(`report: ${reportPath} ("${dom.title}")`);
  console.log(`ROC curves: ${dom.rocCurves.map((c) => `${c.group} (${c.points} points)`).join(', ')}`);
  console.log(`calibration points: ${dom.calibrationPoints}, rate table rows: ${dom.tableRows}, ` +
              `plot widths: ${dom.plotWidths.join(', ')} px`);
  console.log(`screenshot: ${screenshotPath} (1200 x ${dom.height})`);
  if (failures.length > 0) {
    for (const failure of failures) console.error(`FAIL: ${failure}`);
    return finish(1);
  }
  console.log('OK: no console errors, no resources, both plots drawn');
  finish(0);
}

browser.on('error', (error) => {
  console.error(`FAIL: cannot start ${chromium}: ${error.message}`);
  finish(1);
});
main().catch((error) => {
  console.error(`FAIL: ${error.stack}`);
  if (browserLog) console.error(browserLog);
  finish(1);
});
