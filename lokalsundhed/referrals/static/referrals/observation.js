// The observation form on a phone. Loaded with `defer`; no inline script anywhere (CSP).
// - Ticking a sign of danger shows what to do now right under it (the server shows it too after
//   a submit); unticking hides it again.
// - Once an address is chosen, the other address cards close, with a button to choose another;
//   without this script every card stays open.
(function () {
  "use strict";

  function updateDanger(box) {
    var advice = document.querySelector('[data-danger-for="' + box.id + '"]');
    if (advice) advice.hidden = !box.checked;
  }

  function results() {
    return document.getElementById("dwelling-results");
  }

  function collapseAddresses() {
    var list = results();
    if (!list) return;
    var chosen = list.querySelector("input[name=dwelling]:checked");
    var cards = list.querySelectorAll(".form-group-radio");
    for (var i = 0; i < cards.length; i++) {
      cards[i].hidden = Boolean(chosen) && !cards[i].contains(chosen);
    }
    var again = list.querySelector(".dwelling-again");
    if (chosen && cards.length > 1 && !again) {
      again = document.createElement("button");
      again.type = "button";
      again.className = "function-link dwelling-again";
      again.textContent = list.getAttribute("data-again-label") || "";
      list.appendChild(again);
    }
    if (again) again.hidden = !chosen || cards.length < 2;
  }

  function expandAddresses() {
    var list = results();
    if (!list) return;
    var cards = list.querySelectorAll(".form-group-radio");
    for (var i = 0; i < cards.length; i++) cards[i].hidden = false;
    var again = list.querySelector(".dwelling-again");
    if (again) again.hidden = true;
    var chosen = list.querySelector("input[name=dwelling]:checked");
    if (chosen) chosen.focus();
  }

  function start() {
    var boxes = document.querySelectorAll("[data-danger] input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) {
      boxes[i].setAttribute("aria-controls", boxes[i].id + "_now");
      updateDanger(boxes[i]);
    }
    collapseAddresses();
  }

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (!target || !target.matches) return;
    if (target.matches("[data-danger] input[type=checkbox]")) updateDanger(target);
    if (target.matches("#dwelling-results input[name=dwelling]")) collapseAddresses();
  });

  document.addEventListener("click", function (event) {
    if (event.target && event.target.matches && event.target.matches(".dwelling-again")) expandAddresses();
  });

  // New search results arrive by htmx: open them all (the user is choosing again).
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail && event.detail.elt === results()) collapseAddresses();
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
