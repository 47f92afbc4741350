/* Behaviour every page may use, driven by data- attributes, so that no page needs an inline script
   or an on… attribute (the Content-Security-Policy allows neither).  Listeners sit on the document,
   so markup that htmx swaps in later behaves the same.

   <form data-confirm="Question?">                 asks before sending; Cancel sends nothing
   <form data-confirm="…" data-confirm-if="decision=approve">   asks only when that field has that value
   <form data-once>                                 a double tap sends one request
   <button data-disable-on-submit>                  disabled once its form is sent
   <button data-print>                              prints the page
   <input type=checkbox data-check-all=".sel">      checks or clears the boxes .sel of its form
   <button data-check-all=".sel">                   checks them all
   <button data-fill-empty=".sel" data-fill-value="8">   fills the empty inputs .sel with 8
*/
(function () {
  "use strict";

  function scopeOf(element) {
    return element.form || element.closest("form") || document;
  }

  function confirmWanted(form) {
    var condition = form.getAttribute("data-confirm-if");
    if (!condition) return true;
    var parts = condition.split("=");
    var field = form.elements[parts[0]];
    return Boolean(field) && field.value === parts.slice(1).join("=");
  }

  // Capture phase: a cancelled confirmation stops the submit before any other listener (htmx's) sees it.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-confirm") || !confirmWanted(form)) return;
    if (!window.confirm(form.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-once")) {
      if (form.dataset.sent) { event.preventDefault(); return; }
      form.dataset.sent = "1";
    }
    var buttons = form.hasAttribute("data-once")
      ? form.querySelectorAll("button[type=submit], input[type=submit]")
      : form.querySelectorAll("[data-disable-on-submit]");
    if (!buttons.length) return;
    // Disabled after this tick: a button disabled now would drop the clicked button's name and value.
    setTimeout(function () {
      buttons.forEach(function (button) { button.disabled = true; });
    }, 0);
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-print], button[data-check-all], [data-fill-empty]");
    if (!target) return;
    if (target.hasAttribute("data-print")) {
      window.print();
    } else if (target.hasAttribute("data-check-all")) {
      scopeOf(target).querySelectorAll(target.getAttribute("data-check-all")).forEach(function (box) {
        box.checked = true;
      });
    } else {
      var value = target.getAttribute("data-fill-value");
      scopeOf(target).querySelectorAll(target.getAttribute("data-fill-empty")).forEach(function (input) {
        if (!input.value) input.value = value;
      });
    }
  });

  document.addEventListener("change", function (event) {
    var all = event.target;
    if (all.type !== "checkbox" || !all.hasAttribute("data-check-all")) return;
    scopeOf(all).querySelectorAll(all.getAttribute("data-check-all")).forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();

// #16 API tokens: a button with data-copy="<id>" copies that field's value (the secret shown once).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) return;
    field.select();
    var done = function () { button.textContent = button.getAttribute("data-copied") || button.textContent; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done);
    } else if (document.execCommand("copy")) {
      done();
    }
  });
})();
