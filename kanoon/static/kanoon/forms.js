/* Kanoon forms: after a refused submit, every error is tied to its field and focus goes to the
   first one (issue 10, point 5).

   The server marks a field with errors: class `is-invalid`, aria-invalid="true" and
   aria-describedby="<id>_error" (kanoon.core.forms.BoundField); the shared field template gives
   the error text that id. This file
     1. ties an error text that a hand-written template rendered without the id to its field
        (the `.invalid-feedback` in the same block), and marks the field if the template did not;
     2. moves focus to the first invalid field of the page — or, when a form's only errors are
        about the form as a whole, to that form's error box — and scrolls it into view.
   Loaded on every page from base.html (CSP: no inline script). */
(function () {
  "use strict";

  var FIELD = "input:not([type=hidden]), select, textarea";

  function errorBlockFor(field) {
    var block = field.closest(".mb-3, .col, [class*='col-'], fieldset, td, .form-check") || field.parentElement;
    return block ? block.querySelector(".invalid-feedback, .errorlist") : null;
  }

  function tieErrors(root) {
    root.querySelectorAll(".invalid-feedback, .errorlist").forEach(function (feedback) {
      var block = feedback.closest(".mb-3, fieldset, td, .form-check") || feedback.parentElement;
      if (!block) return;
      var field = block.querySelector(FIELD);
      if (!field || !field.id || errorBlockFor(field) !== feedback) return;
      if (!feedback.id) feedback.id = field.id + "_error";
      var described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      if (described.indexOf(feedback.id) === -1) {
        described.push(feedback.id);
        field.setAttribute("aria-describedby", described.join(" "));
      }
      field.setAttribute("aria-invalid", "true");
      field.classList.add("is-invalid");
    });
  }

  function firstError(root) {
    var field = root.querySelector("form [aria-invalid=true], form .is-invalid");
    if (field && field.matches(FIELD)) return field;
    var box = root.querySelector("form .alert-danger[role=alert]");
    if (box) {
      if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "-1");
      return box;
    }
    return null;
  }

  function focusFirstError(root) {
    root = root || document;
    tieErrors(root);
    var target = firstError(root);
    if (!target) return false;
    if (target.type === "hidden" || target.offsetParent === null) {
      // a hidden value (e.g. the unit picker's id): focus the visible control beside it
      var block = target.closest(".mb-3") || target.parentElement;
      var visible = block && block.querySelector("input:not([type=hidden]), select, textarea, button");
      if (visible) target = visible;
    }
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    return true;
  }

  window.kanoonFocusFirstError = focusFirstError;

  function start() {
    focusFirstError(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // a form swapped in by htmx (e.g. a dialog's form answered with its errors)
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.querySelector && event.target.querySelector("form")) {
      focusFirstError(event.target);
    }
  });
})();
