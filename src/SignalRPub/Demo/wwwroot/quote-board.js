// What the table shows, kept apart from the page: the latest push of each topic, its update rate over a
// sliding window and its end-to-end latency. The agreed quote shape (samples/QuotePublisher) is
// {"last": number, "bid": number, "ask": number, "volume": integer, "ts": Unix ms at publish}; any other data is
// kept as JSON.

export const WINDOW_MS = 5000;

// Bounds the arrival times kept per topic, whatever the publish rate.
const MAX_ARRIVALS = 20000;

export class QuoteBoard {
  constructor(now = () => Date.now()) {
    this.now = now;
    this.topics = new Map();
    this.received = 0;
  }

  /** Records one push; returns the topic's entry. */
  add(topic, data) {
    const at = this.now();
    let entry = this.topics.get(topic);
    if (!entry) {
      entry = { topic, firstAt: at, arrivals: [], count: 0, quote: null, raw: null, latencyMs: null };
      this.topics.set(topic, entry);
    }

    this.received++;
    entry.count++;
    entry.arrivals.push(at);
    if (entry.arrivals.length > MAX_ARRIVALS) {
      entry.arrivals.splice(0, entry.arrivals.length - MAX_ARRIVALS);
    }

    if (isQuote(data)) {
      entry.quote = data;
      entry.raw = null;
      entry.latencyMs = typeof data.ts === "number" && Number.isFinite(data.ts) ? at - data.ts : null;
    } else {
      entry.quote = null;
      entry.raw = data;
      entry.latencyMs = data !== null && typeof data === "object" && typeof data.ts === "number" ? at - data.ts : null;
    }

    return entry;
  }

  /** Updates per second of a topic over the last WINDOW_MS (over its lifetime while that is shorter, at least 1 s). */
  rate(entry) {
    const at = this.now();
    const from = at - WINDOW_MS;
    const arrivals = entry.arrivals;
    let first = 0;
    while (first < arrivals.length && arrivals[first] <= from) {
      first++;
    }

    if (first > 0) {
      arrivals.splice(0, first);
    }

    const spanMs = Math.max(Math.min(WINDOW_MS, at - entry.firstAt), 1000);
    return (arrivals.length * 1000) / spanMs;
  }

  remove(topic) {
    this.topics.delete(topic);
  }

  clear() {
    this.topics.clear();
  }
}

function isQuote(data) {
  return data !== null && typeof data === "object" && !Array.isArray(data)
    && ["last", "bid", "ask", "volume"].some((field) => typeof data[field] === "number");
}
