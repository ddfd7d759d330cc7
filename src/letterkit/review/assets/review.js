// letterkit review page: pick a line, give it another zone, save the corrections as a JSON file.
// No network: the data is in the page, the file is offered for download (or posted to the local
// `letterkit show --serve` server when the page came from it).
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("review-data").textContent);
  var zones = data.zones;
  var byIndex = {};
  data.lines.forEach(function (line) { byIndex[line.index] = line; });
  var selected = null;
  var select = document.getElementById("zone-select");
  var chosen = document.getElementById("chosen-line");
  var count = document.getElementById("corrected-count");

  function elementsOf(index) {
    return document.querySelectorAll('[data-line="' + index + '"]');
  }
  function paint(index) {
    var line = byIndex[index];
    elementsOf(index).forEach(function (el) {
      zones.forEach(function (z) { el.classList.remove("z-" + z); });
      el.classList.add("z-" + line.zone);
      el.classList.toggle("corrected", line.zone !== line.read_zone);
      el.setAttribute("data-zone", line.zone);
      el.title = line.zone + (line.zone !== line.read_zone ? " (was " + line.read_zone + ")" : "") + ": " + line.text;
      var tag = el.querySelector(".tag");
      if (tag) { tag.textContent = line.zone; }
    });
  }
  function corrected() {
    return data.lines.filter(function (l) { return l.zone !== l.read_zone; });
  }
  function choose(index) {
    if (selected !== null) { elementsOf(selected).forEach(function (el) { el.classList.remove("selected"); }); }
    selected = index;
    elementsOf(index).forEach(function (el) { el.classList.add("selected"); });
    chosen.textContent = byIndex[index].text || "(image)";
    select.value = byIndex[index].zone;
    select.disabled = false;
  }
  document.querySelectorAll("[data-line]").forEach(function (el) {
    el.addEventListener("click", function () { choose(Number(el.getAttribute("data-line"))); });
  });
  select.addEventListener("change", function () {
    if (selected === null) { return; }
    byIndex[selected].zone = select.value;
    paint(selected);
    count.textContent = corrected().length + " line(s) changed";
  });
  function corrections() {
    var labels = {}, texts = {};
    data.lines.forEach(function (l) { labels[l.index] = l.zone; texts[l.index] = l.text; });
    return {
      format: "letterkit-corrections",
      version: 1,
      source: data.name,
      path: data.path,
      sha256: data.sha256,
      letterkit: data.letterkit,
      labels: labels,
      texts: texts,
      corrected: corrected().map(function (l) { return l.index; })
    };
  }
  document.getElementById("save").addEventListener("click", function () {
    var text = JSON.stringify(corrections(), null, 1);
    if (location.protocol === "http:" && (location.hostname === "127.0.0.1" || location.hostname === "localhost")) {
      fetch("corrections/" + encodeURIComponent(data.corrections_name), { method: "PUT", body: text })
        .then(function (r) { count.textContent = r.ok ? "saved to the review folder" : "saving failed: " + r.status; });
      return;
    }
    var blob = new Blob([text], { type: "application/json" });
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = data.corrections_name;
    document.body.appendChild(a);
    a.click();
    a.remove();
  });
})();
