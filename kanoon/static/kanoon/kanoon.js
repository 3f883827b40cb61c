/* Kanoon: small page helpers. Date inputs marked data-jdp get the Jalali date picker. */
(function () {
  function start() {
    if (window.jalaliDatepicker) {
      jalaliDatepicker.startWatch({ persianDigits: true, autoReadOnlyInput: false, time: false, zIndex: 2000 });
    }
  }
  document.addEventListener("DOMContentLoaded", start);
  /* unit picker: a result button fills the hidden input next to the search box */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pick-unit]");
    if (!button) return;
    event.preventDefault();
    var box = button.closest("[data-unit-picker]");
    box.querySelector("input[type=hidden]").value = button.dataset.pickUnit;
    box.querySelector("[data-picked]").textContent = button.dataset.label;
    box.querySelector(".search-results").innerHTML = "";
  });
  document.body && document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) event.detail.headers["X-CSRFToken"] = token.content;
  });
})();
