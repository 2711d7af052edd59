// The dashboard's charts: the options the server wrote (data-options) drawn by ECharts, for the
// page's bar chart and for the line over years htmx swaps in later. ECharts is fetched only once
// the page has painted its figures and tables (it is not needed to read them), so the first paint
// never waits for its parsing.
const echartsAddress = document.currentScript.dataset.echarts;
let loading = null;

function loadECharts() {
  loading ??= new Promise((loaded, failed) => {
    const script = document.createElement("script");
    script.src = echartsAddress;
    script.onload = loaded;
    script.onerror = failed;
    document.head.append(script);
  });
  return loading;
}

async function drawCharts(root) {
  const waiting = [...root.querySelectorAll(".chart[data-options]:not([data-ready])")];
  if (!waiting.length) return;
  await loadECharts();
  for (const element of waiting) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(JSON.parse(element.dataset.options));
    element.dataset.ready = "true";
    window.addEventListener("resize", () => chart.resize());
  }
}

document.addEventListener("DOMContentLoaded", () => {
  // the next frame is the first paint; the chart comes after it
  requestAnimationFrame(() => setTimeout(async () => {
    await drawCharts(document);
    performance.mark("wushe-chart-drawn");  // the page is complete: bench/dashboard.py reads it
  }, 0));
});
document.addEventListener("htmx:afterSettle", (event) => drawCharts(event.target.parentElement || document));
