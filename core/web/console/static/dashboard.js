// The dashboard's charts: the options the server wrote (data-options) drawn by ECharts, for the
// page's bar chart and for the line over years htmx swaps in later.
function drawCharts(root) {
  if (!window.echarts) return;
  for (const element of root.querySelectorAll(".chart[data-options]:not([data-ready])")) {
    const chart = echarts.init(element, null, { renderer: "svg" });
    chart.setOption(JSON.parse(element.dataset.options));
    element.dataset.ready = "true";
    window.addEventListener("resize", () => chart.resize());
  }
}
document.addEventListener("DOMContentLoaded", () => {
  drawCharts(document);
  performance.mark("wushe-chart-drawn");  // the page is complete: bench/dashboard.py reads it
});
document.addEventListener("htmx:afterSettle", (event) => drawCharts(event.target.parentElement || document));
