// The demo page: connects over the chosen transport, registers, subscribes, and keeps the quote table current.

import { QuoteBoard, WINDOW_MS } from "./quote-board.js";
import { SignalRTransport } from "./transport-signalr.js";
import { WebSocketTransport, describeClose } from "./transport-websocket.js";

const DEFAULT_TOPICS = Array.from({ length: 10 }, (_, i) => `hq_100001_${120 + i}`);
const RATE_REFRESH_MS = 500;

const $ = (id) => document.getElementById(id);
const board = new QuoteBoard();
const rows = new Map();
const dirty = new Set();
let transport = null;
let subscribed = [];
let renderQueued = false;

function routes() {
  return {
    entryPath: $("entry-path").value.trim(),
    entryId: $("entry-id").value.trim(),
    register: $("register-uri").value.trim(),
    subAdd: $("sub-add-uri").value.trim(),
    subDelete: $("sub-delete-uri").value.trim(),
    disconnect: $("disconnect-uri").value.trim(),
  };
}

function socketUrl(path) {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  return `${scheme}//${location.host}${path}`;
}

function setState(state, detail = "") {
  $("status").dataset.state = state;
  $("state").textContent = detail ? `${state} (${detail})` : state;
  const open = state === "registered";
  $("connect").disabled = state === "connecting" || open;
  $("transport").disabled = state === "connecting" || open;
  $("disconnect").disabled = !open;
  $("subscribe").disabled = !open;
  $("unsubscribe").disabled = !open;
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = false;
}

function clearError() {
  const box = $("error");
  box.textContent = "";
  box.hidden = true;
}

// "sub_add refused: 400 invalid_topic: topic '$all' is reserved…" from a response frame.
function describeRefusal(action, answer) {
  const error = answer?.body?.error;
  if (error && typeof error === "object") {
    return `${action} refused: ${answer.status} ${error.code ?? ""}: ${error.message ?? ""}`.trim();
  }

  return `${action} refused: ${answer?.status ?? "no status"} ${JSON.stringify(answer?.body ?? null)}`;
}

async function act(action, uri, body) {
  const answer = await transport.request(uri, body);
  if (answer?.status !== 200) {
    throw new Error(describeRefusal(action, answer));
  }

  return answer.body;
}

function parseTopics() {
  return $("topics").value.split(/[\s,]+/).filter((topic) => topic.length > 0);
}

function setSubscribed(topics) {
  subscribed = Array.isArray(topics) ? topics : [];
  $("subscribed").textContent = subscribed.length ? subscribed.join(" ") : "none";
}

async function connect() {
  clearError();
  const kind = $("transport").value;
  const r = routes();
  // A socket given up on (a failed register, a newer connect) may still close later: only the current one counts.
  const handlers = {
    onPush: (topic, data) => transport === candidate && onPush(topic, data),
    onClose: (info) => transport === candidate && onClose(info),
  };
  const candidate = kind === "signalr"
    ? new SignalRTransport(socketUrl(`/hub?entry=${encodeURIComponent(r.entryId)}`), handlers)
    : new WebSocketTransport(socketUrl(r.entryPath), handlers);
  transport = candidate;
  $("status-transport").textContent = kind === "signalr" ? "SignalR" : "WebSocket";
  setState("connecting");
  try {
    await candidate.open();
    const body = await act("register", r.register, {});
    if (transport !== candidate) {
      return;
    }

    $("connection-id").textContent = body?.connectionId ?? "–";
    setSubscribed([]);
    setState("registered");
  } catch (error) {
    if (transport === candidate) {
      transport = null;
      candidate.close();
      setState("failed");
      showError(error.message);
    }
  }
}

async function disconnect() {
  clearError();
  try {
    await act("disconnect", routes().disconnect, {});
  } catch (error) {
    showError(error.message);
    transport?.close();
  }
}

