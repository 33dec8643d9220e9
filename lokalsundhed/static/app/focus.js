// Moves focus to what a page marks with `data-focus-on-load` (the confirmation after a save), so
// that a person on a phone — or with a screen reader — lands on it rather than on the top of the
// page; also when htmx swaps in a part holding one. The element carries tabindex="-1". Loaded with
// `defer`; no inline script (CSP).
(function () {
  "use strict";

  function focusIn(scope) {
    var target = scope.querySelector("[data-focus-on-load]");
    if (!target) return;
    target.focus();
    if (target.scrollIntoView) target.scrollIntoView({ block: "nearest" });
  }

  focusIn(document);
  document.addEventListener("htmx:afterSettle", function (event) {
    focusIn(event.detail.elt || document);
  });
})();
