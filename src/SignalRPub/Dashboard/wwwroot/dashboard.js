// The SignalRPub dashboard: asks for the admin key, keeps it in this tab's session storage only, and polls the
// operations API of the listener it was served from once a second.
import { Series, format } from "./chart.js";

const KEY_STORAGE = "signalrpub.adminKey";
const POLL_MS = 1000;
const TOP_TOPICS = 10;

const $ = (id) => document.getElementById(id);
const api = (path) => new URL(`../signalrpub/${path}`, location.href);

const charts = {
  connections: new Series($("chart-connections")),
  messagesIn: new Series($("chart-messages-in")),
  messagesOut: new Series($("chart-messages-out")),
  bytesOut: new Series($("chart-bytes-out")),
  slowConsumers: new Series($("chart-slow-consumers")),
};

let key = null;
let timer = null;
let previous = null;

class KeyRefused extends Error {}

async function get(path) {
  const response = await fetch(api(path), { headers: { "X-API-KEY": key }, cache: "no-store" });
  if (response.status === 401) {
    throw new KeyRefused("the admin key was refused");
  }
  if (response.status === 429) {
    throw new KeyRefused("too many wrong keys from this address: wait a minute");
  }
  if (!response.ok) {
    const body = await response.text();
    throw new Error(`${path}: ${response.status} ${body}`);
  }
  return response.json();
}

function setStatus(state, text) {
  const status = $("status");
  status.dataset.state = state;
  status.textContent = text;
}

function showLogin(message) {
  clearTimeout(timer);
  timer = null;
  key = null;
  sessionStorage.removeItem(KEY_STORAGE);
  $("board").hidden = true;
  $("logout").hidden = true;
  $("login").hidden = false;
  const error = $("login-error");
  error.hidden = !message;
  error.textContent = message ?? "";
  setStatus("logged-out", "logged out");
  $("key").focus();
}

async function logIn(candidate) {
  key = candidate;
  $("login-button").disabled = true;
  try {
    await get("stats");
  } catch (error) {
    showLogin(error instanceof KeyRefused ? error.message : `cannot reach the admin listener: ${error.message}`);
    return;
  } finally {
    $("login-button").disabled = false;
  }
  sessionStorage.setItem(KEY_STORAGE, candidate);
  $("login").hidden = true;
  $("login-error").hidden = true;
  $("board").hidden = false;
  $("logout").hidden = false;
  previous = null;
  await poll();
}

async function poll() {
  try {
    const [stats, routes, topics] = await Promise.all([get("stats"), get("routes"), get(`topics?top=${TOP_TOPICS}`)]);
    const now = Date.now();
    showStats(stats, now);
    showRoutes(routes);
    showTopics(topics);
    $("error").hidden = true;
    $("updated").textContent = `updated ${new Date(now).toLocaleTimeString()}`;
    setStatus("live", "live");
  } catch (error) {
    if (error instanceof KeyRefused) {
      showLogin(error.message);
      return;
    }
    $("error").hidden = false;
    $("error").textContent = error.message;
    setStatus("error", "not updating");
  }
  if (key !== null) {
    timer = setTimeout(poll, POLL_MS);
  }
}

function setFigure(id, value, text = format(value)) {
  const element = $(id);
  element.dataset.value = String(value);
  element.textContent = text;
}

function showStats(stats, now) {
  const counters = ["messagesIn", "messagesOut", "bytesOut"];
  const rates = { messagesIn: 0, messagesOut: 0, bytesOut: 0 };
  if (previous !== null && now > previous.time) {
    const seconds = (now - previous.time) / 1000;
    for (const name of counters) {
      rates[name] = Math.max(0, (stats[name] ?? 0) - previous[name]) / seconds;
    }
  }
  previous = { time: now };
  for (const name of counters) {
    previous[name] = stats[name] ?? 0;
  }

  setFigure("connections", stats.connections);
  $("registered").textContent = format(stats.registered);
  $("nodes").textContent = format((stats.nodes ?? []).length);
  setFigure("messages-in-rate", rates.messagesIn);
  $("messages-in-total").textContent = format(stats.messagesIn);
  $("messages-in-total").dataset.value = String(stats.messagesIn);
  setFigure("messages-out-rate", rates.messagesOut);
  $("messages-out-total").textContent = format(stats.messagesOut);
  $("messages-out-total").dataset.value = String(stats.messagesOut);
  setFigure("bytes-out-rate", rates.bytesOut, formatBytes(rates.bytesOut));
  $("bytes-out-total").textContent = formatBytes(stats.bytesOut ?? 0);
  $("bytes-out-total").dataset.value = String(stats.bytesOut ?? 0);
  setFigure("slow-consumers", stats.slowConsumers);

  charts.connections.add(now, stats.connections);
  charts.messagesIn.add(now, rates.messagesIn);
  charts.messagesOut.add(now, rates.messagesOut);
  charts.bytesOut.add(now, rates.bytesOut);
  charts.slowConsumers.add(now, stats.slowConsumers);
}

function formatBytes(value) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

function cell(text, className) {
  const td = document.createElement("td");
  td.textContent = text ?? "";
  if (className) {
    td.className = className;
  }
  return td;
}

function showRoutes(report) {
  $("node-id").textContent = report.node;
  $("window").textContent = String(report.windowSeconds);
  const rows = [];
  for (const route of report.routes) {
    const kind = route.kind === "entry" ? "entry" : route.action;
    const nodes = route.nodes.length > 0 ? route.nodes : [null];
    nodes.forEach((node, index) => {
      const tr = document.createElement("tr");
      tr.dataset.route = route.id;
      tr.append(cell(index === 0 ? route.id : ""), cell(index === 0 ? route.uri : ""), cell(index === 0 ? kind : ""));
      if (node === null) {
        tr.append(cell("—"), cell(""), cell(""), cell(""), cell(""), cell(""), cell(""));
      } else {
        tr.dataset.node = node.node;
        const health = cell(node.healthy ? "healthy" : "resting");
        health.dataset.health = node.healthy ? "healthy" : "resting";
        health.dataset.field = "health";
        const figures = [
          ["calls", node.calls], ["errors", node.errors], ["p50", node.p50Ms], ["p90", node.p90Ms], ["p99", node.p99Ms],
        ].map(([field, value]) => {
          const td = cell(value === null ? "–" : format(value), "num");
          td.dataset.field = field;
          return td;
        });
        tr.append(cell(node.node), health, ...figures);
      }
      rows.push(tr);
    });
  }
  $("route-rows").replaceChildren(...rows);
}

function showTopics(report) {
  $("topic-rows").replaceChildren(...report.topics.map((entry) => {
    const tr = document.createElement("tr");
    tr.dataset.topic = entry.topic;
    const count = cell(format(entry.subscribers), "num");
    count.dataset.field = "subscribers";
    tr.append(cell(entry.topic), count);
    return tr;
  }));
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  const candidate = $("key").value;
  $("key").value = "";
  logIn(candidate);
});
$("logout").addEventListener("click", () => showLogin(null));

const stored = sessionStorage.getItem(KEY_STORAGE);
if (stored) {
  logIn(stored);
} else {
  showLogin(null);
}
document.body.dataset.ready = "true";
