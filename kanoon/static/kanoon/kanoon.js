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
  /* No inline script or handler anywhere (Content-Security-Policy script-src 'self'):
     <select data-autosubmit> submits its form on change; <form data-autosubmit="a b"
     data-autosubmit-clears="c"> submits when field a or b changes, emptying field c first;
     <form data-confirm="question"> asks before it submits. */
  document.addEventListener("change", function (event) {
    var field = event.target;
    var form = field.form;
    if (!form) return;
    var names = (form.dataset.autosubmit || "").split(" ");
    if (!field.hasAttribute("data-autosubmit") && names.indexOf(field.name) < 0) return;
    (form.dataset.autosubmitClears || "").split(" ").forEach(function (name) {
      if (name && form.elements[name]) form.elements[name].value = "";
    });
    form.submit();
  });
  document.addEventListener("submit", function (event) {
    var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });
  document.body && document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("meta[name=csrf-token]");
    if (token) event.detail.headers["X-CSRFToken"] = token.content;
  });
})();