async function changeSubscription(action, uri) {
  clearError();
  const topics = parseTopics();
  if (topics.length === 0) {
    showError("Enter at least one topic.");
    return;
  }

  try {
    const body = await act(action, uri, { topics });
    setSubscribed(body?.topics);
    if (action === "sub_delete") {
      for (const topic of topics.filter((t) => !subscribed.includes(t))) {
        board.remove(topic);
        rows.get(topic)?.row.remove();
        rows.delete(topic);
      }
    }
  } catch (error) {
    showError(error.message);
  }
}

function onPush(topic, data) {
  if (typeof topic !== "string") {
    return;
  }

  board.add(topic, data);
  dirty.add(topic);
  queueRender();
}

function onClose({ code, reason }) {
  transport = null;
  setState("closed", describeClose(code, reason));
  $("connection-id").textContent = "–";
  setSubscribed([]);
}

function queueRender() {
  if (!renderQueued) {
    renderQueued = true;
    requestAnimationFrame(render);
  }
}

function render() {
  renderQueued = false;
  for (const topic of dirty) {
    const entry = board.topics.get(topic);
    if (entry) {
      renderRow(entry);
    }
  }

  dirty.clear();
  $("received").textContent = String(board.received);
}

function rowOf(topic) {
  let cells = rows.get(topic);
  if (cells) {
    return cells;
  }

  const row = document.createElement("tr");
  row.dataset.topic = topic;
  row.dataset.testid = "quote-row";
  cells = { row };
  const header = document.createElement("th");
  header.scope = "row";
  header.textContent = topic;
  header.dataset.field = "topic";
  row.append(header);
  for (const field of ["last", "bid", "ask", "volume", "rate", "latency", "count", "raw"]) {
    const cell = document.createElement("td");
    cell.dataset.field = field;
    cell.className = field === "raw" ? "raw" : "num";
    row.append(cell);
    cells[field] = cell;
  }

  // Rows stay in topic order, so a busy table does not jump around.
  const next = [...rows.keys()].filter((t) => t > topic).sort()[0];
  $("quote-rows").insertBefore(row, next ? rows.get(next).row : null);
  rows.set(topic, cells);
  return cells;
}

function renderRow(entry) {
  const cells = rowOf(entry.topic);
  const quote = entry.quote ?? {};
  cells.last.textContent = formatNumber(quote.last);
  cells.bid.textContent = formatNumber(quote.bid);
  cells.ask.textContent = formatNumber(quote.ask);
  cells.volume.textContent = formatNumber(quote.volume);
  cells.latency.textContent = entry.latencyMs === null ? "" : String(Math.round(entry.latencyMs));
  cells.count.textContent = String(entry.count);
  cells.raw.textContent = entry.raw === null ? "" : JSON.stringify(entry.raw);
  cells.rate.textContent = board.rate(entry).toFixed(1);
}

function formatNumber(value) {
  return typeof value === "number" && Number.isFinite(value) ? String(value) : "";
}

// Rates change while no push arrives (they decay to 0), so they are refreshed on a timer too.
function refreshRates() {
  for (const entry of board.topics.values()) {
    const cells = rows.get(entry.topic);
    if (cells) {
      cells.rate.textContent = board.rate(entry).toFixed(1);
    }
  }
}

function start() {
  $("topics").value = DEFAULT_TOPICS.join(" ");
  $("window-seconds").textContent = String(WINDOW_MS / 1000);
  $("connection-form").addEventListener("submit", (event) => {
    event.preventDefault();
    connect();
  });
  $("disconnect").addEventListener("click", () => disconnect());
  $("topics-form").addEventListener("submit", (event) => {
    event.preventDefault();
    changeSubscription("sub_add", routes().subAdd);
  });
  $("unsubscribe").addEventListener("click", () => changeSubscription("sub_delete", routes().subDelete));
  setInterval(refreshRates, RATE_REFRESH_MS);
  setState("disconnected");
  document.body.dataset.ready = "true";
}

start();
