// Starts the DKFDS components on page load and on every piece of HTML that htmx swaps in.
// Loaded with `defer` after dkfds.min.js and htmx.min.js; no inline script anywhere (CSP).
(function () {
  "use strict";

  // DKFDS builds its "more" menu with a Danish label; use the translated one from the page.
  function labelMoreMenu() {
    var nav = document.querySelector(".navigation-menu[data-more-label]");
    if (!nav) return;
    var labels = document.querySelectorAll(".navigation-menu .more-button > span");
    for (var i = 0; i < labels.length; i++) {
      labels[i].textContent = nav.getAttribute("data-more-label");
    }
  }

  function start(scope) {
    if (!window.DKFDS) return;
    if (scope === document) {
      window.DKFDS.init();
      labelMoreMenu();
      return;
    }
    // The header navigation belongs to the page, not to the swapped part: starting it again
    // would bind the menu button twice (open, then close at once) and add a second "more" menu.
    var Navigation = window.DKFDS.Navigation;
    var navigationInit = Navigation.prototype.init;
    Navigation.prototype.init = function () {};
    try {
      window.DKFDS.init({ scope: scope });
    } finally {
      Navigation.prototype.init = navigationInit;
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    var element = event.detail && event.detail.elt;
    if (!element || !element.isConnected) return;
    // A boosted page swaps the whole body, header included: start everything afresh.
    start(element === document.body ? document : element);
  });
})();
