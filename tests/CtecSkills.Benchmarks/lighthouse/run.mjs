// Lighthouse scores of the main pages of a running CtecSkills with demo data, printed as a Markdown table.
//
//   npm ci --prefix tests/CtecSkills.Benchmarks/lighthouse
//   CHROME_PATH=/usr/bin/chromium node tests/CtecSkills.Benchmarks/lighthouse/run.mjs http://localhost:5080
//
// Lighthouse's mobile defaults (Moto G Power screen, Slow 4G, 4x CPU slowdown), zh-CN. The learner pages (quiz, wallet)
// are scored signed in: the script signs a demo learner in by SMS the way the e2e tests do (the administrator reads the
// code in the SMS outbox) and puts the session cookie in the browser Lighthouse drives. Exits 1 when a page is below 100 in a category.
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import puppeteer from 'puppeteer-core';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';

const base = (process.argv[2] ?? process.env.CTEC_URL ?? 'http://localhost:5080').replace(/\/$/, '');
const learnerPhone = process.env.CTEC_LEARNER_PHONE ?? '13900000002';
const adminEmail = process.env.CTEC_ADMIN_EMAIL ?? 'admin@ctecskills.demo';
const password = process.env.CTEC_DEMO_PASSWORD ?? 'Ctec-demo-2026';
const course = process.env.CTEC_COURSE ?? 'smartphone-basics';
const runs = Number(process.env.CTEC_LH_RUNS ?? 3);
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];

const chromeFlags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=zh-CN'];

const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags });
let failed = false;
try {
  const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
  const cookies = await signInLearner(browser);
  const verifyCode = await firstCredentialCode(browser, cookies);
  await browser.disconnect();

  // Anonymous pages first, in a browser without the learner's cookies; then the learner's pages, with the session
  // cookie in the browser and Lighthouse told not to clear it (the HTTP cache is cleared by hand instead, so that
  // those pages load cold too).
  const pages = [
    ['home', '/', false],
    ['sign-in (phone)', '/account/phone', false],
    ['catalogue', '/courses', false],
    ['course', `/courses/${course}`, false],
    ['lesson', `/courses/${course}/lessons/1`, false],
    ['verify', verifyCode ? `/verify/${encodeURIComponent(verifyCode)}` : '/verify', false],
    ['methodology', '/index/methodology', false],
    ['quiz (signed in)', `/courses/${course}/quiz`, true],
    ['wallet (signed in)', '/me/credentials', true],
  ];

  // CTEC_LH_PAGES=quiz,wallet scores only the pages whose names contain one of those words.
  const only = (process.env.CTEC_LH_PAGES ?? '').split(',').filter(Boolean);
  const rows = [];
  let signedIn = false;
  for (const [name, path, session] of pages.filter(([n]) => only.length === 0 || only.some(o => n.includes(o)))) {
    // A running server has served these pages before: the first request's start-up work is not the page's.
    for (let i = 0; i < 2; i++) {
      await fetch(base + path, { headers: session ? { Cookie: cookies.map(c => `${c.name}=${c.value}`).join('; ') } : {} });
    }
    if (session && !signedIn) {
      const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
      const [tab] = await browser.pages();
      await tab.setCookie(...cookies.map(c => ({ ...c, url: base })));
      await browser.disconnect();
      signedIn = true;
    }
    // Several runs and the median one (by FCP and TBT), as Lighthouse advises for scores that vary between runs.
    const lhrs = [];
    for (let run = 0; run < runs; run++) {
      lhrs.push(await runOnce(path, session));
    }
    const lhr = computeMedianRun(lhrs);
    if (new URL(lhr.finalDisplayedUrl).pathname !== path) throw new Error(`${path}: redirected to ${lhr.finalDisplayedUrl}`);
    const scores = categories.map(c => Math.round((lhr.categories[c].score ?? 0) * 100));
    if (scores.some(s => s < 100)) {
      failed = true;
      const below = Object.values(lhr.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'manual');
      console.error(`${name} ${path}: ${scores.join(' / ')}; audits below 1: ${below.map(a => `${a.id} (${a.displayValue ?? a.score})`).join(', ')}`);
      // Where the blocking time went: the main thread's long tasks, by the script that ran them.
      for (const task of lhr.audits['long-tasks']?.details?.items ?? []) {
        console.error(`  long task ${Math.round(task.duration)} ms at ${Math.round(task.startTime)} ms: ${task.url}`);
      }
      for (const work of lhr.audits['mainthread-work-breakdown']?.details?.items ?? []) {
        console.error(`  main thread ${work.groupLabel}: ${Math.round(work.duration)} ms`);
      }
    }
    const m = lhr.audits;
    rows.push(`| ${name} | \`${path.replace(verifyCode ?? '\0', '{code}')}\` | ${scores.join(' | ')} | ${(m['first-contentful-paint'].numericValue / 1000).toFixed(1)} s | ${(m['largest-contentful-paint'].numericValue / 1000).toFixed(1)} s | ${Math.round(m['total-blocking-time'].numericValue)} ms | ${m['cumulative-layout-shift'].numericValue.toFixed(2)} |`);
  }

  console.log(`Lighthouse ${(await import('lighthouse/package.json', { with: { type: 'json' } })).default.version}, mobile (Slow 4G, 4x CPU), median of ${runs} runs, ${new Date().toISOString().slice(0, 10)}, ${base}`);
  console.log();
  console.log('| page | path | performance | accessibility | best practices | SEO | FCP | LCP | TBT | CLS |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
} finally {
  await chrome.kill();
}
process.exit(failed ? 1 : 0);

async function runOnce(path, session) {
  // Chromium under load sometimes loses the trace's start (NO_NAVSTART); Lighthouse's advice is to run again.
  for (let attempt = 1; ; attempt++) {
    if (session) {
      // Cold like the anonymous pages: puppeteer empties the HTTP cache and lets go before Lighthouse drives the
      // browser (two drivers at once lose the trace).
      const browser = await puppeteer.connect({ browserURL: `http://127.0.0.1:${chrome.port}` });
      const [tab] = await browser.pages();
      const cdp = await tab.createCDPSession();
      await cdp.send('Network.clearBrowserCache');
      // A first visit after sign-in, as the anonymous pages are measured (Lighthouse's storage reset less the cookies):
      // no service worker yet. With one installed, the page comes from the worker, and Lighthouse's simulated
      // throttling then places the navigation's own commit task (47–110 ms, "Unattributable") after the simulated first
      // paint and counts it ×4 as blocking time (190–450 ms); its real trace, and a run with devtools throttling, show
      // that task before the first paint and no blocking time.
      await cdp.send('Storage.clearDataForOrigin', { origin: base, storageTypes: 'service_workers,cache_storage' });
      await cdp.detach();
      await browser.disconnect();
    }
    const { lhr } = await lighthouse(base + path, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: categories,
      locale: 'zh',
      disableStorageReset: session,
      extraHeaders: { 'Accept-Language': 'zh-CN,zh;q=0.9' },
    });
    if (!lhr.runtimeError) return lhr;
    if (attempt === 3) throw new Error(`${path}: ${lhr.runtimeError.message}`);
    console.error(`${path}: ${lhr.runtimeError.code}, running again`);
  }
}

