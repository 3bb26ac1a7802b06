// Drives headless Chromium through the DevTools protocol to look at the dashboard as a person
// uses it: hovering a chart, typing in the filter, clicking. Used by dashboard.sh; needs Node.js
// 20 or later (run with --experimental-websocket on Node 20) and Debian's chromium.
//
//   node --experimental-websocket browse.mjs URL WIDTHxHEIGHT OUTDIR STEP...
//
// Steps, run in order:
//   shot NAME                  screenshot of the window → OUTDIR/NAME.png
//   clip SELECTOR NAME         screenshot of the element (scrolled into view) → OUTDIR/NAME.png
//   hover SELECTOR FX [FY]     moves the mouse to that fraction of the element's box (scrolled into view)
//   click SELECTOR             clicks the middle of the element
//   type SELECTOR TEXT         sets a text field and fires its input event
//   wait MS                    waits
//   print JS                   prints the value of a JavaScript expression in the page
// Exits 1 when the page threw an uncaught exception.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const [url, size, outdir, ...steps] = process.argv.slice(2);
const [width, height] = size.split("x").map(Number);
const port = 9300 + Math.floor(Math.random() * 600);
const profile = mkdtempSync(join(tmpdir(), "stockcast-chromium-"));
const browser = spawn("chromium", ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", `--remote-debugging-port=${port}`,
  `--user-data-dir=${profile}`, "about:blank"], { stdio: "ignore" });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let failed = false;

async function target() {
  for (let i = 0; i < 100; i++) {
    try {
      const list = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
      const page = list.find((t) => t.type === "page");
      if (page) return page.webSocketDebuggerUrl;
    } catch (e) { /* not up yet */ }
    await sleep(100);
  }
  throw new Error("chromium did not start");
}

const socket = new WebSocket(await target());
await new Promise((resolve) => socket.addEventListener("open", resolve));
let next = 0;
const waiting = new Map(), events = [];
socket.addEventListener("message", (m) => {
  const msg = JSON.parse(m.data);
  if (msg.id && waiting.has(msg.id)) { waiting.get(msg.id)(msg); waiting.delete(msg.id); return; }
  if (msg.method === "Runtime.exceptionThrown") { failed = true; console.error("page error:", msg.params.exceptionDetails.exception?.description || msg.params.exceptionDetails.text); }
  if (msg.method === "Runtime.consoleAPICalled" && msg.params.type === "error") console.error("console.error:", msg.params.args.map((a) => a.value).join(" "));
  events.push(msg.method);
});
const send = (method, params = {}) => new Promise((resolve, reject) => {
  const id = ++next;
  waiting.set(id, (msg) => (msg.error ? reject(new Error(method + ": " + msg.error.message)) : resolve(msg.result)));
  socket.send(JSON.stringify({ id, method, params }));
});
const evaluate = async (expression) => (await send("Runtime.evaluate", { expression, returnByValue: true, awaitPromise: true })).result.value;
async function box(selector) {
  const rect = await evaluate(`(() => { const el = [...document.querySelectorAll(${JSON.stringify(selector)})].find((e) => e.getBoundingClientRect().width > 0);
    if (!el) return null; el.scrollIntoView({ block: "center" }); const r = el.getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height, scrollX: window.scrollX, scrollY: window.scrollY }; })()`);
  if (!rect) throw new Error("nothing visible matches " + selector);
  return rect;
}
// A clip in page coordinates (the screenshot's), from a box in window coordinates.
const pageClip = (b) => ({ x: b.x + b.scrollX, y: b.y + b.scrollY, width: b.width, height: b.height });
async function save(name, clip) {
  const shot = await send("Page.captureScreenshot", clip ? { format: "png", clip: { ...clip, scale: 1 } } : { format: "png" });
  writeFileSync(join(outdir, name + ".png"), Buffer.from(shot.data, "base64"));
  console.log("wrote " + join(outdir, name + ".png"));
}

try {
  await send("Page.enable");
  await send("Runtime.enable");
  await send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: width < 600 });
  const loaded = new Promise((resolve) => socket.addEventListener("message", (m) => { if (JSON.parse(m.data).method === "Page.loadEventFired") resolve(); }));
  await send("Page.navigate", { url });
  await loaded;
  await sleep(400);
  for (let i = 0; i < steps.length; ) {
    const step = steps[i++];
    if (step === "shot") await save(steps[i++]);
    else if (step === "clip") { const b = await box(steps[i++]); await save(steps[i++], pageClip(b)); }
    else if (step === "hover") {
      const b = await box(steps[i++]), fx = Number(steps[i++]), fy = Number(steps[i] && !isNaN(steps[i]) ? steps[i++] : 0.5);
      await send("Input.dispatchMouseEvent", { type: "mouseMoved", x: b.x + b.width * fx, y: b.y + b.height * fy });
      await sleep(100);
    } else if (step === "click") {
      const b = await box(steps[i++]);
      for (const type of ["mousePressed", "mouseReleased"]) await send("Input.dispatchMouseEvent", { type, x: b.x + b.width / 2, y: b.y + b.height / 2, button: "left", clickCount: 1 });
      await sleep(300);
    } else if (step === "type") {
      const selector = steps[i++], value = steps[i++];
      await evaluate(`(() => { const el = document.querySelector(${JSON.stringify(selector)}); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event("input", { bubbles: true })); el.dispatchEvent(new Event("change", { bubbles: true })); })()`);
      await sleep(300);
    } else if (step === "wait") await sleep(Number(steps[i++]));
    else if (step === "print") console.log(JSON.stringify(await evaluate(steps[i++])));
    else throw new Error("unknown step " + step);
  }
} catch (e) {
  console.error(e.message);
  failed = true;
} finally {
  socket.close();
  browser.kill();
  await sleep(200);
  rmSync(profile, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
