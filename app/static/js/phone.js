/* The phone page, when JavaScript runs: sends the keyword through the JSON API so that a flaky Wi-Fi never
   loses or doubles it. The phone keeps its client id; each keyword attempt keeps one submission id across
   retries, so the server counts it once. A keyword typed while the phone is offline is kept on the phone
   (localStorage, with its submission id) and sent when the connection comes back - also after the page is
   opened again; until then the phone says it is waiting for the network. Without JavaScript the same form
   posts as a normal page. */
(function () {
  "use strict";
  var form = document.getElementById("keyword-form");
  if (!form || !window.fetch || !window.JSON) { return; }
  var input = form.querySelector("input[name=text]");
  var button = document.getElementById("keyword-send");
  var errorBox = document.getElementById("text-error");
  var buttonLabel = button.textContent;

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function storedClientId() {
    try {
      var id = localStorage.getItem("pdz_client_id") || form.getAttribute("data-client-id") || uuid4();
      localStorage.setItem("pdz_client_id", id);
      return id;
    } catch (e) {   // private mode: the cookie the page set still identifies the phone
      return form.getAttribute("data-client-id") || uuid4();
    }
  }

  var clientId = storedClientId();
  document.cookie = "pdz_client=" + clientId + "; path=/; max-age=2592000; samesite=lax";
  var attempt = null;   // {text, id}: the same text sent again is a retry of the same submission

  function showError(message) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    input.setAttribute("aria-invalid", "true");
    input.focus();
  }

  function busy(on) {
    button.disabled = on;
    button.textContent = on ? form.getAttribute("data-msg-sending") : buttonLabel;
  }

  function send(tries) {
    return fetch(form.getAttribute("data-api"), {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify({text: attempt.text, client_id: clientId, submission_id: attempt.id})
    }).then(function (response) {
      if (response.status >= 500 && tries > 1) { return wait(tries).then(function () { return send(tries - 1); }); }
      return response.json().then(function (data) { return {status: response.status, data: data}; });
    }, function () {
      if (tries > 1) { return wait(tries).then(function () { return send(tries - 1); }); }
      throw new Error("network");
    });
  }

  function wait(tries) {
    return new Promise(function (resolve) { setTimeout(resolve, (4 - tries) * 1000); });
  }

  // ---- kept on the phone while the network is away ----
  var waitingBox = document.getElementById("keyword-waiting");
  var storeKey = "pdz_pending_" + form.getAttribute("data-code");
  var retryTimer = null;

  function keep() {
    try { localStorage.setItem(storeKey, JSON.stringify(attempt)); } catch (e) { /* kept in memory only */ }
  }

  function forget() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* nothing kept */ }
  }

  function kept() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "null"); } catch (e) { return null; }
  }

  function waitForNetwork() {
    keep();
    errorBox.hidden = true;
    input.setAttribute("aria-invalid", "false");
    input.readOnly = true;
    button.disabled = true;
    button.textContent = form.getAttribute("data-msg-waiting-button");
    waitingBox.textContent = form.getAttribute("data-msg-waiting");
    waitingBox.hidden = false;
    clearTimeout(retryTimer);
    retryTimer = setTimeout(trySending, 5000);
  }

  function stopWaiting() {
    clearTimeout(retryTimer);
    waitingBox.hidden = true;
    input.readOnly = false;
  }

  function answered(result) {
    forget();
    stopWaiting();
    if (result.status === 200 || result.status === 201) {
      var pending = result.data.keyword && result.data.keyword.status === "pending";
      window.location.assign(form.getAttribute("data-thanks") + (pending ? "?pending=1" : ""));
      return;
    }
    busy(false);
    if (result.data && result.data.error !== "text_empty" && result.data.error !== "text_too_long" &&
        result.data.error !== "blocked_word") { attempt = null; }
    showError((result.data && result.data.message) || form.getAttribute("data-msg-network"));
  }

  function trySending() {
    if (!attempt) { return; }
    if (navigator.onLine === false) { waitForNetwork(); return; }
    busy(true);
    send(3).then(answered, waitForNetwork);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (button.disabled) { return; }
    var text = input.value;
    if (!attempt || attempt.text !== text) { attempt = {text: text, id: uuid4()}; }
    trySending();
  });
  window.addEventListener("online", function () { if (attempt && !waitingBox.hidden) { trySending(); } });

  var left = kept();                  // typed offline before the page was closed: send it now
  if (left && left.text && left.id) {
    attempt = left;
    input.value = left.text;
    trySending();
  }
})();
