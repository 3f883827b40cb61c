/* Kanoon: small page helpers. Date inputs marked data-jdp get the Jalali date picker. */
(function () {
  /* ---- Jalali date picker (static/vendor/jalalidatepicker, unmodified). The field keeps Persian
     digits: the picker reads and writes Latin ones, so while it opens the field holds the Latin
     form for an instant and gets its own text back; a picked date (or «امروز») is written back
     in Persian digits. An empty field with data-jdp-years-ago="30" (birth dates) opens that
     many years back. On phones the picker is a sheet at the bottom with a close button; the page
     stays tappable and the field is scrolled to just above the sheet. */
  var FA = "۰۱۲۳۴۵۶۷۸۹";
  var AR = "٠١٢٣٤٥٦٧٨٩";
  var DATE = /^\s*(\d{4})\s*[\/\-.]\s*(\d{1,2})\s*[\/\-.]\s*(\d{1,2})\s*$/;
  var PHONE = "(max-width: 481px)";  /* the picker's own bottom-sheet breakpoint */
  var opened = null;

  function toLatin(text) {
    return String(text).replace(/[۰-۹٠-٩]/g, function (d) {
      var i = FA.indexOf(d);
      return String(i >= 0 ? i : AR.indexOf(d));
    });
  }
  function toPersian(text) {
    return String(text).replace(/[0-9]/g, function (d) { return FA.charAt(+d); });
  }
  function pad(n) { return (n < 10 ? "0" : "") + n; }
  function jalaliToday() {
    var parts = {};
    new Intl.DateTimeFormat("en-u-ca-persian-nu-latn", { year: "numeric", month: "numeric", day: "numeric" })
      .formatToParts(new Date()).forEach(function (p) { parts[p.type] = parseInt(p.value, 10); });
    return parts;
  }
  function startValue(input) {
    var match = DATE.exec(toLatin(input.value));
    if (match) return match[1] + "/" + pad(+match[2]) + "/" + pad(+match[3]);
    var back = parseInt(input.getAttribute("data-jdp-years-ago"), 10);
    if (!input.value.trim() && back > 0) {
      var today = jalaliToday();
      return (today.year - back) + "/" + pad(today.month) + "/" + pad(Math.min(today.day, 29));
    }
    return null;
  }
  function sheet() { return document.querySelector("jdp-container"); }
  function nameControls(container) {  /* the picker's own year and month lists get names */
    [[".jdp-year select", "سال"], [".jdp-month select", "ماه"]].forEach(function (pair) {
      var select = container.querySelector(pair[0]);
      if (select && !select.hasAttribute("aria-label")) select.setAttribute("aria-label", pair[1]);
    });
  }
  function watchSheet(container) {
    if (!container || container.dataset.kanoonWatched) return;
    container.dataset.kanoonWatched = "1";
    container.setAttribute("role", "dialog");
    container.setAttribute("aria-label", "انتخاب تاریخ");
    new MutationObserver(function () {
      if (container.style.display === "none") {
        document.body.classList.remove("jdp-open");
        opened = null;
      }
    }).observe(container, { attributes: true, attributeFilter: ["style"] });
    new MutationObserver(function () { nameControls(container); }).observe(container, { childList: true, subtree: true });
  }
  function openPicker(input) {
    if (!window.jalaliDatepicker) return;
    var typed = input.value;
    var start = startValue(input);
    var from = input.selectionStart, to = input.selectionEnd, way = input.selectionDirection;
    if (start !== null) input.value = start;
    try {
      jalaliDatepicker.show(input);
    } finally {
      if (input.value !== typed) {
        input.value = typed;
        if (from !== null) input.setSelectionRange(from, to, way || "none");  /* caret or selection as it was */
      }
    }
    opened = input;
    var container = sheet();
    if (!container) return;
    watchSheet(container);
    nameControls(container);
    if (!typed.trim()) {  /* a start year is where the calendar opens, not a chosen day */
      Array.prototype.forEach.call(container.querySelectorAll(".selected"), function (day) {
        day.classList.remove("selected");
      });
    }
    if (window.matchMedia(PHONE).matches) {
      var height = container.offsetHeight;
      document.body.style.setProperty("--jdp-sheet", height + 16 + "px");
      document.body.classList.add("jdp-open");
      var box = input.getBoundingClientRect();
      var room = window.innerHeight - height - 12;
      var by = box.bottom > room ? box.bottom - room : box.top < 8 ? box.top - 8 : 0;
      if (by) window.scrollBy({ top: by, left: 0, behavior: "instant" });
    } else {  /* beside the field: scroll so that the whole calendar is on screen */
      var bottom = (parseFloat(container.style.top) || 0) + container.offsetHeight;  /* fixed: viewport px */
      if (bottom > window.innerHeight) window.scrollBy({ top: bottom - window.innerHeight + 8, left: 0, behavior: "instant" });
    }
  }
  function start() {
    if (!window.jalaliDatepicker) return;
    jalaliDatepicker.startWatch({
      persianDigits: true, autoShow: false, autoReadOnlyInput: false, time: false, zIndex: 2000,
      showCloseBtn: true, showTodayBtn: true, showEmptyBtn: true
    });
  }
  document.addEventListener("DOMContentLoaded", start);
  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target.matches && target.matches("input[data-jdp]")) {
      /* after the focus has settled, so that a selection made with it (select-all) is kept */
      if (!target.readOnly && !target.disabled) setTimeout(function () {
        if (document.activeElement === target && opened !== target) openPicker(target);
      }, 0);
    } else if (opened && !(target.closest && target.closest("jdp-container"))) {
      jalaliDatepicker.hide();  /* tabbing on to the next field closes the picker */
    }
  });
  document.addEventListener("click", function (event) {
    var input = event.target.closest && event.target.closest("input[data-jdp]");
    if (input && opened !== input && !input.readOnly && !input.disabled) openPicker(input);
  });
  document.addEventListener("input", function (event) {  /* a typed full date moves the calendar to it */
    var input = event.target;
    if (opened === input && DATE.test(toLatin(input.value))) openPicker(input);
  });
  document.addEventListener("jdp:change", function (event) {
    var input = event.target;
    if (input && typeof input.value === "string") input.value = toPersian(input.value);
  }, true);

  /* ---- A link to #something inside a closed <details> opens it (e.g. the tracker's strategies
     after «ثبت انجام» redirects to #s3). */
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    var holder = target.closest("details");
    if (!holder || holder.open) return;
    for (; holder; holder = holder.parentElement && holder.parentElement.closest("details")) holder.open = true;
    target.scrollIntoView();
  }
  document.addEventListener("DOMContentLoaded", openTarget);
  window.addEventListener("hashchange", openTarget);

  /* ---- Stacked tables: each cell of a <table class="table-stack"> is labelled with its
     column's header, shown before it when the table becomes cards on a phone (kanoon.css). */
  function labelTables(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("table.table-stack"), function (table) {
      var head = table.tHead && table.tHead.rows.length ? table.tHead.rows[table.tHead.rows.length - 1] : null;
      if (!head) return;
      var labels = [];
      Array.prototype.forEach.call(head.cells, function (cell) {
        var text = cell.hasAttribute("data-label") ? cell.getAttribute("data-label") : cell.textContent;
        text = text.replace(/\s+/g, " ").trim();
        for (var i = 0; i < cell.colSpan; i++) labels.push(text);
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var col = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = cell.colSpan === 1 ? labels[col] : "";
            if (label && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
            col += cell.colSpan;
          });
        });
      });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelTables(document); });
  document.addEventListener("htmx:afterSettle", function () { labelTables(document); });
  /* unit picker: a result button fills the hidden input next to the search box */
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-pick-unit]");
    if (!button) return;
    event.preventDefault();
    var box = button.closest("[data-unit-picker]");
    box.querySelector("input[type=hidden]").value = button.dataset.pickUnit;
    box.querySelector("[data-picked]").textContent = button.dataset.label;
    box.querySelector(".search-results").innerHTML = "";
    box.querySelector("input[type=search]").focus();  /* keyboard users land back in the box */
  });
  /* Enter in a unit picker's search box goes to its first result instead of submitting the form. */
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches("[data-unit-picker] input[type=search]")) return;
    event.preventDefault();
    var first = input.closest("[data-unit-picker]").querySelector("[data-pick-unit]");
    if (first) first.focus();
    else if (window.htmx) htmx.trigger(input, "search");
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
