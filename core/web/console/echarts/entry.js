// The console's ECharts: only what its charts use (bar and line, grid, title, tooltip, aria, SVG).
import * as echarts from "echarts/core";
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, TitleComponent, TooltipComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
echarts.use([BarChart, LineChart, AriaComponent, GridComponent, TitleComponent, TooltipComponent, SVGRenderer]);
window.echarts = echarts;
