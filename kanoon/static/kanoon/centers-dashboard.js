/* Centers dashboard: the quarterly trend chart (data in #trend-data). Axis ticks and tooltips
   use Persian digits and separators (Intl fa-IR), like core.formats on the server. */
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("trend"), data = document.getElementById("trend-data");
  if (!el || !data || !window.Chart) return;
  var formatter = new Intl.NumberFormat("fa-IR", { maximumFractionDigits: 2 });
  function persian(n) {
    if (n === null || n === undefined || n === "" || isNaN(Number(n))) return "—";
    return formatter.format(Number(n));
  }
  var ticks = { callback: function (value) { return persian(value); } };
  var d = JSON.parse(data.textContent);
  new Chart(el, {
    type: "line",
    data: { labels: d.labels, datasets: [
      { label: "اعضا", data: d.members, borderColor: "#0f7b5f", yAxisID: "y" },
      { label: "کانون‌ها", data: d.centers, borderColor: "#d9822b", yAxisID: "y1" }
    ] },
    options: {
      locale: "fa-IR",
      plugins: {
        legend: { rtl: true },
        tooltip: {
          rtl: true,
          textDirection: "rtl",
          callbacks: { label: function (c) { return c.dataset.label + ": " + persian(c.parsed.y); } }
        }
      },
      scales: {
        x: { reverse: true },
        y: { position: "right", beginAtZero: true, ticks: ticks },
        y1: { position: "left", beginAtZero: true, ticks: ticks, grid: { drawOnChartArea: false } }
      }
    }
  });
});
