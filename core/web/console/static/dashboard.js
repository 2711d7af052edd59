// A region's bar chart: the options the server wrote (data-options) drawn by ECharts.
document.addEventListener("DOMContentLoaded", () => {
  const element = document.getElementById("chart");
  if (!element || !window.echarts) return;
  const chart = echarts.init(element, null, { renderer: "svg" });
  chart.setOption(JSON.parse(element.dataset.options));
  element.dataset.ready = "true";
  performance.mark("wushe-chart-drawn");  // the page is complete: bench/dashboard.py reads it
  window.addEventListener("resize", () => chart.resize());
});
