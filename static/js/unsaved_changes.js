// Warn before leaving a change form with unsaved edits. Submitting the form
// (any of its save buttons) is not leaving. Without JavaScript the form works
// the same, without the warning.
(function () {
  "use strict";
  var form = document.querySelector("#content-main form");
  if (!form) {
    return;
  }
  var dirty = false;
  var markDirty = function () {
    dirty = true;
  };
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
