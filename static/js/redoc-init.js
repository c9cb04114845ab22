// Starts ReDoc on /api/redoc/ with the page's CSP nonce, so the styles ReDoc
// injects are allowed by the Content-Security-Policy (no 'unsafe-inline').
(function () {
  "use strict";
  // The docs load nothing from elsewhere: ReDoc's side menu shows a logo from
  // its vendor's CDN, which the CSP would block (with a console error). Give
  // images from other sites an empty picture instead.
  var blank = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";
  function local(value) {
    var url = new URL(String(value), document.baseURI);
    var elsewhere = /^https?:$/.test(url.protocol) && url.origin !== location.origin;
    return elsewhere ? blank : value;
  }
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src") {
      value = local(value);
    }
    return setAttribute.call(this, name, value);
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true,
    enumerable: src.enumerable,
    get: src.get,
    set: function (value) {
      src.set.call(this, local(value));
    },
  });
  var script = document.currentScript;
  Redoc.init(
    script.dataset.schemaUrl,
    { nonce: script.nonce },
    document.getElementById("redoc-container")
  );
})();
