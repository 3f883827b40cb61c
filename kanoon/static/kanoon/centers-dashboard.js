/* Centers dashboard: the quarterly trend chart (data in #trend-data). */
document.addEventListener("DOMContentLoaded", function () {
  var el = document.getElementById("trend"), data = document.getElementById("trend-data");
  if (!el || !data || !window.Chart) return;
  var d = JSON.parse(data.textContent);
  new Chart(el, {
    type: "line",
    data: { labels: d.labels, datasets: [
      { label: "اعضا", data: d.members, borderColor: "#0f7b5f", yAxisID: "y" },
      { label: "کانون‌ها", data: d.centers, borderColor: "#d9822b", yAxisID: "y1" }
    ] },
    options: { locale: "fa-IR", plugins: { legend: { rtl: true } }, scales: { y: { position: "right" }, y1: { position: "left", grid: { drawOnChartArea: false } } } }
  });
});