// The learner asks for a code, the administrator reads it in the SMS outbox, the learner types it: the session cookies.
async function signInLearner(browser) {
  const admin = await browser.createBrowserContext();
  const outbox = await admin.newPage();
  await outbox.goto(`${base}/account/signin`);
  await outbox.type('input[name=Login]', adminEmail);
  await outbox.type('input[name=Password]', password);
  await Promise.all([outbox.waitForNavigation(), outbox.click('form[action="/account/signin"] button[type=submit]')]);
  const codesInOutbox = async () => {
    await outbox.goto(`${base}/admin/sms-outbox?phone=${learnerPhone}`);
    return (await outbox.$eval('main', m => m.innerText)).match(/(?<!\d)\d{6}(?!\d)/g) ?? [];
  };
  // A code from an earlier run may still be listed: only one that was not there before counts.
  const earlier = new Set(await codesInOutbox());

  const learner = await browser.createBrowserContext();
  const page = await learner.newPage();
  await page.goto(`${base}/account/phone`);
  await page.type('#Phone', learnerPhone);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/account/phone"] button[type=submit]')]);

  let code = null;
  for (let tries = 0; tries < 30 && !code; tries++) {
    code = (await codesInOutbox()).find(c => !earlier.has(c)) ?? null;
    if (!code) await new Promise(r => setTimeout(r, 1000));
  }
  await admin.close();
  if (!code) throw new Error(`No new sign-in code for ${learnerPhone} in the SMS outbox`);

  await page.type('#Code', code);
  await Promise.all([page.waitForNavigation(), page.click('form[action="/account/code"] button[type=submit]')]);
  if (!new URL(page.url()).pathname.startsWith('/me')) throw new Error(`Sign-in ended at ${page.url()}`);
  const cookies = (await page.cookies()).map(({ name, value }) => ({ name, value }));
  await learner.close();
  return cookies;
}

// A credential to check on /verify: the first one in the learner's wallet, if the demo gave them one.
async function firstCredentialCode(browser, cookies) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setCookie(...cookies.map(c => ({ ...c, url: base })));
  await page.goto(`${base}/me/credentials`);
  const href = await page.$$eval('a[href*="/verify/"]', links => links[0]?.href ?? null);
  await context.close();
  return href ? decodeURIComponent(new URL(href).pathname.split('/verify/')[1]) : null;
}
