/* medcodes: typeahead (ARIA 1.2 combobox + listbox), filter chips, copy button.
   Progressive enhancement only: every page works without this file. No dependencies. */
(function () {
  "use strict";

  var DEBOUNCE_MS = 120;

  function typeahead(form) {
    var input = form.querySelector('input[role="combobox"]');
    var list = form.querySelector('[role="listbox"]');
    var status = form.querySelector('[role="status"]');
    if (!input || !list) return;
    var items = [];
    var active = -1;
    var timer = 0;
    var seq = 0;
    var controller = null;
    var labels = {};
    (form.getAttribute("data-labels") || "").split(";").forEach(function (pair) {
      var at = pair.indexOf("=");
      if (at > 0) labels[pair.slice(0, at)] = pair.slice(at + 1);
    });

    function systems() {
      return Array.prototype.map.call(
        form.querySelectorAll('input[name="system"]:checked'), function (el) { return el.value; });
    }

    function open() {
      if (!items.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function select(i) {
      var options = list.querySelectorAll('[role="option"]');
      if (active >= 0 && options[active]) options[active].setAttribute("aria-selected", "false");
      active = i;
      if (i >= 0 && options[i]) {
        options[i].setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(i) {
      if (items[i]) window.location.href = items[i].href;
    }

    function render(data) {
      items = (data.items || []).map(function (it) {
        return { href: "/code/" + encodeURIComponent(it.system) + "/" + encodeURIComponent(it.code),
                 item: it };
      });
      list.textContent = "";
      items.forEach(function (entry, i) {
        var li = document.createElement("li");
        li.id = list.id + "-opt-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.href = entry.href;
        var code = document.createElement("span");
        code.className = "code";
        code.textContent = entry.item.code;
        var title = document.createElement("span");
        title.className = "suggest__title";
        title.innerHTML = entry.item.snippet || ""; // server-escaped text with <mark> only
        var sys = document.createElement("span");
        sys.className = "sys";
        sys.textContent = labels[entry.item.system] || entry.item.system;
        li.appendChild(code); li.appendChild(title); li.appendChild(sys);
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); });
        li.addEventListener("click", function () { go(i); });
        list.appendChild(li);
      });
      active = -1;
      if (status) {
        status.textContent = items.length
          ? items.length + " suggestion" + (items.length === 1 ? "" : "s") + ". Use the up and down arrows to choose."
          : "No suggestions.";
      }
      if (document.activeElement === input) open();
    }

    function fetchSuggestions() {
      var q = input.value;
      if (!q.trim()) { items = []; list.textContent = ""; close(); return; }
      var mine = ++seq;
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var params = new URLSearchParams({ q: q });
      systems().forEach(function (s) { params.append("system", s); });
      fetch("/api/v1/suggest?" + params.toString(), {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { if (mine === seq) render(data); })
        .catch(function () { /* aborted or offline: keep the plain form */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DEBOUNCE_MS);
    });

    input.addEventListener("keydown", function (ev) {
      var expanded = !list.hidden;
      switch (ev.key) {
        case "ArrowDown":
          ev.preventDefault();
          if (!expanded) { open(); if (items.length) select(0); return; }
          select(active + 1 >= items.length ? 0 : active + 1);
          break;
        case "ArrowUp":
          ev.preventDefault();
          if (!expanded) { open(); if (items.length) select(items.length - 1); return; }
          select(active - 1 < 0 ? items.length - 1 : active - 1);
          break;
        case "Enter":
          if (expanded && active >= 0) { ev.preventDefault(); go(active); }
          break;
        case "Escape":
          if (expanded) { ev.preventDefault(); close(); }
          else if (input.value) { ev.preventDefault(); input.value = ""; items = []; }
          break;
        case "Tab":
          close();
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("focus", function () { if (items.length && input.value.trim()) open(); });

    form.addEventListener("change", function (ev) {
      if (ev.target && ev.target.name === "system") {
        if (form.classList.contains("search--big") || !input.value.trim()) { fetchSuggestions(); return; }
        form.submit();
      }
    });
  }

  function copyButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy]"), function (btn) {
      btn.hidden = false;
      var label = btn.textContent;
      btn.addEventListener("click", function () {
        var text = btn.getAttribute("data-copy");
        var done = function () {
          btn.textContent = "Copied";
          btn.classList.add("is-done");
          window.setTimeout(function () { btn.textContent = label; btn.classList.remove("is-done"); }, 1500);
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(text); done(); });
        } else {
          fallbackCopy(text);
          done();
        }
      });
    });
  }

  function fallbackCopy(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "absolute";
    area.style.left = "-9999px";
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); } catch (e) { /* nothing more to try */ }
    document.body.removeChild(area);
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-typeahead]"), typeahead);
    copyButtons();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
