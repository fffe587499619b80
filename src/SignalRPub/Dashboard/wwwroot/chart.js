// A small time-series chart on a canvas: the last minutes of one figure, drawn as a line over a filled area, with the
// highest value of the span written in a corner. No library: the page loads nothing but its own files.

export const SPAN_MS = 5 * 60 * 1000;

// A young series is drawn over at least a minute, and over its whole age up to the span, so it fills the chart.
const MIN_SPAN_MS = 60 * 1000;

export class Series {
  constructor(canvas) {
    this.canvas = canvas;
    this.points = [];
  }

  add(time, value) {
    this.points.push({ time, value });
    while (this.points.length > 0 && this.points[0].time < time - SPAN_MS) {
      this.points.shift();
    }
    this.canvas.dataset.points = String(this.points.length);
    this.canvas.dataset.max = String(Math.max(...this.points.map((p) => p.value)));
    this.draw(time);
  }

  draw(now) {
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth || canvas.width;
    const height = canvas.clientHeight || canvas.height;
    if (canvas.width !== Math.round(width * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    if (this.points.length === 0) {
      return;
    }

    const highest = Math.max(...this.points.map((p) => p.value));
    const max = Math.max(1, highest);
    const span = Math.min(SPAN_MS, Math.max(MIN_SPAN_MS, now - this.points[0].time));
    const x = (time) => width - ((now - time) / span) * width;
    const y = (value) => height - 2 - (value / max) * (height - 14);
    const accent = getComputedStyle(document.documentElement).getPropertyValue("--accent").trim() || "#2f7cf6";

    g.beginPath();
    g.moveTo(x(this.points[0].time), height);
    for (const p of this.points) {
      g.lineTo(x(p.time), y(p.value));
    }
    g.lineTo(x(this.points[this.points.length - 1].time), height);
    g.closePath();
    g.globalAlpha = 0.15;
    g.fillStyle = accent;
    g.fill();

    g.globalAlpha = 1;
    g.beginPath();
    this.points.forEach((p, i) => (i === 0 ? g.moveTo(x(p.time), y(p.value)) : g.lineTo(x(p.time), y(p.value))));
    g.strokeStyle = accent;
    g.lineWidth = 1.5;
    g.stroke();

    g.fillStyle = "#888";
    g.font = "10px system-ui, sans-serif";
    g.textBaseline = "top";
    g.fillText(`max ${format(highest)} · last ${Math.round(span / 60000)} min`, 2, 0);
  }
}

export function format(value) {
  if (value === null || value === undefined || Number.isNaN(value)) {
    return "–";
  }
  if (Math.abs(value) >= 100 || Number.isInteger(value)) {
    return Math.round(value).toLocaleString("en-US");
  }
  return value.toFixed(1);
}
