// Monitoring dashboard: the quarterly trend chart (Chart.js, self-hosted).
(function () {
  "use strict";
  function persian(n) {
    if (n === null || n === undefined) return "—";
    return n.toLocaleString("fa-IR");
  }
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
        plugins: { legend: { display: false }, tooltip: { rtl: true, callbacks: { label: function (c) { return persian(c.parsed.y); } } } },
        scales: { x: { reverse: true }, y: { position: "right", beginAtZero: true, ticks: { callback: persian } } },
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
