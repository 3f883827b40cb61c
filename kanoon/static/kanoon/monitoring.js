// Monitoring dashboard: the quarterly trend chart (Chart.js, self-hosted). Every number on the
// chart (axis ticks, tooltips) is written the way core.formats writes it on the server: Persian
// digits, «٬» thousands, «٫» decimals (Intl fa-IR).
(function () {
  "use strict";
  var formatter = new Intl.NumberFormat("fa-IR", { maximumFractionDigits: 2 });
  function persian(n) {
    if (n === null || n === undefined || n === "" || isNaN(Number(n))) return "—";
    return formatter.format(Number(n));
  }
  window.kanoonNumber = window.kanoonNumber || persian;
  function draw() {
    var holder = document.getElementById("trend-data");
    var canvas = document.getElementById("trend-chart");
    if (!holder || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(holder.textContent);
    var select = document.getElementById("trend-indicator");
    Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";
    var chart = new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: [] },
      options: {
        locale: "fa-IR",
        layout: { padding: { left: 24 } },
        animation: false,
        spanGaps: true,
        plugins: {
          legend: { display: false },
          tooltip: {
            rtl: true,
            textDirection: "rtl",
            callbacks: {
              label: function (c) {
                return (c.dataset.label ? c.dataset.label + ": " : "") + persian(c.parsed.y);
              },
            },
          },
        },
        scales: {
          x: { reverse: true },
          y: { position: "right", beginAtZero: true, ticks: { callback: function (value) { return persian(value); } } },
        },
      },
    });
    function show(index) {
      var series = data.series[index] || data.series[0];
      if (!series) return;
      chart.data.datasets = [{ label: series.name, data: series.values, borderColor: "#198754", backgroundColor: "rgba(25,135,84,.15)", fill: true, tension: 0.25 }];
      chart.update();
    }
    show(select ? Number(select.value) : 0);
    if (select) select.addEventListener("change", function () { show(Number(select.value)); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
