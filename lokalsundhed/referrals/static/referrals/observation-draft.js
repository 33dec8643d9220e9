// The observation form survives a lost connection (caretakers work in basements and stairwells):
// - while it is written, the draft is kept in this browser's localStorage — never a text that
//   looks like a CPR number (the rule of core/validators.py, checked here before storing);
// - when the connection goes, an alert says so; a report sent meanwhile waits and goes by itself
//   when the connection is back;
// - the form's key (a hidden field, made by the server with the form) is kept with the draft, so
//   the server files a report sent twice only once;
// - an empty form keeps no draft, and a form the server shows again is never "brought back";
// - the receipt page forgets the draft of the form it acknowledges.
// Loaded with `defer`; no inline script anywhere (CSP).
(function () {
  "use strict";

  var PREFIX = "lokalsundhed.observation-draft.";
  var MAX_AGE_MS = 24 * 60 * 60 * 1000; // an old draft is dropped rather than sent by surprise
  var TEXTS = ["q", "resident_first_name", "description", "legal_basis_reason"];
  var CHOICES = ["dwelling", "consent", "legal_basis"];

  function store() {
    try {
      return window.localStorage;
    } catch (e) {
      return null; // storage refused (private mode, policy): the form still works, without a draft
    }
  }

  function read(owner) {
    var storage = store();
    if (!storage || !owner) return null;
    try {
      var draft = JSON.parse(storage.getItem(PREFIX + owner) || "null");
      if (draft && Date.now() - draft.savedAt < MAX_AGE_MS) return draft;
    } catch (e) { /* a damaged draft is dropped below */ }
    storage.removeItem(PREFIX + owner);
    return null;
  }

  function write(owner, draft) {
    var storage = store();
    if (!storage || !owner) return;
    try {
      storage.setItem(PREFIX + owner, JSON.stringify(draft));
    } catch (e) { /* full: keep working without a draft */ }
  }

  function forget(owner) {
    var storage = store();
    if (storage && owner) storage.removeItem(PREFIX + owner);
  }

  // --- The CPR rule, as core/validators.py applies it ---------------------------------------
  // Digits however they are grouped: spaces of every kind, every dash and hyphen, dots and
  // slashes between them are ignored; ten digits (not part of a longer number) whose first six
  // are a real date DDMMYY look like a CPR number.
  var SEPARATOR = "[\\s\\u00a0\\u2000-\\u200b\\u202f\\u205f\\u3000\\-\\u2010-\\u2015\\u2212\\ufe58\\ufe63\\uff0d./]";
  var DIGIT_RUN = new RegExp("\\d(?:" + SEPARATOR + "*\\d)*", "g");
  var SEPARATORS = new RegExp(SEPARATOR, "g");

  function isRealDate(day, month, year2) {
    for (var century = 1900; century <= 2000; century += 100) {
      var date = new Date(century + year2, month - 1, day);
      if (date.getFullYear() === century + year2 && date.getMonth() === month - 1 && date.getDate() === day) {
        return true;
      }
    }
    return false;
  }

  function looksLikeCpr(text) {
    if (!text) return false;
    var normal = text.normalize ? text.normalize("NFKC") : text;
    var runs = normal.match(DIGIT_RUN) || [];
    for (var i = 0; i < runs.length; i++) {
      var digits = runs[i].replace(SEPARATORS, "");
      if (digits.length !== 10) continue;
      if (isRealDate(+digits.slice(0, 2), +digits.slice(2, 4), +digits.slice(4, 6))) return true;
    }
    return false;
  }

  // --- The form --------------------------------------------------------------------------------

  function field(form, name) {
    return form.elements.namedItem(name);
  }

  function checkedValue(form, name) {
    var checked = form.querySelector("input[name='" + name + "']:checked");
    return checked ? checked.value : "";
  }

  function snapshot(form) {
    var draft = { savedAt: Date.now(), texts: {}, choices: {}, signs: [] };
    var key = field(form, "idempotency_key");
    draft.key = key ? key.value : "";
    TEXTS.forEach(function (name) {
      var input = field(form, name);
      // A text that looks like a CPR number is never stored: the field is left out of the draft.
      if (input && input.value && !looksLikeCpr(input.value)) draft.texts[name] = input.value;
    });
    CHOICES.forEach(function (name) {
      var value = checkedValue(form, name);
      if (value) draft.choices[name] = value;
    });
    form.querySelectorAll("input[name='signs']:checked").forEach(function (box) {
      draft.signs.push(box.value);
    });
    return draft;
  }

  function isEmpty(form) {
    var draft = snapshot(form);
    return !Object.keys(draft.texts).length && !Object.keys(draft.choices).length && !draft.signs.length;
  }

  function check(form, name, value) {
    var input = form.querySelector("input[name='" + name + "'][value='" + String(value).replace(/'/g, "") + "']");
    if (input) input.checked = true;
    return input;
  }

  function restore(form, draft) {
    var key = field(form, "idempotency_key");
    if (key && draft.key) key.value = draft.key; // the same form: sent again, it is filed once
    Object.keys(draft.texts || {}).forEach(function (name) {
      var input = field(form, name);
      if (input) input.value = draft.texts[name];
    });
    var changed = null;
    (draft.signs || []).forEach(function (value) { changed = check(form, "signs", value) || changed; });
    ["consent", "legal_basis"].forEach(function (name) {
      if (draft.choices && draft.choices[name]) changed = check(form, name, draft.choices[name]) || changed;
    });
    if (draft.choices && draft.choices.legal_basis) {
      var details = form.querySelector("details.legal-basis");
      if (details) details.open = true;
    }
    // The chosen address is one of the search's answers: search again, with it chosen.
    var query = draft.texts && draft.texts.q;
    if (query && window.htmx && form.dataset.searchUrl) {
      var csrf = field(form, "csrfmiddlewaretoken");
      window.htmx.ajax("POST", form.dataset.searchUrl, {
        target: "#dwelling-results",
        values: {
          q: query,
          dwelling: (draft.choices && draft.choices.dwelling) || "",
          csrfmiddlewaretoken: csrf ? csrf.value : "",
        },
      });
    }
    // Let the page show where it goes and the guidance for the restored signs.
    if (changed) changed.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function show(state) {
    document.querySelectorAll("#connection-status [data-connection]").forEach(function (alert) {
      alert.hidden = alert.getAttribute("data-connection") !== state;
    });
  }

  function startForm(form) {
    var owner = form.dataset.draftOwner;
    var waiting = false;
    var sendButton = form.querySelector("button[name='send']");

    // A form the server shows again (errors, preview) holds what was just sent: nothing to bring back.
    var draft = form.hasAttribute("data-bound") ? null : read(owner);
    if (draft && isEmpty(form)) {
      restore(form, draft);
      show("restored");
    }
    // An empty form is no draft: one kept would later be "brought back" with nothing in it.
    var save = function () {
      if (isEmpty(form)) forget(owner);
      else write(owner, snapshot(form));
    };
    form.addEventListener("input", save);
    form.addEventListener("change", save);
    // htmx swaps in the address answers: a chosen address is saved when it is ticked (change).

    form.addEventListener("submit", function (event) {
      save();
      if (navigator.onLine) return;
      event.preventDefault();
      var submitter = event.submitter;
      if (submitter && submitter.name === "send") {
        waiting = true;
        show("waiting");
      } else {
        show("offline");
      }
    });

    window.addEventListener("offline", function () {
      show(waiting ? "waiting" : "offline");
    });
    window.addEventListener("online", function () {
      if (!waiting) {
        show("");
        return;
      }
      waiting = false;
      show("sending");
      if (form.requestSubmit && sendButton) {
        form.requestSubmit(sendButton);
      } else if (sendButton) {
        sendButton.click();
      }
    });
    if (!navigator.onLine) show("offline");
  }

  function start() {
    // The receipt: the draft of the form it acknowledges is no longer needed.
    var filed = document.querySelector("[data-observation-filed]");
    if (filed) {
      var owner = filed.getAttribute("data-draft-owner");
      var draft = read(owner);
      if (draft && draft.key === filed.getAttribute("data-observation-filed")) forget(owner);
    }
    var form = document.querySelector("form.observation-form[data-draft-owner]");
    if (form) startForm(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
