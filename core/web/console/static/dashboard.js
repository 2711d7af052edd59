// The dashboard's line over years: the options the server wrote (data-options) drawn by ECharts when
// htmx swaps its fragment in (once it is scrolled to). ECharts is fetched only then: the bar chart is
// an SVG the server drew in the page's HTML, so neither the first paint nor the page's completion
// waits for ECharts. The mark below says when the page is complete, for bench/dashboard.py.
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
  // the next frame is the first paint, the bar chart in it; a chart still to draw comes after it
  requestAnimationFrame(() => setTimeout(async () => {
    await drawCharts(document);
    performance.mark("wushe-chart-drawn");  // the page is complete: bench/dashboard.py reads it
  }, 0));
});
document.addEventListener("htmx:afterSettle", (event) => drawCharts(event.target.parentElement || document));
